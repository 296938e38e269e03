package org.asyncio4j.transports;

import java.nio.ByteBuffer;

/**
 * The writing side of a transport: counterpart of {@code asyncio.WriteTransport}.
 *
 * <p>Writes never block and never suspend: the transport sends what the socket accepts at once and
 * buffers the rest. When the buffer grows above the high-water mark the protocol's
 * {@link BaseProtocol#pauseWriting()} is called, and {@link BaseProtocol#resumeWriting()} once it has
 * drained to the low-water mark; a protocol that keeps writing while paused only grows the buffer.
 */
public interface WriteTransport extends BaseTransport {
    /**
     * Sends {@code data} (empty data is ignored). The array is not kept: the transport copies what it
     * cannot send at once. After the connection is lost writes are silently dropped (asyncio logs a
     * warning after five of them).
     *
     * @throws IllegalStateException after {@link #writeEof()}
     */
    void write(byte[] data);

    /** Sends {@code data[offset, offset + length)}; see {@link #write(byte[])}. */
    void write(byte[] data, int offset, int length);

    /** Sends the remaining bytes of {@code data} and advances its position; see {@link #write(byte[])}. */
    void write(ByteBuffer data);

    /** Writes each chunk in order, as one gathered write where possible. */
    void writelines(Iterable<byte[]> chunks);

    /**
     * Closes the write end after the buffered data is sent (a TCP half-close); reading goes on. Later
     * writes fail. A no-op if closing or already done.
     */
    void writeEof();

    /** Whether {@link #writeEof()} is supported (true for TCP and Unix stream sockets). */
    boolean canWriteEof();

    /**
     * Closes the transport at once: buffered data is discarded and the protocol's
     * {@link BaseProtocol#connectionLost connectionLost(null)} is called on a later iteration.
     */
    void abort();

    /**
     * Sets the water marks that drive {@link BaseProtocol#pauseWriting()} and
     * {@link BaseProtocol#resumeWriting()}; null values get asyncio's defaults (see
     * {@link WriteBufferLimits#of}). The new limits are applied at once.
     *
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    void setWriteBufferLimits(Integer high, Integer low);

    /** The current water marks. */
    WriteBufferLimits getWriteBufferLimits();

    /** The number of bytes buffered, not yet sent. */
    int getWriteBufferSize();
}
