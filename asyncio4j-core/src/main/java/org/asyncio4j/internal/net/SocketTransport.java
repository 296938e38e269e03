package org.asyncio4j.internal.net;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Future;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.internal.poll.Poller;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.BufferedProtocol;
import org.asyncio4j.transports.Protocol;
import org.asyncio4j.transports.Transport;
import org.asyncio4j.transports.TransportSocket;
import org.asyncio4j.transports.WriteBufferLimits;

/**
 * The transport of a connected stream socket (TCP or Unix): counterpart of asyncio's
 * {@code _SelectorSocketTransport}.
 *
 * <p>Reads land in the loop's shared direct buffer and are copied into one fresh array per read for
 * {@link Protocol#dataReceived} ({@link BufferedProtocol}s get the bytes in their own buffer). Writes go
 * straight to the socket while nothing is buffered; only what the socket refuses is copied into the
 * write queue, which is flushed with gathering writes while write interest is on.
 */
public final class SocketTransport implements Transport, Poller.IoHandler {
    static final Logger LOG = System.getLogger("org.asyncio4j");
    /** After this many writes to a lost connection, asyncio starts warning. */
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;
    /** The most buffers one gathering write takes. */
    private static final int MAX_GATHER = 64;
    /** The smallest chunk allocated for the write queue, so that small writes share chunks. */
    private static final int MIN_CHUNK = 4096;

    private final BaseEventLoop loop;
    private final Poller poller;
    private final SocketChannel channel;
    private final ByteBuffer readBuffer;
    private final SocketServer server;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private BaseProtocol protocol;
    /** {@link #protocol} as a Protocol, or null. */
    private Protocol plain;
    /** {@link #protocol} as a BufferedProtocol, or null. */
    private BufferedProtocol buffered;

    /** The interest ops registered with the poller. */
    private int interest;
    /** Whether connectionMade has been scheduled to run and reading may start. */
    private boolean started;
    private boolean closing;
    private boolean readingPaused;
    /** End of file was received and the protocol kept the connection half-open: no more reads. */
    private boolean readEof;
    /** writeEof() was called. */
    private boolean eof;
    private boolean protocolPaused;
    /** Incremented when the connection is lost; counts the writes dropped afterwards. */
    private int connLost;
    private boolean lostCalled;

    private final ArrayDeque<ByteBuffer> writeQueue = new ArrayDeque<>();
    private int bufferSize;
    private WriteBufferLimits limits = WriteBufferLimits.DEFAULT;
    private ByteBuffer[] gather;

    /**
     * Wraps a connected non-blocking {@code channel}. {@code connectionMade} runs on the next iteration,
     * then reading starts, then {@code waiter} (if any) is completed.
     */
    public SocketTransport(BaseEventLoop loop, SocketChannel channel, BaseProtocol protocol, Future<Void> waiter,
                           SocketServer server) {
        this.loop = loop;
        this.poller = loop.poller();
        this.channel = channel;
        this.readBuffer = NetContext.of(loop).readBuffer;
        this.server = server;
        this.peername = addressOrNull(channel, true);
        this.sockname = addressOrNull(channel, false);
        setProtocol(protocol);
        if (server != null) {
            server.attach(this);
        }
        loop.callSoon(() -> start(waiter));
    }

    private static SocketAddress addressOrNull(SocketChannel ch, boolean remote) {
        try {
            return remote ? ch.getRemoteAddress() : ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private void start(Future<Void> waiter) {
        started = true;
        try {
            if (buffered != null) {
                buffered.connectionMade(this);
            } else {
                plain.connectionMade(this);
            }
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.connection_made() call failed.");
        }
        updateInterest();
        if (waiter != null && !waiter.isDone()) {
            waiter.setResult(null);
        }
    }

    // ------------------------------------------------------------------ readiness

    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            writeReady();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && (interest & SelectionKey.OP_READ) != 0) {
            if (buffered != null) {
                readIntoProtocolBuffer();
            } else {
                readData();
            }
        }
    }

    private void readData() {
        ByteBuffer rb = readBuffer;
        rb.clear();
        int n;
        try {
            n = channel.read(rb);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n > 0) {
            byte[] data = new byte[n];
            rb.flip();
            rb.get(data);
            try {
                plain.dataReceived(data);
            } catch (Throwable t) {
                fatalError(t, "Fatal error: protocol.data_received() call failed.");
            }
        } else if (n < 0) {
            onEof();
        }
    }

    private void readIntoProtocolBuffer() {
        ByteBuffer b;
        try {
            b = buffered.getBuffer(-1);
            if (b == null || !b.hasRemaining()) {
                throw new IllegalStateException("get_buffer() returned an empty buffer");
            }
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.get_buffer() call failed.");
            return;
        }
        int n;
        try {
            n = channel.read(b);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n > 0) {
            try {
                buffered.bufferUpdated(n);
            } catch (Throwable t) {
                fatalError(t, "Fatal error: protocol.buffer_updated() call failed.");
            }
        } else if (n < 0) {
            onEof();
        }
    }

    private void onEof() {
        boolean keepOpen;
        try {
            keepOpen = buffered != null ? buffered.eofReceived() : plain.eofReceived();
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.eof_received() call failed.");
            return;
        }
        if (keepOpen) {
            readEof = true;
            updateInterest();
        } else {
            close();
        }
    }

    private void writeReady() {
        if (connLost > 0) {
            return;
        }
        try {
            flushQueue();
        } catch (IOException e) {
            writeQueue.clear();
            bufferSize = 0;
            updateInterest();
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        maybeResumeProtocol(); // may write more
        if (bufferSize == 0) {
            updateInterest();
            if (closing) {
                callConnectionLost(null);
            } else if (eof) {
                shutdownOutput();
            }
        }
    }

    /** Writes as much of the queue as the socket takes, in gathering writes. */
    private void flushQueue() throws IOException {
        while (!writeQueue.isEmpty()) {
            int k = Math.min(writeQueue.size(), MAX_GATHER);
            long n;
            if (k == 1) {
                n = channel.write(writeQueue.peekFirst());
            } else {
                if (gather == null) {
                    gather = new ByteBuffer[MAX_GATHER];
                }
                int i = 0;
                for (ByteBuffer b : writeQueue) {
                    gather[i++] = b;
                    if (i == k) {
                        break;
                    }
                }
                n = channel.write(gather, 0, k);
                java.util.Arrays.fill(gather, 0, k, null);
            }
            bufferSize -= (int) n;
            while (!writeQueue.isEmpty() && !writeQueue.peekFirst().hasRemaining()) {
                writeQueue.pollFirst();
            }
            if (!writeQueue.isEmpty()) {
                return; // the socket is full
            }
        }
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (!checkWritable(length)) {
            return;
        }
        if (bufferSize == 0) {
            int n;
            try {
                n = channel.write(ByteBuffer.wrap(data, offset, length));
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (n == length) {
                return;
            }
            offset += n;
            length -= n;
        }
        enqueue(data, offset, length);
    }

    @Override
    public void write(ByteBuffer data) {
        int length = data.remaining();
        if (!checkWritable(length)) {
            data.position(data.limit());
            return;
        }
        if (bufferSize == 0) {
            try {
                channel.write(data);
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        byte[] rest = new byte[data.remaining()];
        data.get(rest);
        enqueue(rest, 0, rest.length);
    }

    @Override
    public void writelines(Iterable<byte[]> chunks) {
        if (eof) {
            throw new IllegalStateException("Cannot call writelines() after write_eof()");
        }
        if (bufferSize > 0 || connLost > 0) {
            for (byte[] c : chunks) {
                write(c);
            }
            return;
        }
        java.util.List<ByteBuffer> list = new java.util.ArrayList<>();
        for (byte[] c : chunks) {
            if (c.length > 0) {
                list.add(ByteBuffer.wrap(c));
            }
        }
        if (list.isEmpty()) {
            return;
        }
        ByteBuffer[] bufs = list.toArray(new ByteBuffer[0]);
        try {
            channel.write(bufs);
        } catch (IOException e) {
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        for (ByteBuffer b : bufs) {
            if (b.hasRemaining()) {
                enqueue(b.array(), b.position(), b.remaining());
            }
        }
    }

    /** Whether a write of {@code length} bytes should go ahead (see asyncio's write()). */
    private boolean checkWritable(int length) {
        if (eof) {
            throw new IllegalStateException("Cannot call write() after write_eof()");
        }
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

    /** Copies {@code data[offset, offset + length)} to the end of the write queue. */
    private void enqueue(byte[] data, int offset, int length) {
        ByteBuffer tail = writeQueue.peekLast();
        if (tail != null && tail.capacity() - tail.limit() >= length) {
            System.arraycopy(data, offset, tail.array(), tail.limit(), length);
            tail.limit(tail.limit() + length);
        } else {
            byte[] chunk = new byte[Math.max(length, MIN_CHUNK)];
            System.arraycopy(data, offset, chunk, 0, length);
            writeQueue.addLast(ByteBuffer.wrap(chunk, 0, length));
        }
        boolean wasEmpty = bufferSize == 0;
        bufferSize += length;
        if (wasEmpty) {
            updateInterest();
        }
        maybePauseProtocol();
    }

    @Override
    public void writeEof() {
        if (closing || eof) {
            return;
        }
        eof = true;
        if (bufferSize == 0) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error on socket shutdown");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    // ------------------------------------------------------------------ flow control

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
    public int getWriteBufferSize() {
        return bufferSize;
    }

    private void maybePauseProtocol() {
        if (bufferSize <= limits.high() || protocolPaused) {
            return;
        }
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable t) {
            reportProtocolError("protocol.pause_writing() failed", t);
        }
    }

    private void maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= limits.low()) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable t) {
                reportProtocolError("protocol.resume_writing() failed", t);
            }
        }
    }

    @Override
    public boolean isReading() {
        return !readingPaused && !closing;
    }

    @Override
    public void pauseReading() {
        if (closing || readingPaused) {
            return;
        }
        readingPaused = true;
        updateInterest();
    }

    @Override
    public void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        updateInterest();
    }

    /** Registers the interest ops the state calls for, if they changed. */
    private void updateInterest() {
        int want = 0;
        if (connLost == 0 && !lostCalled) {
            if (started && !closing && !readingPaused && !readEof) {
                want = SelectionKey.OP_READ;
            }
            if (bufferSize > 0) {
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

    // ------------------------------------------------------------------ closing

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
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

    @Override
    public void abort() {
        forceClose(null);
    }

    /**
     * Reports a failure (an I/O error at debug level, anything else to the exception handler) and
     * closes the transport at once.
     */
    void fatalError(Throwable exc, String message) {
        if (Throwables.isFatal(exc)) {
            throw (Error) exc;
        }
        if (exc instanceof IOException) {
            LOG.log(Level.DEBUG, () -> this + ": " + message, exc);
        } else {
            loop.callExceptionHandler(ExceptionContext.of(message + " (transport: " + this + ")", exc));
        }
        forceClose(exc);
    }

    private void forceClose(Throwable exc) {
        if (connLost > 0) {
            return;
        }
        if (bufferSize > 0) {
            writeQueue.clear();
            bufferSize = 0;
        }
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
            reportProtocolError("Fatal error: protocol.connection_lost() call failed.", t);
        } finally {
            poller.unregister(channel);
            interest = 0;
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with it
            }
            if (server != null) {
                server.detach(this);
            }
        }
    }

    private void reportProtocolError(String message, Throwable t) {
        if (Throwables.isFatal(t)) {
            throw (Error) t;
        }
        loop.callExceptionHandler(ExceptionContext.of(message + " (transport: " + this + ")", t));
    }

    // ------------------------------------------------------------------ the rest of Transport

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Object v = switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> TransportSocket.of(channel);
            default -> null;
        };
        return v != null ? v : defaultValue;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        java.util.Objects.requireNonNull(protocol, "protocol");
        if (protocol instanceof BufferedProtocol b) {
            buffered = b;
            plain = null;
        } else if (protocol instanceof Protocol p) {
            plain = p;
            buffered = null;
        } else {
            throw new IllegalArgumentException("a stream transport needs a Protocol or a BufferedProtocol, got " + protocol);
        }
        this.protocol = protocol;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    /** The socket (for the server's bookkeeping and tests). */
    SocketChannel channel() {
        return channel;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<SocketTransport");
        if (lostCalled) {
            sb.append(" closed");
        } else if (closing) {
            sb.append(" closing");
        }
        sb.append(" local=").append(sockname).append(" peer=").append(peername);
        if (!lostCalled) {
            sb.append(readingPaused ? " read=paused" : " read=polling");
            sb.append(" write=<").append(bufferSize > 0 ? "polling" : "idle").append(", bufsize=").append(bufferSize).append('>');
        }
        return sb.append('>').toString();
    }
}
