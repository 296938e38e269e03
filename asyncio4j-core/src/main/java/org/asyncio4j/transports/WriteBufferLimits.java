package org.asyncio4j.transports;

/**
 * The write-buffer water marks of a transport, in bytes: {@link BaseProtocol#pauseWriting()} is called
 * when the buffer grows above {@code high}, {@link BaseProtocol#resumeWriting()} when it drains to
 * {@code low} or below. Counterpart of the tuple returned by {@code get_write_buffer_limits()}, in the
 * same order (low, high).
 */
public record WriteBufferLimits(int low, int high) {
    /** The defaults of asyncio: 64 KiB high, 16 KiB low. */
    public static final WriteBufferLimits DEFAULT = new WriteBufferLimits(16 * 1024, 64 * 1024);

    public WriteBufferLimits {
        if (!(high >= low && low >= 0)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
    }

    /**
     * The limits asyncio's {@code set_write_buffer_limits(high, low)} derives: high defaults to 64 KiB (or
     * to 4 * low when only low is given), low to high / 4.
     *
     * @param high the high-water mark, or null
     * @param low the low-water mark, or null
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    public static WriteBufferLimits of(Integer high, Integer low) {
        int h = high != null ? high : (low == null ? 64 * 1024 : 4 * low);
        int l = low != null ? low : h / 4;
        return new WriteBufferLimits(l, h);
    }
}
