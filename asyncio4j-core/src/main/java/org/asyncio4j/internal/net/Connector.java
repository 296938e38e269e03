package org.asyncio4j.internal.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.EventLoop;
import org.asyncio4j.ExceptionGroup;
import org.asyncio4j.Future;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.Connection;
import org.asyncio4j.transports.ConnectionOptions;
import org.asyncio4j.transports.Transport;

/**
 * Client connections: asyncio's {@code create_connection}, {@code create_unix_connection} and
 * {@code connect_accepted_socket}.
 */
public final class Connector {
    private Connector() {}

    /**
     * Resolves {@code host}, tries its addresses in order until one connects, and starts a transport
     * and a protocol on it. The protocol's {@code connectionMade} has run when this returns.
     */
    public static <P extends BaseProtocol> Connection<P> createConnection(EventLoop eventLoop, Supplier<? extends P> factory,
                                                                          String host, int port, ConnectionOptions options)
            throws IOException {
        BaseEventLoop loop = Loops.base(eventLoop);
        Objects.requireNonNull(host, "host");
        checkOptions(options);
        List<InetSocketAddress> addresses = Resolver.getaddrinfo(loop, host, port);
        SocketAddress local = resolveLocal(loop, options.localAddress());
        List<IOException> errors = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            SocketChannel ch = SocketChannel.open(familyOf(address));
            boolean connected = false;
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (local != null) {
                    ch.bind(local);
                }
                SockOps.connect(loop, ch, address);
                connected = true;
            } catch (IOException e) {
                errors.add(e);
            } finally {
                if (!connected) {
                    SocketServer.closeQuietly(ch);
                }
            }
            if (connected) {
                return startTransport(loop, ch, factory, options, host, false);
            }
        }
        throw combine(errors, options.allErrors());
    }

    /** {@code create_connection(sock=...)}: a transport on an already connected channel. */
    public static <P extends BaseProtocol> Connection<P> onConnectedChannel(EventLoop eventLoop, Supplier<? extends P> factory,
                                                                            SocketChannel channel, ConnectionOptions options,
                                                                            boolean serverSide) throws IOException {
        BaseEventLoop loop = Loops.base(eventLoop);
        checkOptions(options);
        if (!channel.isConnected()) {
            throw new IllegalArgumentException("the channel is not connected: " + channel);
        }
        channel.configureBlocking(false);
        if (channel.getRemoteAddress() instanceof InetSocketAddress) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        return startTransport(loop, channel, factory, options, null, serverSide);
    }

    /** {@code create_unix_connection(path=...)}. */
    public static <P extends BaseProtocol> Connection<P> createUnixConnection(EventLoop eventLoop, Supplier<? extends P> factory,
                                                                              Path path, ConnectionOptions options)
            throws IOException {
        BaseEventLoop loop = Loops.base(eventLoop);
        Objects.requireNonNull(path, "path");
        checkOptions(options);
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        boolean connected = false;
        try {
            ch.configureBlocking(false);
            SockOps.connect(loop, ch, UnixDomainSocketAddress.of(path));
            connected = true;
        } finally {
            if (!connected) {
                SocketServer.closeQuietly(ch);
            }
        }
        return startTransport(loop, ch, factory, options, null, false);
    }

    private static void checkOptions(ConnectionOptions options) {
        options.validate();
    }

    static ProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static SocketAddress resolveLocal(EventLoop loop, SocketAddress local) throws IOException {
        if (local instanceof InetSocketAddress a && a.isUnresolved()) {
            return Resolver.getaddrinfo(loop, a.getHostString(), a.getPort()).get(0);
        }
        return local;
    }

    /** asyncio's rule for reporting the failures of every address tried. */
    private static IOException combine(List<IOException> errors, boolean all) {
        if (errors.isEmpty()) {
            return new java.net.UnknownHostException("getaddrinfo() returned an empty list");
        }
        if (all) {
            throw new ExceptionGroup("create_connection failed", errors);
        }
        if (errors.size() == 1) {
            return errors.get(0);
        }
        String model = String.valueOf(errors.get(0).getMessage());
        if (errors.stream().allMatch(e -> model.equals(String.valueOf(e.getMessage())))) {
            return errors.get(0);
        }
        StringBuilder sb = new StringBuilder("Multiple exceptions: ");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(errors.get(i).getMessage());
        }
        IOException combined = new java.net.ConnectException(sb.toString());
        errors.forEach(combined::addSuppressed);
        return combined;
    }

    /**
     * Makes the protocol and the transport (with a TLS layer between them when asked) and waits until
     * the protocol is connected (for TLS: until the handshake is done).
     */
    private static <P extends BaseProtocol> Connection<P> startTransport(BaseEventLoop loop, SocketChannel ch,
                                                                         Supplier<? extends P> factory, ConnectionOptions options,
                                                                         String host, boolean serverSide) throws IOException {
        P protocol;
        Future<Void> waiter;
        SocketTransport socketTransport;
        Transport app;
        try {
            protocol = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
            waiter = loop.createFuture();
            if (options.ssl() != null) {
                String hostname = options.serverHostname() != null ? options.serverHostname() : host;
                if (hostname == null && !serverSide) {
                    throw new IllegalArgumentException("You must set serverHostname when using ssl without a host");
                }
                TlsSupport.Layer layer = TlsSupport.wrap(loop, protocol, options.ssl(), serverSide, hostname, waiter,
                        options.handshakeTimeoutOrDefault(), options.shutdownTimeoutOrDefault());
                socketTransport = new SocketTransport(loop, ch, layer.socketProtocol(), null, null);
                app = layer.appTransport();
            } else {
                socketTransport = new SocketTransport(loop, ch, protocol, waiter, null);
                app = socketTransport;
            }
        } catch (RuntimeException | Error e) {
            SocketServer.closeQuietly(ch);
            throw e;
        }
        awaitStarted(waiter, socketTransport);
        return new Connection<>(app, protocol);
    }

    /** Waits until a new transport's protocol is connected; closes the transport if that fails or is cancelled. */
    static void awaitStarted(Future<Void> waiter, org.asyncio4j.transports.BaseTransport transport) throws IOException {
        try {
            IoAwait.await(waiter);
        } catch (IOException | RuntimeException | Error e) {
            transport.close();
            throw e;
        }
    }
}
