package org.asyncio4j.internal.net;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.internal.poll.Poller;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.BaseTransport;
import org.asyncio4j.transports.TransportSocket;
import org.asyncio4j.transports.WriteBufferLimits;

/**
 * What the socket transports share: closing, failing, write flow control and poller registration.
 * Counterpart of asyncio's {@code _SelectorTransport}.
 *
 * <p>Closing: {@link #close()} stops reading and, once the write buffer is empty, schedules
 * {@code connectionLost(null)}; {@link #forceClose} drops the buffer and schedules it at once. Either
 * way the protocol hears of it exactly once, on a later iteration, and the channel is closed after.
 */
abstract class SelectorTransport implements BaseTransport, Poller.IoHandler {
    static final Logger LOG = System.getLogger("org.asyncio4j");
    /** After this many writes to a lost connection, asyncio starts warning. */
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    final BaseEventLoop loop;
    final Poller poller;
    final SelectableChannel channel;
    final SocketAddress peername;
    final SocketAddress sockname;
    BaseProtocol protocol;

    /** The interest ops registered with the poller. */
    private int interest;
    /** Whether the protocol's connectionMade has run (reading starts then). */
    boolean started;
    boolean closing;
    /** Incremented when the connection is lost; counts the writes dropped afterwards. */
    int connLost;
    private boolean lostCalled;
    /** Bytes buffered, not yet sent. */
    int bufferSize;
    private WriteBufferLimits limits = WriteBufferLimits.DEFAULT;
    private boolean protocolPaused;

    <C extends SelectableChannel & NetworkChannel> SelectorTransport(BaseEventLoop loop, C channel, SocketAddress peername) {
        this.loop = loop;
        this.poller = loop.poller();
        this.channel = channel;
        this.peername = peername;
        SocketAddress local;
        try {
            local = channel.getLocalAddress();
        } catch (IOException e) {
            local = null;
        }
        this.sockname = local;
    }

    // ------------------------------------------------------------------ what subclasses decide

    /** Whether the transport wants to read now (started, not paused, not closing...). */
    abstract boolean wantsToRead();

    /** Drops the write buffer (abort or fatal error). */
    abstract void discardBuffer();

    /** Called after connectionLost, once the channel is closed. */
    void afterConnectionLost() {}

    // ------------------------------------------------------------------ interest

    /** Registers the interest ops the state calls for, if they changed. */
    final void updateInterest() {
        int want = 0;
        if (connLost == 0 && !lostCalled) {
            if (wantsToRead()) {
                want = java.nio.channels.SelectionKey.OP_READ;
            }
            if (bufferSize > 0) {
                want |= java.nio.channels.SelectionKey.OP_WRITE;
            }
        }
        if (want == interest || !channel.isOpen()) {
            return;
        }
        try {
            poller.register(channel, want, this);
            interest = want;
        } catch (IOException e) {
            fatalError(e, "Fatal error registering the socket with the event loop");
        }
    }

    /** Whether read readiness should be acted on (reading may have been paused since the poll). */
    final boolean readingRegistered() {
        return (interest & java.nio.channels.SelectionKey.OP_READ) != 0;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Whether a write of {@code length} bytes should go ahead: empty writes and writes after the
     * connection was lost are dropped (the latter with asyncio's warning after five).
     */
    final boolean acceptsWrite(int length) {
        if (length == 0) {
            return false;
        }
        if (connLost > 0) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                LOG.log(Level.WARNING, "socket.send() raised exception.");
            }
            connLost++;
            return false;
        }
        return true;
    }

    public final void setWriteBufferLimits(Integer high, Integer low) {
        limits = WriteBufferLimits.of(high, low);
        maybePauseProtocol();
    }

    public final WriteBufferLimits getWriteBufferLimits() {
        return limits;
    }

    public final int getWriteBufferSize() {
        return bufferSize;
    }

    final void maybePauseProtocol() {
        if (bufferSize <= limits.high() || protocolPaused) {
            return;
        }
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable t) {
            report("protocol.pause_writing() failed", t);
        }
    }

    final void maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= limits.low()) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable t) {
                report("protocol.resume_writing() failed", t);
            }
        }
    }

    // ------------------------------------------------------------------ closing

    @Override
    public final boolean isClosing() {
        return closing;
    }

    @Override
    public final void close() {
        if (closing) {
            return;
        }
        closing = true;
        updateInterest();
        if (bufferSize == 0) {
            connLost++;
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    public final void abort() {
        forceClose(null);
    }

    /**
     * Reports a failure (an I/O error at debug level, anything else to the exception handler) and
     * closes the transport at once.
     */
    final void fatalError(Throwable exc, String message) {
        if (Throwables.isFatal(exc)) {
            throw (Error) exc;
        }
        if (exc instanceof IOException) {
            LOG.log(Level.DEBUG, () -> this + ": " + message, exc);
        } else {
            report(message, exc);
        }
        forceClose(exc);
    }

    final void report(String message, Throwable t) {
        if (Throwables.isFatal(t)) {
            throw (Error) t;
        }
        loop.callExceptionHandler(ExceptionContext.of(message + " (transport: " + this + ")", t));
    }

    final void forceClose(Throwable exc) {
        if (connLost > 0) {
            return;
        }
        discardBuffer();
        bufferSize = 0;
        closing = true;
        connLost++;
        updateInterest();
        loop.callSoon(() -> callConnectionLost(exc));
    }

    /** Tells the protocol (once), then closes the channel. */
    final void callConnectionLost(Throwable exc) {
        if (lostCalled) {
            return;
        }
        lostCalled = true;
        try {
            protocol.connectionLost(exc);
        } catch (Throwable t) {
            report("Fatal error: protocol.connection_lost() call failed.", t);
        } finally {
            poller.unregister(channel);
            interest = 0;
            SocketServer.closeQuietly(channel);
            afterConnectionLost();
        }
    }

    /** Whether connectionLost has been called. */
    final boolean isClosed() {
        return lostCalled;
    }

    // ------------------------------------------------------------------ the rest of BaseTransport

    @Override
    public final Object getExtraInfo(String name, Object defaultValue) {
        Object v = switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> TransportSocket.of((NetworkChannel) channel);
            default -> null;
        };
        return v != null ? v : defaultValue;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    /** "closing"/"closed" for toString. */
    final String stateWord() {
        return lostCalled ? " closed" : closing ? " closing" : "";
    }
}
