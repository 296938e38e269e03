package org.asyncio4j.transports;

import java.net.SocketAddress;

/** A UDP endpoint: counterpart of {@code asyncio.DatagramTransport}. */
public interface DatagramTransport extends BaseTransport {
    /**
     * Sends one datagram (empty ones too) to {@code address}, or to the remote address the endpoint was
     * connected to when {@code address} is null. Never blocks: what the socket cannot take at once is
     * queued.
     *
     * @throws IllegalArgumentException if the endpoint is connected and {@code address} is another one,
     *         or if it is not connected and {@code address} is null
     */
    void sendto(byte[] data, SocketAddress address);

    /** {@link #sendto(byte[], SocketAddress)} to the connected remote address. */
    default void sendto(byte[] data) {
        sendto(data, null);
    }

    /** Closes at once, dropping queued datagrams; {@code connectionLost(null)} follows. */
    void abort();

    /** The number of bytes queued, not yet sent. */
    int getWriteBufferSize();

    /** Sets the water marks for {@code pauseWriting}/{@code resumeWriting}; see {@link WriteTransport}. */
    void setWriteBufferLimits(Integer high, Integer low);

    /** The current water marks. */
    WriteBufferLimits getWriteBufferLimits();
}
