package org.asyncio4j.transports;

import java.net.SocketAddress;
import javax.net.ssl.SSLContext;

/**
 * Options of {@link org.asyncio4j.EventLoop#createConnection} and
 * {@link org.asyncio4j.streams.Streams#openConnection}: asyncio's keyword arguments. Start from
 * {@link #DEFAULT} and change what you need:
 * {@snippet :
 * ConnectionOptions.DEFAULT.withSsl(context).withServerHostname("example.org")
 * }
 *
 * @param ssl a TLS context to speak TLS over the connection, or null for plain TCP
 * @param serverHostname the name checked against the server's certificate and sent as SNI (default: the
 *        host connected to); only with {@code ssl}
 * @param sslHandshakeTimeout seconds to wait for the TLS handshake (null: 60); only with {@code ssl}
 * @param sslShutdownTimeout seconds to wait for the TLS shutdown (null: 30); only with {@code ssl}
 * @param localAddress the local address to bind to first, or null
 * @param allErrors when every address fails: true throws an {@link org.asyncio4j.ExceptionGroup} of all
 *        the errors, false (the default) a single {@link java.io.IOException}
 */
public record ConnectionOptions(SSLContext ssl, String serverHostname, Double sslHandshakeTimeout,
                                Double sslShutdownTimeout, SocketAddress localAddress, boolean allErrors) implements TlsSettings {
    /** No TLS, no local address, a single error. */
    public static final ConnectionOptions DEFAULT = new ConnectionOptions(null, null, null, null, null, false);

    public ConnectionOptions {
        TlsOptions.checkTimeout("sslHandshakeTimeout", sslHandshakeTimeout);
        TlsOptions.checkTimeout("sslShutdownTimeout", sslShutdownTimeout);
    }

    public ConnectionOptions withSsl(SSLContext context) {
        return new ConnectionOptions(context, serverHostname, sslHandshakeTimeout, sslShutdownTimeout, localAddress, allErrors);
    }

    public ConnectionOptions withServerHostname(String name) {
        return new ConnectionOptions(ssl, name, sslHandshakeTimeout, sslShutdownTimeout, localAddress, allErrors);
    }

    public ConnectionOptions withSslHandshakeTimeout(double seconds) {
        return new ConnectionOptions(ssl, serverHostname, seconds, sslShutdownTimeout, localAddress, allErrors);
    }

    public ConnectionOptions withSslShutdownTimeout(double seconds) {
        return new ConnectionOptions(ssl, serverHostname, sslHandshakeTimeout, seconds, localAddress, allErrors);
    }

    public ConnectionOptions withLocalAddress(SocketAddress address) {
        return new ConnectionOptions(ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout, address, allErrors);
    }

    public ConnectionOptions withAllErrors(boolean all) {
        return new ConnectionOptions(ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout, localAddress, all);
    }

    /**
     * Rejects TLS-only options given without {@code ssl}, as asyncio does.
     *
     * @throws IllegalArgumentException naming the option
     */
    public void validate() {
        if (ssl == null) {
            TlsOptions.rejectWithoutSsl("serverHostname", serverHostname);
            TlsOptions.rejectWithoutSsl("sslHandshakeTimeout", sslHandshakeTimeout);
            TlsOptions.rejectWithoutSsl("sslShutdownTimeout", sslShutdownTimeout);
        }
    }
}
