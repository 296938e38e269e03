package org.asyncio4j.transports;

/**
 * A bidirectional stream transport (TCP, Unix socket, TLS): counterpart of {@code asyncio.Transport}.
 * Get one from {@link org.asyncio4j.EventLoop#createConnection}, or in
 * {@link Protocol#connectionMade(Transport)} of a server's protocol.
 */
public interface Transport extends ReadTransport, WriteTransport {
}
