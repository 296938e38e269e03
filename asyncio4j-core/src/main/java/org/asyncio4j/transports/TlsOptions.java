package org.asyncio4j.transports;

/** The checks shared by the option records about their TLS settings. */
final class TlsOptions {
    /** asyncio's {@code SSL_HANDSHAKE_TIMEOUT}. */
    static final double DEFAULT_HANDSHAKE_TIMEOUT = 60.0;
    /** asyncio's {@code SSL_SHUTDOWN_TIMEOUT}. */
    static final double DEFAULT_SHUTDOWN_TIMEOUT = 30.0;

    private TlsOptions() {}

    static void checkTimeout(String name, Double seconds) {
        if (seconds != null && !(seconds > 0)) {
            throw new IllegalArgumentException(name + " should be a positive number, got " + seconds);
        }
    }

    static void rejectWithoutSsl(String name, Object value) {
        if (value != null) {
            throw new IllegalArgumentException(name + " is only meaningful with ssl");
        }
    }
}
