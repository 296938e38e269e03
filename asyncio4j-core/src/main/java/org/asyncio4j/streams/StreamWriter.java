package org.asyncio4j.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.asyncio4j.Asyncio;
import org.asyncio4j.EventLoop;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.internal.net.IoAwait;
import org.asyncio4j.transports.Transport;

/**
 * The writing end of a stream connection: counterpart of {@code asyncio.StreamWriter}. Writes go to
 * the transport at once and never suspend; {@link #drain()} is where a writer waits for a slow peer.
 * {@snippet :
 * writer.write(data);
 * writer.drain();      // suspends while the peer is not keeping up
 * }
 *
 * <p>Not thread-safe: use it on its loop's thread.
 */
public final class StreamWriter {
    private Transport transport;
    private final StreamReaderProtocol protocol;
    private final StreamReader reader;
    private final EventLoop loop;

    StreamWriter(Transport transport, StreamReaderProtocol protocol, StreamReader reader, EventLoop loop) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
        this.loop = loop;
    }

    /** The transport the writer writes to. */
    public Transport transport() {
        return transport;
    }

    /**
     * Sends {@code data} (buffering what the socket cannot take at once; the array is not kept). Does
     * not wait: call {@link #drain()} to let a slow peer catch up.
     */
    public void write(byte[] data) {
        transport.write(data);
    }

    /** Sends {@code data[offset, offset + length)}; see {@link #write(byte[])}. */
    public void write(byte[] data, int offset, int length) {
        transport.write(data, offset, length);
    }

    /** Sends the remaining bytes of {@code data}; see {@link #write(byte[])}. */
    public void write(ByteBuffer data) {
        transport.write(data);
    }

    /** Sends each chunk in order. */
    public void writelines(Iterable<byte[]> chunks) {
        transport.writelines(chunks);
    }

    /** Whether {@link #writeEof()} is supported. */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the writing side after the buffered data (a half-close); reading goes on. */
    public void writeEof() {
        transport.writeEof();
    }

    /**
     * Waits until the transport's write buffer is down to its low-water mark, so that it is safe to
     * write more. Returns at once when the buffer is small. Many coroutines may drain at once; they
     * are released together.
     *
     * <p>Cancellation: stops waiting; the buffered data is still sent.
     *
     * @throws ConnectionResetException ("Connection lost") once the connection is gone
     * @throws IOException the error that broke the connection, if one did
     */
    public void drain() throws IOException {
        if (reader != null) {
            Throwable exc = reader.exception();
            if (exc != null) {
                if (exc instanceof IOException io) {
                    throw io;
                }
                throw Throwables.rethrow(exc);
            }
        }
        if (transport.isClosing()) {
            // Let connectionLost run, so that writing and draining in a loop sees the connection end.
            Asyncio.sleep(0);
        }
        protocol.drainHelper();
    }

    /** Closes the connection after the buffered data is sent; see {@link #waitClosed()}. */
    public void close() {
        transport.close();
    }

    /** Whether the connection is closing or closed. */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Suspends until the connection is closed.
     *
     * @throws IOException the error that ended the connection, if one did
     */
    public void waitClosed() throws IOException {
        IoAwait.await(protocol.closeWaiter());
    }

    /**
     * Upgrades the connection to TLS in place, after draining what was written: from now on this writer
     * and its reader speak TLS (the client or the server side of it, the server side when the writer
     * came from {@link Streams#startServer}). Counterpart of {@code StreamWriter.start_tls}; see
     * {@link EventLoop#startTls} for the rules and the failures.
     *
     * @param serverHostname client side: the name sent as SNI and checked against the certificate
     *        ({@code ""} skips both); ignored on the server side
     * @param sslHandshakeTimeout seconds allowed for the handshake (null: 60)
     * @param sslShutdownTimeout seconds allowed for the closing handshake (null: 30)
     */
    public void startTls(javax.net.ssl.SSLContext sslContext, String serverHostname, Double sslHandshakeTimeout,
                         Double sslShutdownTimeout) throws IOException {
        boolean serverSide = protocol.isServerSide();
        drain();
        Transport tls = loop.startTls(transport, protocol, sslContext, serverSide, serverHostname,
                sslHandshakeTimeout, sslShutdownTimeout);
        transport = tls;
        protocol.replaceTransport(tls);
    }

    /** {@link #startTls(javax.net.ssl.SSLContext, String, Double, Double)} with the default timeouts. */
    public void startTls(javax.net.ssl.SSLContext sslContext, String serverHostname) throws IOException {
        startTls(sslContext, serverHostname, null, null);
    }

    /** {@link #startTls(javax.net.ssl.SSLContext, String, Double, Double)} for the server side (no host name). */
    public void startTls(javax.net.ssl.SSLContext sslContext) throws IOException {
        startTls(sslContext, null, null, null);
    }

    /** The transport's optional information (see {@link Transport#getExtraInfo(String)}). */
    public Object getExtraInfo(String name) {
        return transport.getExtraInfo(name);
    }

    /** {@link #getExtraInfo(String)} with a default. */
    public Object getExtraInfo(String name, Object defaultValue) {
        return transport.getExtraInfo(name, defaultValue);
    }

    /** The loop the connection runs on. */
    public EventLoop getLoop() {
        return loop;
    }

    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
    }
}
