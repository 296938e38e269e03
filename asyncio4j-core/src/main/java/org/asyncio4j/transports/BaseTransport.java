package org.asyncio4j.transports;

/**
 * What every transport can do: counterpart of {@code asyncio.BaseTransport}.
 *
 * <p>A transport owns a connection (a socket) and talks to one {@link BaseProtocol}. Its methods never
 * suspend; they are called on the loop's thread.
 */
public interface BaseTransport {
    /**
     * Optional information about the transport, or null. Socket transports know {@code "peername"} and
     * {@code "sockname"} (a {@link java.net.SocketAddress}) and {@code "socket"} (a {@link TransportSocket});
     * TLS transports add {@code "sslcontext"}, {@code "ssl_object"}, {@code "peercert"}, {@code "cipher"}.
     */
    default Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }

    /** {@link #getExtraInfo(String)} with the value returned when the information is missing. */
    Object getExtraInfo(String name, Object defaultValue);

    /** Whether the transport is closing or closed. */
    boolean isClosing();

    /**
     * Closes the transport: buffered data is flushed first, then the protocol's
     * {@link BaseProtocol#connectionLost connectionLost(null)} is called on a later iteration. Idempotent.
     */
    void close();

    /** Switches the protocol that receives this transport's events (used by protocol upgrades). */
    void setProtocol(BaseProtocol protocol);

    /** The protocol that receives this transport's events. */
    BaseProtocol getProtocol();
}
