package org.asyncio4j.internal.tls;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.Transport;
import org.asyncio4j.transports.WriteBufferLimits;

/**
 * The transport an application protocol gets for a TLS connection: its writes are encrypted by the
 * {@link SslProtocol} below, which hands the ciphertext to the socket transport. Counterpart of
 * asyncio's {@code _SSLProtocolTransport}.
 *
 * <p>Extra info: {@code "sslcontext"} (the {@link javax.net.ssl.SSLContext}) always; once the handshake
 * is done, {@code "ssl_object"} (the {@link javax.net.ssl.SSLEngine}, asyncio's {@code SSLObject}),
 * {@code "ssl_session"} (its {@link javax.net.ssl.SSLSession}; asyncio4j only), {@code "peercert"} (the
 * peer's leaf {@link java.security.cert.Certificate}, or the default when the peer sent none) and
 * {@code "cipher"} (the negotiated cipher suite's name, where asyncio gives a (name, version, bits)
 * tuple). Other keys ({@code "peername"}, {@code "sockname"}, {@code "socket"}) come from the socket
 * transport.
 */
final class SslTransport implements Transport {
    private final SslProtocol ssl;
    private boolean closed;

    SslTransport(SslProtocol ssl) {
        this.ssl = ssl;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        return ssl.extraInfo(name, defaultValue);
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    /** Sends what was written, then {@code close_notify}; {@code connectionLost(null)} follows. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ssl.startShutdown();
        }
    }

    /** Closes at once without {@code close_notify}; buffered data is dropped; {@code connectionLost(null)} follows. */
    @Override
    public void abort() {
        closed = true;
        ssl.abort(null);
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        ssl.setAppProtocol(protocol);
    }

    @Override
    public BaseProtocol getProtocol() {
        return ssl.appProtocol();
    }

    @Override
    public boolean isReading() {
        return ssl.isAppReading() && !closed;
    }

    @Override
    public void pauseReading() {
        if (!closed) {
            ssl.pauseAppReading();
        }
    }

    @Override
    public void resumeReading() {
        if (!closed) {
            ssl.resumeAppReading();
        }
    }

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > 0) {
            ssl.writeAppData(ByteBuffer.wrap(data, offset, length));
        }
    }

    @Override
    public void write(ByteBuffer data) {
        if (data.hasRemaining()) {
            ssl.writeAppData(data);
        }
    }

    @Override
    public void writelines(Iterable<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            write(chunk);
        }
    }

    /** Always fails: TLS has no half-close that every peer understands (asyncio raises NotImplementedError). */
    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("a TLS transport cannot write EOF (canWriteEof() is false)");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void setWriteBufferLimits(Integer high, Integer low) {
        ssl.setWriteBufferLimits(high, low);
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return ssl.writeBufferLimits();
    }

    @Override
    public int getWriteBufferSize() {
        return ssl.writeBufferSize();
    }

    @Override
    public String toString() {
        return "<SslTransport" + (closed ? " closed" : "") + " " + ssl + ">";
    }
}
