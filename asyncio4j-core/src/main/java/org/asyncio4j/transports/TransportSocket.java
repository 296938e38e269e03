package org.asyncio4j.transports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;

/**
 * A read-only view of a socket owned by a transport or a server: counterpart of asyncio's
 * {@code TransportSocket}. It answers questions about the socket but cannot read, write, close or
 * rebind it, so that the owner's bookkeeping stays true.
 */
public final class TransportSocket {
    private final NetworkChannel channel;

    private TransportSocket(NetworkChannel channel) {
        this.channel = channel;
    }

    /** A view of {@code channel}. */
    public static TransportSocket of(NetworkChannel channel) {
        return new TransportSocket(java.util.Objects.requireNonNull(channel, "channel"));
    }

    /** The address the socket is bound to ({@code getsockname()}), or null if closed or unbound. */
    public SocketAddress getLocalAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The port of an IP socket's local address, or -1. */
    public int localPort() {
        return getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
    }

    /** The value of a socket option ({@code getsockopt()}). */
    public <T> T getOption(SocketOption<T> option) {
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the socket is still open. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public String toString() {
        return "<TransportSocket " + channel + ">";
    }
}
