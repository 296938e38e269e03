package org.asyncio4j.transports;

import java.nio.ByteBuffer;

/**
 * A stream protocol that supplies its own receive buffers, so data lands where the protocol wants it
 * without an intermediate array: counterpart of {@code asyncio.BufferedProtocol}.
 *
 * <p>Order: {@link #connectionMade} exactly once, then pairs of {@link #getBuffer} and
 * {@link #bufferUpdated}, then at most one {@link #eofReceived}, then
 * {@link BaseProtocol#connectionLost} exactly once.
 */
public interface BufferedProtocol extends BaseProtocol {
    /** The connection is established; keep {@code transport} to write. */
    default void connectionMade(Transport transport) {}

    /**
     * The buffer the next bytes are read into (between its position and limit). {@code sizeHint} is the
     * size the transport would like, or -1. A buffer with nothing remaining is an error.
     */
    ByteBuffer getBuffer(int sizeHint);

    /**
     * {@code nbytes} bytes were written into the buffer last returned by {@link #getBuffer}, starting at
     * its position (which the transport has advanced past them).
     */
    void bufferUpdated(int nbytes);

    /** As {@link Protocol#eofReceived()}: true keeps the connection half-open. */
    default boolean eofReceived() {
        return false;
    }
}
