package org.asyncio4j.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.function.Supplier;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.transports.DatagramEndpoint;
import org.asyncio4j.transports.DatagramOptions;
import org.asyncio4j.transports.DatagramProtocol;

/** UDP endpoints: asyncio's {@code create_datagram_endpoint}. */
public final class Datagrams {
    private Datagrams() {}

    /**
     * Opens a UDP socket bound to {@code localAddress} (if given) and connected to
     * {@code remoteAddress} (if given; then {@code sendto} needs no address and only that peer's
     * datagrams arrive). At least one of the two is needed, to choose the address family.
     */
    public static <P extends DatagramProtocol> DatagramEndpoint<P> create(EventLoop eventLoop, Supplier<? extends P> factory,
                                                                         SocketAddress localAddress, SocketAddress remoteAddress,
                                                                         DatagramOptions options) throws IOException {
        BaseEventLoop loop = Loops.base(eventLoop);
        Objects.requireNonNull(factory, "protocolFactory");
        if (localAddress == null && remoteAddress == null) {
            throw new IllegalArgumentException("unexpected address family: give a local or a remote address");
        }
        InetSocketAddress local = resolve(loop, localAddress);
        InetSocketAddress remote = resolve(loop, remoteAddress);
        ProtocolFamily family = Connector.familyOf(local != null ? local : remote);
        DatagramChannel ch = DatagramChannel.open(family);
        boolean ok = false;
        try {
            ch.configureBlocking(false);
            if (options.reusePort()) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (options.allowBroadcast()) {
                ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (local != null) {
                ch.bind(local);
            }
            if (remote != null) {
                ch.connect(remote);
            }
            ok = true;
        } finally {
            if (!ok) {
                SocketServer.closeQuietly(ch);
            }
        }
        P protocol;
        Future<Void> waiter;
        DatagramSocketTransport transport;
        try {
            protocol = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
            waiter = loop.createFuture();
            transport = new DatagramSocketTransport(loop, ch, protocol, remote, waiter);
        } catch (RuntimeException | Error e) {
            SocketServer.closeQuietly(ch);
            throw e;
        }
        Connector.awaitStarted(waiter, transport);
        return new DatagramEndpoint<>(transport, protocol);
    }

    private static InetSocketAddress resolve(EventLoop loop, SocketAddress address) throws IOException {
        if (address == null) {
            return null;
        }
        if (!(address instanceof InetSocketAddress a)) {
            throw new IllegalArgumentException("a UDP endpoint needs an InetSocketAddress, got " + address);
        }
        return a.isUnresolved() ? Resolver.getaddrinfo(loop, a.getHostString(), a.getPort()).get(0) : a;
    }
}
