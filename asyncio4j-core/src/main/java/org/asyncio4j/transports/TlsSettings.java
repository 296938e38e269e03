package org.asyncio4j.transports;

import javax.net.ssl.SSLContext;

/** The TLS part of {@link ConnectionOptions} and {@link ServerOptions}. */
public interface TlsSettings {
    /** The TLS context, or null for plain connections. */
    SSLContext ssl();

    /** Seconds allowed for the TLS handshake, or null for the default. */
    Double sslHandshakeTimeout();

    /** Seconds allowed for the TLS closing handshake, or null for the default. */
    Double sslShutdownTimeout();

    /** The handshake timeout in force: asyncio's default is 60 s. */
    default double handshakeTimeoutOrDefault() {
        return sslHandshakeTimeout() != null ? sslHandshakeTimeout() : TlsOptions.DEFAULT_HANDSHAKE_TIMEOUT;
    }

    /** The shutdown timeout in force: asyncio's default is 30 s. */
    default double shutdownTimeoutOrDefault() {
        return sslShutdownTimeout() != null ? sslShutdownTimeout() : TlsOptions.DEFAULT_SHUTDOWN_TIMEOUT;
    }
}
