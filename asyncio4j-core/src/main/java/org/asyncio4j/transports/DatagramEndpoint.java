package org.asyncio4j.transports;

/**
 * The result of {@link org.asyncio4j.EventLoop#createDatagramEndpoint}: asyncio's
 * {@code (transport, protocol)} tuple for UDP.
 *
 * @param <P> the protocol type
 */
public record DatagramEndpoint<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {
}
