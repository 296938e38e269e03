package org.asyncio4j.transports;

/**
 * Callbacks of a stream connection (TCP, Unix, TLS): counterpart of {@code asyncio.Protocol}.
 * Implement the methods you need; the others do nothing.
 *
 * <p>Order: {@link #connectionMade} exactly once, then {@link #dataReceived} any number of times, then
 * at most one {@link #eofReceived}, then {@link BaseProtocol#connectionLost} exactly once.
 *
 * {@snippet :
 * final class Echo implements Protocol {
 *     private Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(byte[] data) { transport.write(data); }
 * }
 * Server server = loop.createServer(Echo::new, "127.0.0.1", 8888);
 * }
 */
public interface Protocol extends BaseProtocol {
    /** The connection is established; keep {@code transport} to write. */
    default void connectionMade(Transport transport) {}

    /**
     * Bytes arrived. The array is the protocol's to keep (the transport never touches it again). Chunk
     * boundaries carry no meaning: a message may arrive in pieces or several at once.
     */
    default void dataReceived(byte[] data) {}

    /**
     * The peer closed its writing side. Return true to keep the connection half-open (the protocol may
     * go on writing and must close the transport itself); false (the default) closes the transport.
     */
    default boolean eofReceived() {
        return false;
    }
}
