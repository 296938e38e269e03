package org.asyncio4j.transports;

/** The reading side of a transport: counterpart of {@code asyncio.ReadTransport}. */
public interface ReadTransport extends BaseTransport {
    /** Whether the transport is receiving data (not paused, not closing). */
    boolean isReading();

    /**
     * Stops delivering data to the protocol until {@link #resumeReading()} is called. Idempotent; a no-op
     * while closing.
     */
    void pauseReading();

    /** Delivers data to the protocol again. Idempotent; a no-op while closing. */
    void resumeReading();
}
