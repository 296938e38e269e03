package org.asyncio4j.internal.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.asyncio4j.Asyncio;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.EventLoop;
import org.asyncio4j.streams.Server;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.ServerOptions;

/** Servers: asyncio's {@code create_server} and {@code create_unix_server}. */
public final class Listener {
    /** The {@code st_mode} bits of a socket file. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private Listener() {}

    /**
     * Listens on every address of {@code host} (all interfaces, IPv4 and IPv6, when it is null or
     * empty) and starts serving unless the options say otherwise.
     */
    public static Server createServer(EventLoop eventLoop, Supplier<? extends BaseProtocol> factory, String host, int port,
                                      ServerOptions options) throws IOException {
        BaseEventLoop loop = Loops.base(eventLoop);
        Objects.requireNonNull(factory, "protocolFactory");
        checkOptions(options);
        List<InetSocketAddress> addresses = host == null || host.isEmpty()
                ? List.of(new InetSocketAddress(port))
                : Resolver.getaddrinfo(loop, host, port);
        List<ServerSocketChannel> sockets = new ArrayList<>();
        boolean ok = false;
        try {
            for (InetSocketAddress address : addresses) {
                // The wildcard socket is opened without a family: a dual-stack IPv6 socket where the
                // system has IPv6, so that one socket serves both families.
                ServerSocketChannel s = host == null || host.isEmpty()
                        ? ServerSocketChannel.open() : ServerSocketChannel.open(Connector.familyOf(address));
                sockets.add(s);
                s.configureBlocking(false);
                s.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                if (options.reusePort()) {
                    s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                bind(s, address, options.backlog());
            }
            ok = true;
        } finally {
            if (!ok) {
                sockets.forEach(SocketServer::closeQuietly);
            }
        }
        return start(loop, sockets, factory, options, null);
    }

    /** {@code create_server(sock=...)} / {@code create_unix_server(sock=...)}: serves a bound socket. */
    public static Server createServer(EventLoop eventLoop, Supplier<? extends BaseProtocol> factory, ServerSocketChannel socket,
                                      ServerOptions options) throws IOException {
        BaseEventLoop loop = Loops.base(eventLoop);
        checkOptions(options);
        if (socket.getLocalAddress() == null) {
            throw new IllegalArgumentException("the server socket is not bound: " + socket);
        }
        socket.configureBlocking(false);
        return start(loop, List.of(socket), factory, options, SocketServer.unixPathOf(socket));
    }

    /**
     * Listens on the Unix socket {@code path}; a stale socket file left there is removed first (other
     * kinds of file are left alone, and binding then fails).
     */
    public static Server createUnixServer(EventLoop eventLoop, Supplier<? extends BaseProtocol> factory, Path path,
                                          ServerOptions options) throws IOException {
        BaseEventLoop loop = Loops.base(eventLoop);
        Objects.requireNonNull(factory, "protocolFactory");
        checkOptions(options);
        removeStaleSocket(path);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean ok = false;
        try {
            s.configureBlocking(false);
            bind(s, UnixDomainSocketAddress.of(path), options.backlog());
            ok = true;
        } finally {
            if (!ok) {
                SocketServer.closeQuietly(s);
            }
        }
        return start(loop, List.of(s), factory, options, path);
    }

    private static void checkOptions(ServerOptions options) {
        options.validate();
    }

    private static void bind(ServerSocketChannel s, SocketAddress address, int backlog) throws IOException {
        try {
            s.bind(address, backlog);
        } catch (BindException e) {
            BindException named = new BindException("error while attempting to bind on address " + address + ": "
                    + String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT));
            named.initCause(e);
            throw named;
        }
    }

    private static void removeStaleSocket(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK) {
                Files.delete(path);
            }
        } catch (NoSuchFileException | UnsupportedOperationException | IllegalArgumentException absentOrUnknown) {
            // nothing to remove, or no way to tell a socket file
        } catch (IOException e) {
            SelectorTransport.LOG.log(System.Logger.Level.ERROR, "Unable to check or remove stale UNIX socket " + path, e);
        }
    }

    private static Server start(BaseEventLoop loop, List<ServerSocketChannel> sockets, Supplier<? extends BaseProtocol> factory,
                                ServerOptions options, Path unixPath) {
        SocketServer server = new SocketServer(loop, sockets, factory, options, unixPath);
        if (options.startServing()) {
            server.beginServing();
            Asyncio.sleep(0); // as asyncio: one iteration so that the registrations take effect
        }
        return server;
    }
}
