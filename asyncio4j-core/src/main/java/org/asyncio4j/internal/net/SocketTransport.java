package org.asyncio4j.internal.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.BufferedProtocol;
import org.asyncio4j.transports.Protocol;
import org.asyncio4j.transports.Transport;

/**
 * The transport of a connected stream socket (TCP or Unix): counterpart of asyncio's
 * {@code _SelectorSocketTransport}.
 *
 * <p>Reads land in the loop's shared direct buffer and are copied into one fresh array per read for
 * {@link Protocol#dataReceived} ({@link BufferedProtocol}s get the bytes in their own buffer). Writes go
 * straight to the socket while nothing is buffered; only what the socket refuses is copied into the
 * write queue, which is flushed with gathering writes while write interest is on.
 *
 * <p>Protocol callbacks run straight from the poller's readiness dispatch (as uvloop does), not through
 * a {@code Handle} on the ready queue as in CPython's selector loop: one allocation and one queue hop
 * less per read. They still run on the loop thread, between two task steps, never inside a caller's
 * {@code close()}/{@code write()}; what they schedule runs in the same iteration.
 */
public final class SocketTransport extends SelectorTransport implements Transport {
    /** The most buffers one gathering write takes. */
    private static final int MAX_GATHER = 64;
    /** The smallest chunk allocated for the write queue, so that small writes share chunks. */
    private static final int MIN_CHUNK = 4096;

    private final SocketChannel socket;
    private final ByteBuffer readBuffer;
    private final SocketServer server;
    /** The protocol as a Protocol, or null. */
    private Protocol plain;
    /** The protocol as a BufferedProtocol, or null. */
    private BufferedProtocol buffered;

    private boolean readingPaused;
    /** End of file was received and the protocol kept the connection half-open: no more reads. */
    private boolean readEof;
    /** writeEof() was called. */
    private boolean eof;

    private final ArrayDeque<ByteBuffer> writeQueue = new ArrayDeque<>();
    private ByteBuffer[] gather;

    /**
     * Wraps a connected non-blocking {@code channel}. {@code connectionMade} runs on the next iteration,
     * then reading starts, then {@code waiter} (if any) is completed.
     */
    public SocketTransport(BaseEventLoop loop, SocketChannel channel, BaseProtocol protocol, Future<Void> waiter,
                           SocketServer server) {
        super(loop, channel, remoteAddress(channel));
        this.socket = channel;
        this.readBuffer = NetContext.of(loop).readBuffer;
        this.server = server;
        setProtocol(protocol);
        if (server != null) {
            server.attach(this);
        }
        loop.callSoon(() -> start(waiter));
    }

    private static SocketAddress remoteAddress(SocketChannel ch) {
        try {
            return ch.getRemoteAddress();
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

    @Override
    boolean wantsToRead() {
        return started && !closing && !readingPaused && !readEof;
    }

    @Override
    void discardBuffer() {
        writeQueue.clear();
    }

    @Override
    void afterConnectionLost() {
        if (server != null) {
            server.detach(this);
        }
    }

    // ------------------------------------------------------------------ readiness

    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            writeReady();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && readingRegistered()) {
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
            n = socket.read(rb);
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
            n = socket.read(b);
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
                n = socket.write(writeQueue.peekFirst());
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
                n = socket.write(gather, 0, k);
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
                n = socket.write(ByteBuffer.wrap(data, offset, length));
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
        if (!checkWritable(data.remaining())) {
            data.position(data.limit());
            return;
        }
        if (bufferSize == 0) {
            try {
                socket.write(data);
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
            socket.write(bufs);
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

    private boolean checkWritable(int length) {
        if (eof) {
            throw new IllegalStateException("Cannot call write() after write_eof()");
        }
        return acceptsWrite(length);
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
            socket.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error on socket shutdown");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    // ------------------------------------------------------------------ reading control

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
    public String toString() {
        StringBuilder sb = new StringBuilder("<SocketTransport").append(stateWord());
        sb.append(" local=").append(sockname).append(" peer=").append(peername);
        if (!isClosed()) {
            sb.append(readingPaused ? " read=paused" : " read=polling");
            sb.append(" write=<").append(bufferSize > 0 ? "polling" : "idle").append(", bufsize=").append(bufferSize).append('>');
        }
        return sb.append('>').toString();
    }
}
