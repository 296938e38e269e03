package org.asyncio4j.transports;

/**
 * The result of {@link org.asyncio4j.EventLoop#createConnection}: the transport and the protocol that
 * the factory made for it (asyncio's {@code (transport, protocol)} tuple).
 *
 * @param <P> the protocol type
 */
public record Connection<P extends BaseProtocol>(Transport transport, P protocol) {
}
