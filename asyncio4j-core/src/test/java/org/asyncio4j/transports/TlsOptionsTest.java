package org.asyncio4j.transports;

import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.transports.NetTesting.LOCALHOST;
import static org.asyncio4j.transports.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import javax.net.ssl.SSLContext;
import org.asyncio4j.internal.net.TlsSupport;
import org.asyncio4j.streams.Streams;
import org.junit.jupiter.api.Test;

/** The TLS options of connections and servers, checked before any socket is opened. */
class TlsOptionsTest {

    private static boolean tlsBuiltIn() {
        try {
            TlsSupport.requireAvailable();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void tlsOnlyOptionsNeedSsl() {
        run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> getRunningLoop().createConnection(
                    NetTesting.Recorder::new, LOCALHOST, 1, ConnectionOptions.DEFAULT.withServerHostname("example.org")));
            assertEquals("serverHostname is only meaningful with ssl", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Streams.openConnection(LOCALHOST, 1,
                    ConnectionOptions.DEFAULT.withSslHandshakeTimeout(5)));
            assertThrows(IllegalArgumentException.class, () -> getRunningLoop().createServer(NetTesting.Echo::new, LOCALHOST, 0,
                    ServerOptions.DEFAULT.withSslShutdownTimeout(5)));
            return null;
        });
        assertThrows(IllegalArgumentException.class, () -> ConnectionOptions.DEFAULT.withSslHandshakeTimeout(0));
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.DEFAULT.withBacklog(-1));
    }

    @Test
    void sslFailsClearlyWhenTlsIsNotBuiltIn() throws Exception {
        assumeFalse(tlsBuiltIn(), "this build has TLS");
        SSLContext ctx = SSLContext.getDefault();
        run(() -> {
            UnsupportedOperationException c = assertThrows(UnsupportedOperationException.class,
                    () -> getRunningLoop().createConnection(NetTesting.Recorder::new, LOCALHOST, 1, ConnectionOptions.DEFAULT.withSsl(ctx)));
            assertEquals("TLS support is not built into this build", c.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> Streams.startServer((r, w) -> {}, LOCALHOST, 0,
                    ServerOptions.DEFAULT.withSsl(ctx)));
            return null;
        });
    }
}
