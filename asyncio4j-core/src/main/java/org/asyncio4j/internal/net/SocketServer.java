package org.asyncio4j.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.asyncio4j.Asyncio;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.CancelledError;
import org.asyncio4j.EventLoop;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Future;
import org.asyncio4j.TimerHandle;
import org.asyncio4j.internal.Throwables;
import org.asyncio4j.internal.poll.Poller;
import org.asyncio4j.streams.Server;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.ServerOptions;
import org.asyncio4j.transports.TransportSocket;

/**
 * A server listening on one or more sockets: counterpart of {@code asyncio.Server} together with the
 * accept loop of {@code selector_events.py}.
 */
public final class SocketServer implements Server {
    /** How long accepting pauses after the process ran out of file descriptors (asyncio's value). */
    static final double ACCEPT_RETRY_DELAY = 1.0;

    /** Accepts one pending connection, or returns null; a seam so that tests can inject failures. */
    @FunctionalInterface
    public interface Acceptor {
        SocketChannel accept(ServerSocketChannel listener) throws IOException;
    }

    /** The acceptor every server uses; tests replace it to simulate running out of file descriptors. */
    public static volatile Acceptor acceptor = ServerSocketChannel::accept;

    private final BaseEventLoop loop;
    private final Poller poller;
    private final Supplier<? extends BaseProtocol> protocolFactory;
    private final ServerOptions options;
    /** The listening sockets; null once closed. */
    private List<ServerSocketChannel> sockets;
    /** Unix servers: the socket file to remove on close, and its identity when created. */
    private final Path unixPath;
    private final Object unixFileKey;
    private boolean serving;
    private int activeCount;
    private final Set<SocketTransport> clients = new LinkedHashSet<>();
    /** Futures of waitClosed() callers; null once the server is closed and has no connections. */
    private List<Future<Void>> waiters = new ArrayList<>();
    private Future<Void> serveForeverFuture;
    private TimerHandle acceptRetry;

    SocketServer(BaseEventLoop loop, List<ServerSocketChannel> sockets, Supplier<? extends BaseProtocol> protocolFactory,
                 ServerOptions options, Path unixPath) {
        this.loop = loop;
        this.poller = loop.poller();
        this.sockets = new ArrayList<>(sockets);
        this.protocolFactory = protocolFactory;
        this.options = options;
        this.unixPath = options.cleanupSocket() ? unixPath : null;
        this.unixFileKey = this.unixPath != null ? fileKey(this.unixPath) : null;
    }

    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ accepting

    /** Starts accepting on every socket, unless already serving (asyncio's {@code _start_serving}). */
    void beginServing() {
        if (serving || sockets == null) {
            return;
        }
        serving = true;
        watchSockets(true);
    }

    private void watchSockets(boolean on) {
        for (ServerSocketChannel s : sockets) {
            try {
                if (on) {
                    poller.register(s, SelectionKey.OP_ACCEPT, ops -> acceptReady(s));
                } else if (poller.interestOps(s) != 0) {
                    poller.register(s, 0, poller.handlerOf(s));
                }
            } catch (IOException e) {
                loop.callExceptionHandler(ExceptionContext.of("cannot watch the listening socket " + s, e));
            }
        }
    }

    private void acceptReady(ServerSocketChannel listener) {
        for (int i = 0; i < Math.max(1, options.backlog()); i++) {
            SocketChannel conn;
            try {
                conn = acceptor.accept(listener);
                if (conn == null) {
                    return; // nothing more pending
                }
                conn.configureBlocking(false);
            } catch (IOException e) {
                if (isOutOfResources(e)) {
                    pauseAccepting(e);
                } else if (!isAbortedConnection(e)) {
                    loop.callExceptionHandler(ExceptionContext.of("socket.accept() failed on " + listener, e));
                }
                return;
            }
            connectionAccepted(conn);
        }
    }

    /** EMFILE, ENFILE, ENOBUFS, ENOMEM: the error messages the JDK takes from strerror. */
    static boolean isOutOfResources(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Too many open files") || m.contains("No buffer space available")
                || m.contains("Cannot allocate memory"));
    }

    private static boolean isAbortedConnection(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("connection abort");
    }

    /**
     * Stops accepting for {@link #ACCEPT_RETRY_DELAY} seconds: the pending connection stays pending, so
     * the listening socket stays readable and accepting again at once would spin the loop.
     */
    private void pauseAccepting(IOException e) {
        loop.callExceptionHandler(ExceptionContext.of("socket.accept() out of system resource", e));
        watchSockets(false);
        if (acceptRetry == null) {
            acceptRetry = loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                acceptRetry = null;
                if (serving && sockets != null) {
                    watchSockets(true);
                }
            });
        }
    }

    private void connectionAccepted(SocketChannel conn) {
        BaseProtocol protocol;
        try {
            if (conn.getRemoteAddress() instanceof java.net.InetSocketAddress) {
                conn.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (options.keepAlive()) {
                    conn.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                }
            }
            protocol = Objects.requireNonNull(protocolFactory.get(), "the protocol factory returned null");
        } catch (Throwable t) {
            if (Throwables.isFatal(t)) {
                throw (Error) t;
            }
            closeQuietly(conn);
            // asyncio reports this only in debug mode; a failing factory is a bug worth seeing always.
            loop.callExceptionHandler(ExceptionContext.of("Error on transport creation for incoming connection", t));
            return;
        }
        if (options.ssl() == null) {
            new SocketTransport(loop, conn, protocol, null, this);
            return;
        }
        Future<Void> handshake = loop.createFuture();
        TlsSupport.Layer layer;
        try {
            layer = TlsSupport.wrap(loop, protocol, options.ssl(), true, null, handshake,
                    options.handshakeTimeoutOrDefault(), options.shutdownTimeoutOrDefault());
        } catch (RuntimeException e) {
            closeQuietly(conn);
            loop.callExceptionHandler(ExceptionContext.of("Error on transport creation for incoming connection", e));
            return;
        }
        SocketTransport transport = new SocketTransport(loop, conn, layer.socketProtocol(), null, this);
        handshake.addDoneCallback(f -> {
            if (f.isCancelled() || f.exception() != null) {
                transport.close();
                if (!f.isCancelled() && loop.getDebug()) {
                    loop.callExceptionHandler(ExceptionContext.of("Error on transport creation for incoming connection",
                            f.exception()));
                }
            }
        });
    }

    static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    // ------------------------------------------------------------------ connections

    void attach(SocketTransport transport) {
        activeCount++;
        clients.add(transport);
    }

    void detach(SocketTransport transport) {
        activeCount--;
        clients.remove(transport);
        if (activeCount == 0 && sockets == null) {
            wakeUp();
        }
    }

    private void wakeUp() {
        List<Future<Void>> ws = waiters;
        waiters = null;
        if (ws != null) {
            for (Future<Void> w : ws) {
                if (!w.isDone()) {
                    w.setResult(null);
                }
            }
        }
    }

    // ------------------------------------------------------------------ Server

    @Override
    public EventLoop getLoop() {
        return loop;
    }

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public void startServing() {
        beginServing();
        Asyncio.sleep(0);
    }

    @Override
    public void serveForever() {
        if (serveForeverFuture != null) {
            throw new IllegalStateException("server " + this + " is already being awaited on serve_forever()");
        }
        if (sockets == null) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        beginServing();
        Future<Void> f = loop.createFuture();
        serveForeverFuture = f;
        try {
            f.await();
        } catch (CancelledError e) {
            try {
                close();
                waitClosed();
            } finally {
                serveForeverFuture = null;
            }
            throw e;
        } finally {
            if (serveForeverFuture == f) {
                serveForeverFuture = null;
            }
        }
    }

    @Override
    public void close() {
        List<ServerSocketChannel> socks = sockets;
        if (socks == null) {
            return;
        }
        sockets = null;
        for (ServerSocketChannel s : socks) {
            try {
                poller.closeChannel(s);
            } catch (IOException ignored) {
                // closed anyway
            }
        }
        removeUnixSocketFile();
        serving = false;
        if (acceptRetry != null) {
            acceptRetry.cancel();
            acceptRetry = null;
        }
        Future<Void> f = serveForeverFuture;
        if (f != null && !f.isDone()) {
            f.cancel();
            serveForeverFuture = null;
        }
        if (activeCount == 0) {
            wakeUp();
        }
    }

    /** Removes the Unix socket file, unless it is gone or was replaced by another file since. */
    private void removeUnixSocketFile() {
        if (unixPath == null || unixFileKey == null) {
            return;
        }
        try {
            if (unixFileKey.equals(fileKey(unixPath))) {
                Files.delete(unixPath);
            }
        } catch (NoSuchFileException gone) {
            // someone removed it already
        } catch (IOException e) {
            SelectorTransport.LOG.log(Level.ERROR, "Unable to clean up listening UNIX socket " + unixPath, e);
        }
    }

    @Override
    public void closeClients() {
        for (SocketTransport t : new ArrayList<>(clients)) {
            t.close();
        }
    }

    @Override
    public void abortClients() {
        for (SocketTransport t : new ArrayList<>(clients)) {
            t.abort();
        }
    }

    @Override
    public void waitClosed() {
        if (waiters == null) {
            return;
        }
        Future<Void> w = loop.createFuture();
        waiters.add(w);
        w.await();
    }

    @Override
    public List<TransportSocket> sockets() {
        if (sockets == null) {
            return List.of();
        }
        List<TransportSocket> views = new ArrayList<>(sockets.size());
        for (ServerSocketChannel s : sockets) {
            views.add(TransportSocket.of(s));
        }
        return List.copyOf(views);
    }

    @Override
    public String toString() {
        List<String> addrs = new ArrayList<>();
        if (sockets != null) {
            for (ServerSocketChannel s : sockets) {
                try {
                    addrs.add(String.valueOf(s.getLocalAddress()));
                } catch (IOException e) {
                    addrs.add("?");
                }
            }
        }
        return "<Server sockets=" + addrs + (serving ? " serving" : "") + ">";
    }

    /** The path a Unix server listens on, or null. */
    static Path unixPathOf(ServerSocketChannel s) {
        try {
            return s.getLocalAddress() instanceof UnixDomainSocketAddress u ? u.getPath() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
