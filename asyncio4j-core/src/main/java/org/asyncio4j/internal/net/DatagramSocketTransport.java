package org.asyncio4j.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Future;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.internal.poll.Poller;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.DatagramProtocol;
import org.asyncio4j.transports.DatagramTransport;
import org.asyncio4j.transports.TransportSocket;
import org.asyncio4j.transports.WriteBufferLimits;

/** The transport of a UDP endpoint: counterpart of asyncio's {@code _SelectorDatagramTransport}. */
final class DatagramSocketTransport implements DatagramTransport, Poller.IoHandler {
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    /** A queued datagram. */
    private record Pending(ByteBuffer data, SocketAddress address) {}

    private final BaseEventLoop loop;
    private final Poller poller;
    private final DatagramChannel channel;
    private final ByteBuffer readBuffer;
    /** The address the endpoint is connected to, or null. */
    private final SocketAddress remote;
    private final SocketAddress sockname;
    private DatagramProtocol protocol;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int bufferSize;
    private WriteBufferLimits limits = WriteBufferLimits.DEFAULT;
    private boolean protocolPaused;
    private int interest;
    private boolean started;
    private boolean closing;
    private int connLost;
    private boolean lostCalled;

    DatagramSocketTransport(BaseEventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress remote,
                            Future<Void> waiter) throws IOException {
        this.loop = loop;
        this.poller = loop.poller();
        this.channel = channel;
        this.readBuffer = NetContext.of(loop).readBuffer;
        this.remote = remote;
        this.sockname = channel.getLocalAddress();
        this.protocol = protocol;
        loop.callSoon(() -> {
            started = true;
            try {
                this.protocol.connectionMade(this);
            } catch (Throwable t) {
                fatalError(t, "Fatal error: protocol.connection_made() call failed.");
            }
            updateInterest();
            if (!waiter.isDone()) {
                waiter.setResult(null);
            }
        });
    }

    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            sendReady();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && (interest & SelectionKey.OP_READ) != 0) {
            readReady();
        }
    }

    private void readReady() {
        ByteBuffer rb = readBuffer;
        rb.clear();
        SocketAddress from;
        try {
            from = channel.receive(rb);
        } catch (IOException e) {
            errorReceived(e);
            return;
        }
        if (from == null) {
            return;
        }
        byte[] data = new byte[rb.position()];
        rb.flip();
        rb.get(data);
        try {
            protocol.datagramReceived(data, from);
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.datagram_received() call failed.");
        }
    }

    private void errorReceived(IOException e) {
        try {
            protocol.errorReceived(e);
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.error_received() call failed.");
        }
    }

    @Override
    public void sendto(byte[] data, SocketAddress address) {
        if (remote != null && address != null && !address.equals(remote)) {
            throw new IllegalArgumentException("Invalid address: must be null or " + remote + ", got " + address);
        }
        SocketAddress to = address != null ? address : remote;
        if (to == null) {
            throw new IllegalArgumentException("no address given and the endpoint is not connected");
        }
        if (connLost > 0) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                SocketTransport.LOG.log(Level.WARNING, "socket.send() raised exception.");
            }
            connLost++;
            return;
        }
        if (queue.isEmpty()) {
            try {
                if (send(ByteBuffer.wrap(data), to) || data.length == 0) {
                    return;
                }
            } catch (IOException e) {
                errorReceived(e);
                return;
            }
        }
        queue.addLast(new Pending(ByteBuffer.wrap(data.clone()), to));
        bufferSize += data.length;
        updateInterest();
        maybePauseProtocol();
    }

    /** Sends one datagram; false if the socket had no room for it. */
    private boolean send(ByteBuffer data, SocketAddress to) throws IOException {
        int before = data.remaining();
        int n = remote != null ? channel.write(data) : channel.send(data, to);
        return n > 0 || before == 0;
    }

    private void sendReady() {
        while (!queue.isEmpty()) {
            Pending p = queue.peekFirst();
            int size = p.data().remaining();
            try {
                if (!send(p.data(), p.address())) {
                    break;
                }
            } catch (IOException e) {
                queue.pollFirst();
                bufferSize -= size;
                errorReceived(e);
                return;
            }
            queue.pollFirst();
            bufferSize -= size;
        }
        maybeResumeProtocol();
        if (queue.isEmpty()) {
            updateInterest();
            if (closing) {
                callConnectionLost(null);
            }
        }
    }

    private void maybePauseProtocol() {
        if (bufferSize > limits.high() && !protocolPaused) {
            protocolPaused = true;
            try {
                protocol.pauseWriting();
            } catch (Throwable t) {
                report("protocol.pause_writing() failed", t);
            }
        }
    }

    private void maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= limits.low()) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable t) {
                report("protocol.resume_writing() failed", t);
            }
        }
    }

    private void updateInterest() {
        int want = 0;
        if (connLost == 0 && !lostCalled) {
            if (started && !closing) {
                want = SelectionKey.OP_READ;
            }
            if (!queue.isEmpty()) {
                want |= SelectionKey.OP_WRITE;
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

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        updateInterest();
        if (queue.isEmpty()) {
            connLost++;
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    private void fatalError(Throwable exc, String message) {
        if (Throwables.isFatal(exc)) {
            throw (Error) exc;
        }
        if (exc instanceof IOException) {
            SocketTransport.LOG.log(Level.DEBUG, () -> this + ": " + message, exc);
        } else {
            report(message, exc);
        }
        forceClose(exc);
    }

    private void report(String message, Throwable t) {
        if (Throwables.isFatal(t)) {
            throw (Error) t;
        }
        loop.callExceptionHandler(ExceptionContext.of(message + " (transport: " + this + ")", t));
    }

    private void forceClose(Throwable exc) {
        if (connLost > 0) {
            return;
        }
        queue.clear();
        bufferSize = 0;
        closing = true;
        connLost++;
        updateInterest();
        loop.callSoon(() -> callConnectionLost(exc));
    }

    private void callConnectionLost(Throwable exc) {
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
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public int getWriteBufferSize() {
        return bufferSize;
    }

    @Override
    public void setWriteBufferLimits(Integer high, Integer low) {
        limits = WriteBufferLimits.of(high, low);
        maybePauseProtocol();
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return limits;
    }

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Object v = switch (name) {
            case "peername" -> remote;
            case "sockname" -> sockname;
            case "socket" -> TransportSocket.of(channel);
            default -> null;
        };
        return v != null ? v : defaultValue;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        if (!(protocol instanceof DatagramProtocol d)) {
            throw new IllegalArgumentException("a datagram transport needs a DatagramProtocol, got " + protocol);
        }
        this.protocol = d;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "<DatagramTransport" + (lostCalled ? " closed" : closing ? " closing" : "") + " local=" + sockname
                + (remote != null ? " remote=" + remote : "") + ">";
    }
}
