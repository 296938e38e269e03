package org.asyncio4j.transports;

import java.net.SocketAddress;

/** Callbacks of a UDP endpoint: counterpart of {@code asyncio.DatagramProtocol}. */
public interface DatagramProtocol extends BaseProtocol {
    /** The endpoint is ready; keep {@code transport} to send. */
    default void connectionMade(DatagramTransport transport) {}

    /** One datagram arrived from {@code address}; the array is the protocol's to keep. */
    default void datagramReceived(byte[] data, SocketAddress address) {}

    /**
     * A send or receive failed, e.g. with {@link java.net.PortUnreachableException} (asyncio's
     * ConnectionRefusedError) after sending to a port where nobody listens. The endpoint stays open.
     */
    default void errorReceived(Exception exc) {}
}
