package org.asyncio4j;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * An asyncio event loop: one thread, a FIFO queue of ready callbacks, a heap of timers and an I/O
 * poller. Counterpart of {@code asyncio.AbstractEventLoop}; the implementation is
 * {@link SelectorEventLoop} (and {@link org.asyncio4j.testing.VirtualTimeLoop} for tests).
 *
 * <p>Threading: every method must be called on the loop's thread while it runs, except
 * {@link #callSoonThreadsafe}, {@link #time()}, {@link #isRunning()}, {@link #isClosed()} and
 * {@link #getDebug()}; a call from another thread fails with a message saying so. Before it runs, any
 * one thread may set a loop up.
 */
public interface EventLoop extends AutoCloseable {
    /** Schedules {@code callback} to run on the next iteration, after those already scheduled (FIFO). */
    Handle callSoon(Runnable callback);

    /** Schedules {@code callback} to run {@code delaySeconds} from now (0 or less: next iteration). */
    TimerHandle callLater(double delaySeconds, Runnable callback);

    /** {@link #callLater(double, Runnable)} with a {@link Duration}. */
    default TimerHandle callLater(Duration delay, Runnable callback) {
        return callLater(Durations.toSeconds(delay), callback);
    }

    /** Schedules {@code callback} at loop time {@code when} (see {@link #time()}). */
    TimerHandle callAt(double when, Runnable callback);

    /**
     * The only way to schedule a callback from another thread: appends it to the ready queue and wakes
     * the loop if it is waiting for I/O.
     */
    Handle callSoonThreadsafe(Runnable callback);

    /** The loop's monotonic clock, in seconds (the epoch is unspecified). */
    double time();

    /** Runs until {@link #stop()} is called. */
    void runForever();

    /**
     * Runs until {@code awaitable} is done and returns its result (or throws its failure). A coroutine
     * is wrapped in a task.
     *
     * @throws IllegalStateException if the loop is closed, already running (unless
     *         {@link NestAsyncio#apply()} made it re-entrant), or stopped before the awaitable is done
     */
    <T> T runUntilComplete(Awaitable<T> awaitable);

    /** Asks the loop to stop after the current iteration. */
    void stop();

    /**
     * Closes the loop: pending callbacks are dropped and the default executor is shut down without
     * waiting. Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    void close();

    boolean isRunning();

    boolean isClosed();

    /** A new pending future bound to this loop. */
    <T> Future<T> createFuture();

    /** Wraps {@code coro} in a task scheduled on this loop (through the task factory, if one is set). */
    <T> Task<T> createTask(Coroutine<T> coro);

    /** {@link #createTask(Coroutine)} with a name. */
    <T> Task<T> createTask(Coroutine<T> coro, String name);

    /** {@link #createTask(Coroutine)} with a name (or null) and a context the task runs in (shared, not copied). */
    <T> Task<T> createTask(Coroutine<T> coro, String name, Context context);

    /** Sets the factory {@code createTask} uses; null restores the default (lazy start). */
    void setTaskFactory(TaskFactory factory);

    TaskFactory getTaskFactory();

    /** Sets the handler for errors that have no caller; null restores the default (logging). */
    void setExceptionHandler(ExceptionHandler handler);

    ExceptionHandler getExceptionHandler();

    /** Reports an error to the exception handler (or the default one). Never throws. */
    void callExceptionHandler(ExceptionContext context);

    /** The default handler: logs the context at ERROR through {@code System.Logger} "org.asyncio4j". */
    void defaultExceptionHandler(ExceptionContext context);

    /** Debug mode: slow callbacks and task steps are logged. */
    void setDebug(boolean enabled);

    boolean getDebug();

    /** The duration above which debug mode logs a callback as slow (default 0.1 s). */
    void setSlowCallbackDuration(double seconds);

    double getSlowCallbackDuration();

    /**
     * Runs {@code fn} on {@code executor} (null: the loop's default thread pool) and returns a future of
     * its result. Cancelling the future does not interrupt a call that has started.
     */
    <T> Future<T> runInExecutor(Executor executor, Callable<T> fn);

    /** Sets the executor {@code runInExecutor(null, ...)} uses. */
    void setDefaultExecutor(java.util.concurrent.ExecutorService executor);

    /**
     * Shuts the default executor down and waits up to {@code timeoutSeconds} for its threads. Later
     * {@code runInExecutor(null, ...)} calls fail.
     */
    void shutdownDefaultExecutor(double timeoutSeconds);
    // ------------------------------------------------------------------ networking
    // Transports, servers and sockets (org.asyncio4j.transports, org.asyncio4j.streams). The methods
    // that suspend must be called in a coroutine running on this loop.

    /**
     * Connects to {@code host}:{@code port} (trying each address it resolves to, in order) and starts a
     * transport with a protocol from {@code protocolFactory} (a {@link org.asyncio4j.transports.Protocol}
     * or {@link org.asyncio4j.transports.BufferedProtocol}). Suspends until the protocol's
     * {@code connectionMade} has run. TCP_NODELAY is on. Counterpart of {@code loop.create_connection}.
     *
     * <p>Cancellation: closes the socket being connected.
     *
     * @throws java.io.IOException if no address connects (see {@code ConnectionOptions.allErrors})
     */
    default <P extends org.asyncio4j.transports.BaseProtocol> org.asyncio4j.transports.Connection<P> createConnection(
            java.util.function.Supplier<? extends P> protocolFactory, String host, int port) throws java.io.IOException {
        return createConnection(protocolFactory, host, port, org.asyncio4j.transports.ConnectionOptions.DEFAULT);
    }

    /** {@link #createConnection(java.util.function.Supplier, String, int)} with options (TLS, local address...). */
    default <P extends org.asyncio4j.transports.BaseProtocol> org.asyncio4j.transports.Connection<P> createConnection(
            java.util.function.Supplier<? extends P> protocolFactory, String host, int port,
            org.asyncio4j.transports.ConnectionOptions options) throws java.io.IOException {
        return org.asyncio4j.internal.net.Connector.createConnection(this, protocolFactory, host, port, options);
    }

    /** {@code create_connection(sock=...)}: starts a transport on an already connected channel. */
    default <P extends org.asyncio4j.transports.BaseProtocol> org.asyncio4j.transports.Connection<P> createConnection(
            java.util.function.Supplier<? extends P> protocolFactory, java.nio.channels.SocketChannel channel,
            org.asyncio4j.transports.ConnectionOptions options) throws java.io.IOException {
        return org.asyncio4j.internal.net.Connector.onConnectedChannel(this, protocolFactory, channel, options, false);
    }

    /**
     * Starts a transport on a channel accepted outside the loop (the server side of TLS, if any).
     * Counterpart of {@code loop.connect_accepted_socket}.
     */
    default <P extends org.asyncio4j.transports.BaseProtocol> org.asyncio4j.transports.Connection<P> connectAcceptedSocket(
            java.util.function.Supplier<? extends P> protocolFactory, java.nio.channels.SocketChannel channel,
            org.asyncio4j.transports.ConnectionOptions options) throws java.io.IOException {
        return org.asyncio4j.internal.net.Connector.onConnectedChannel(this, protocolFactory, channel, options, true);
    }

    /** Connects to the Unix-domain socket {@code path}; see {@link #createConnection(java.util.function.Supplier, String, int)}. */
    default <P extends org.asyncio4j.transports.BaseProtocol> org.asyncio4j.transports.Connection<P> createUnixConnection(
            java.util.function.Supplier<? extends P> protocolFactory, java.nio.file.Path path) throws java.io.IOException {
        return createUnixConnection(protocolFactory, path, org.asyncio4j.transports.ConnectionOptions.DEFAULT);
    }

    /** {@link #createUnixConnection(java.util.function.Supplier, java.nio.file.Path)} with options. */
    default <P extends org.asyncio4j.transports.BaseProtocol> org.asyncio4j.transports.Connection<P> createUnixConnection(
            java.util.function.Supplier<? extends P> protocolFactory, java.nio.file.Path path,
            org.asyncio4j.transports.ConnectionOptions options) throws java.io.IOException {
        return org.asyncio4j.internal.net.Connector.createUnixConnection(this, protocolFactory, path, options);
    }

    /**
     * Listens on {@code host}:{@code port} (null or "": every interface, IPv4 and IPv6, on one
     * dual-stack socket; a name: every address it resolves to; port 0: an ephemeral port) and makes one
     * protocol per accepted connection. Suspends for one iteration. Counterpart of
     * {@code loop.create_server}.
     *
     * @throws java.net.BindException if an address cannot be bound
     */
    default org.asyncio4j.streams.Server createServer(
            java.util.function.Supplier<? extends org.asyncio4j.transports.BaseProtocol> protocolFactory, String host, int port)
            throws java.io.IOException {
        return createServer(protocolFactory, host, port, org.asyncio4j.transports.ServerOptions.DEFAULT);
    }

    /** {@link #createServer(java.util.function.Supplier, String, int)} with options (backlog, reusePort, TLS...). */
    default org.asyncio4j.streams.Server createServer(
            java.util.function.Supplier<? extends org.asyncio4j.transports.BaseProtocol> protocolFactory, String host, int port,
            org.asyncio4j.transports.ServerOptions options) throws java.io.IOException {
        return org.asyncio4j.internal.net.Listener.createServer(this, protocolFactory, host, port, options);
    }

    /** {@code create_server(sock=...)}: serves an already bound listening channel (TCP or Unix). */
    default org.asyncio4j.streams.Server createServer(
            java.util.function.Supplier<? extends org.asyncio4j.transports.BaseProtocol> protocolFactory,
            java.nio.channels.ServerSocketChannel channel, org.asyncio4j.transports.ServerOptions options)
            throws java.io.IOException {
        return org.asyncio4j.internal.net.Listener.createServer(this, protocolFactory, channel, options);
    }

    /**
     * Listens on the Unix-domain socket {@code path} (a stale socket file there is replaced). On close
     * the file is removed unless {@code ServerOptions.cleanupSocket} is false or it was replaced.
     * Counterpart of {@code loop.create_unix_server}.
     */
    default org.asyncio4j.streams.Server createUnixServer(
            java.util.function.Supplier<? extends org.asyncio4j.transports.BaseProtocol> protocolFactory, java.nio.file.Path path)
            throws java.io.IOException {
        return createUnixServer(protocolFactory, path, org.asyncio4j.transports.ServerOptions.DEFAULT);
    }

    /** {@link #createUnixServer(java.util.function.Supplier, java.nio.file.Path)} with options. */
    default org.asyncio4j.streams.Server createUnixServer(
            java.util.function.Supplier<? extends org.asyncio4j.transports.BaseProtocol> protocolFactory, java.nio.file.Path path,
            org.asyncio4j.transports.ServerOptions options) throws java.io.IOException {
        return org.asyncio4j.internal.net.Listener.createUnixServer(this, protocolFactory, path, options);
    }

    /**
     * Opens a UDP endpoint bound to {@code localAddress} and/or connected to {@code remoteAddress}
     * (either may be null, not both). Counterpart of {@code loop.create_datagram_endpoint}.
     */
    default <P extends org.asyncio4j.transports.DatagramProtocol> org.asyncio4j.transports.DatagramEndpoint<P> createDatagramEndpoint(
            java.util.function.Supplier<? extends P> protocolFactory, java.net.SocketAddress localAddress,
            java.net.SocketAddress remoteAddress) throws java.io.IOException {
        return createDatagramEndpoint(protocolFactory, localAddress, remoteAddress, org.asyncio4j.transports.DatagramOptions.DEFAULT);
    }

    /** {@link #createDatagramEndpoint(java.util.function.Supplier, java.net.SocketAddress, java.net.SocketAddress)} with options. */
    default <P extends org.asyncio4j.transports.DatagramProtocol> org.asyncio4j.transports.DatagramEndpoint<P> createDatagramEndpoint(
            java.util.function.Supplier<? extends P> protocolFactory, java.net.SocketAddress localAddress,
            java.net.SocketAddress remoteAddress, org.asyncio4j.transports.DatagramOptions options) throws java.io.IOException {
        return org.asyncio4j.internal.net.Datagrams.create(this, protocolFactory, localAddress, remoteAddress, options);
    }

    /**
     * Reads up to {@code n} bytes from a non-blocking channel, suspending until some arrive; an empty
     * array at end of stream. Counterpart of {@code loop.sock_recv}.
     *
     * @throws IllegalArgumentException if the channel is blocking
     */
    default <C extends java.nio.channels.SelectableChannel & java.nio.channels.ReadableByteChannel> byte[] sockRecv(
            C channel, int n) throws java.io.IOException {
        return org.asyncio4j.internal.net.SockOps.recv(this, channel, n);
    }

    /** Reads into {@code buffer}; returns the count, 0 at end of stream. Counterpart of {@code loop.sock_recv_into}. */
    default <C extends java.nio.channels.SelectableChannel & java.nio.channels.ReadableByteChannel> int sockRecvInto(
            C channel, java.nio.ByteBuffer buffer) throws java.io.IOException {
        return org.asyncio4j.internal.net.SockOps.recvInto(this, channel, buffer);
    }

    /** Writes all of {@code data}, suspending while the channel is full. Counterpart of {@code loop.sock_sendall}. */
    default <C extends java.nio.channels.SelectableChannel & java.nio.channels.WritableByteChannel> void sockSendall(
            C channel, byte[] data) throws java.io.IOException {
        org.asyncio4j.internal.net.SockOps.sendAll(this, channel, java.nio.ByteBuffer.wrap(data));
    }

    /** {@link #sockSendall(java.nio.channels.SelectableChannel, byte[])} for the remaining bytes of a buffer. */
    default <C extends java.nio.channels.SelectableChannel & java.nio.channels.WritableByteChannel> void sockSendall(
            C channel, java.nio.ByteBuffer data) throws java.io.IOException {
        org.asyncio4j.internal.net.SockOps.sendAll(this, channel, data);
    }

    /** Accepts a connection (returned non-blocking), suspending until one arrives. Counterpart of {@code loop.sock_accept}. */
    default java.nio.channels.SocketChannel sockAccept(java.nio.channels.ServerSocketChannel listener) throws java.io.IOException {
        return org.asyncio4j.internal.net.SockOps.accept(this, listener);
    }

    /** Connects a non-blocking channel (resolving an unresolved address first). Counterpart of {@code loop.sock_connect}. */
    default void sockConnect(java.nio.channels.SocketChannel channel, java.net.SocketAddress address) throws java.io.IOException {
        org.asyncio4j.internal.net.SockOps.connect(this, channel, address);
    }

    /**
     * Calls {@code callback} (as a loop callback) whenever the non-blocking {@code channel} is readable
     * (or has a connection to accept); replaces a previous reader. Counterpart of {@code loop.add_reader}.
     *
     * @throws IllegalStateException if a transport owns the channel, or the loop is closed
     */
    default void addReader(java.nio.channels.SelectableChannel channel, Runnable callback) {
        org.asyncio4j.internal.net.FdWatcher.addReader(this, channel, callback);
    }

    /** Stops {@link #addReader}'s callback; returns whether there was one. */
    default boolean removeReader(java.nio.channels.SelectableChannel channel) {
        return org.asyncio4j.internal.net.FdWatcher.removeReader(this, channel);
    }

    /** Calls {@code callback} whenever {@code channel} is writable (or finished connecting). Counterpart of {@code loop.add_writer}. */
    default void addWriter(java.nio.channels.SelectableChannel channel, Runnable callback) {
        org.asyncio4j.internal.net.FdWatcher.addWriter(this, channel, callback);
    }

    /** Stops {@link #addWriter}'s callback; returns whether there was one. */
    default boolean removeWriter(java.nio.channels.SelectableChannel channel) {
        return org.asyncio4j.internal.net.FdWatcher.removeWriter(this, channel);
    }

    /**
     * The socket addresses of {@code host} with {@code port}, without duplicates. A numeric address is
     * parsed at once; a name is resolved in the default executor, suspending meanwhile. Counterpart of
     * {@code loop.getaddrinfo}.
     *
     * @throws java.net.UnknownHostException if the name does not resolve
     */
    default java.util.List<java.net.InetSocketAddress> getaddrinfo(String host, int port) throws java.io.IOException {
        return org.asyncio4j.internal.net.Resolver.getaddrinfo(this, host, port);
    }

    /**
     * Upgrades an existing connection to TLS: puts a TLS layer between {@code transport} and
     * {@code protocol}, runs the handshake (suspending until it is done) and returns the new transport,
     * which {@code protocol} must use from now on; the old one must not be used again. The protocol gets
     * no second {@code connectionMade}. Counterpart of {@code loop.start_tls}.
     *
     * <p>On the client side, {@code serverHostname} is sent as SNI and checked against the server's
     * certificate; {@code ""} skips both (the chain is still verified); null is rejected.
     *
     * <p>Cancellation, or a failed handshake: the connection is closed and the failure is thrown.
     *
     * @param sslHandshakeTimeout seconds allowed for the handshake (null: 60)
     * @param sslShutdownTimeout seconds allowed for the closing handshake (null: 30)
     * @throws IllegalArgumentException if the transport is not a stream socket (or TLS) transport, a
     *         timeout is not positive, or a client has no {@code serverHostname}
     * @throws javax.net.ssl.SSLException if the handshake failed (e.g. a certificate that does not verify)
     * @throws TimedOutException if the handshake took longer than its timeout
     */
    default org.asyncio4j.transports.Transport startTls(org.asyncio4j.transports.Transport transport,
            org.asyncio4j.transports.BaseProtocol protocol, javax.net.ssl.SSLContext sslContext, boolean serverSide,
            String serverHostname, Double sslHandshakeTimeout, Double sslShutdownTimeout) throws java.io.IOException {
        return org.asyncio4j.internal.tls.StartTls.startTls(this, transport, protocol, sslContext, serverSide,
                serverHostname, sslHandshakeTimeout, sslShutdownTimeout);
    }

    /** {@link #startTls(org.asyncio4j.transports.Transport, org.asyncio4j.transports.BaseProtocol, javax.net.ssl.SSLContext, boolean, String, Double, Double)} with the default timeouts. */
    default org.asyncio4j.transports.Transport startTls(org.asyncio4j.transports.Transport transport,
            org.asyncio4j.transports.BaseProtocol protocol, javax.net.ssl.SSLContext sslContext, boolean serverSide,
            String serverHostname) throws java.io.IOException {
        return startTls(transport, protocol, sslContext, serverSide, serverHostname, null, null);
    }
}
