package org.asyncio4j.transports;

import javax.net.ssl.SSLContext;

/**
 * Options of {@link org.asyncio4j.EventLoop#createServer} and
 * {@link org.asyncio4j.streams.Streams#startServer}: asyncio's keyword arguments. Start from
 * {@link #DEFAULT} and change what you need:
 * {@snippet :
 * ServerOptions.DEFAULT.withBacklog(1024).withReusePort(true)
 * }
 *
 * @param backlog the listen queue length (default 100)
 * @param reuseAddress SO_REUSEADDR: reuse a port whose old connections linger in TIME_WAIT (default
 *        true, as asyncio on Unix)
 * @param reusePort SO_REUSEPORT: let several sockets (for instance one per event-loop thread) listen on
 *        the same port, the kernel spreading connections over them (default false)
 * @param keepAlive SO_KEEPALIVE on accepted connections (default false)
 * @param startServing start accepting at once (default true); else call {@code startServing()} or
 *        {@code serveForever()} later. (Java binds and listens in one call, so until then the kernel
 *        queues incoming connections in the backlog, where asyncio's socket would not listen yet.)
 * @param ssl a TLS context to speak TLS with every client, or null
 * @param sslHandshakeTimeout seconds to wait for each TLS handshake (null: 60); only with {@code ssl}
 * @param sslShutdownTimeout seconds to wait for each TLS shutdown (null: 30); only with {@code ssl}
 * @param cleanupSocket Unix servers: remove the socket file on close, unless someone replaced it
 *        (default true)
 */
public record ServerOptions(int backlog, boolean reuseAddress, boolean reusePort, boolean keepAlive,
                            boolean startServing, SSLContext ssl, Double sslHandshakeTimeout,
                            Double sslShutdownTimeout, boolean cleanupSocket) implements TlsSettings {
    /** asyncio's defaults. */
    public static final ServerOptions DEFAULT = new ServerOptions(100, true, false, false, true, null, null, null, true);

    public ServerOptions {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog < 0: " + backlog);
        }
        TlsOptions.checkTimeout("sslHandshakeTimeout", sslHandshakeTimeout);
        TlsOptions.checkTimeout("sslShutdownTimeout", sslShutdownTimeout);
    }

    public ServerOptions withBacklog(int n) {
        return new ServerOptions(n, reuseAddress, reusePort, keepAlive, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket);
    }

    public ServerOptions withReuseAddress(boolean on) {
        return new ServerOptions(backlog, on, reusePort, keepAlive, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket);
    }

    public ServerOptions withReusePort(boolean on) {
        return new ServerOptions(backlog, reuseAddress, on, keepAlive, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket);
    }

    public ServerOptions withKeepAlive(boolean on) {
        return new ServerOptions(backlog, reuseAddress, reusePort, on, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket);
    }

    public ServerOptions withStartServing(boolean on) {
        return new ServerOptions(backlog, reuseAddress, reusePort, keepAlive, on, ssl, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket);
    }

    public ServerOptions withSsl(SSLContext context) {
        return new ServerOptions(backlog, reuseAddress, reusePort, keepAlive, startServing, context, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket);
    }

    public ServerOptions withSslHandshakeTimeout(double seconds) {
        return new ServerOptions(backlog, reuseAddress, reusePort, keepAlive, startServing, ssl, seconds, sslShutdownTimeout, cleanupSocket);
    }

    public ServerOptions withSslShutdownTimeout(double seconds) {
        return new ServerOptions(backlog, reuseAddress, reusePort, keepAlive, startServing, ssl, sslHandshakeTimeout, seconds, cleanupSocket);
    }

    public ServerOptions withCleanupSocket(boolean on) {
        return new ServerOptions(backlog, reuseAddress, reusePort, keepAlive, startServing, ssl, sslHandshakeTimeout, sslShutdownTimeout, on);
    }

    /**
     * Rejects TLS-only options given without {@code ssl}, as asyncio does.
     *
     * @throws IllegalArgumentException naming the option
     */
    public void validate() {
        if (ssl == null) {
            TlsOptions.rejectWithoutSsl("sslHandshakeTimeout", sslHandshakeTimeout);
            TlsOptions.rejectWithoutSsl("sslShutdownTimeout", sslShutdownTimeout);
        }
    }
}
