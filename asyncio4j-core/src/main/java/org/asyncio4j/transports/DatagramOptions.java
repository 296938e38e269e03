package org.asyncio4j.transports;

/**
 * Options of {@link org.asyncio4j.EventLoop#createDatagramEndpoint}: asyncio's keyword arguments
 * ({@code reuse_address} is gone from asyncio for security reasons, and so it is here).
 *
 * @param reusePort SO_REUSEPORT (default false)
 * @param allowBroadcast SO_BROADCAST (default false)
 */
public record DatagramOptions(boolean reusePort, boolean allowBroadcast) {
    public static final DatagramOptions DEFAULT = new DatagramOptions(false, false);

    public DatagramOptions withReusePort(boolean on) {
        return new DatagramOptions(on, allowBroadcast);
    }

    public DatagramOptions withAllowBroadcast(boolean on) {
        return new DatagramOptions(reusePort, on);
    }
}
