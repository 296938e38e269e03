package org.asyncio4j.transports;

import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.transports.NetTesting.LOCALHOST;
import static org.asyncio4j.transports.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.asyncio4j.streams.Streams;
import org.junit.jupiter.api.Test;

/** The TLS options of connections and servers, checked before any socket is opened. */
class TlsOptionsTest {

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
}
