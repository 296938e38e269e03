package org.asyncio4j.streams;

import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.transports.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.asyncio4j.transports.NetTesting.Echo;
import org.asyncio4j.transports.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Unix-domain stream sockets, and conformance M7 (socket file cleanup). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UnixStreamsTest {
    @TempDir
    Path dir;

    private static void upperCaseLine(StreamReader r, StreamWriter w) throws Exception {
        w.write(new String(r.readLine()).toUpperCase().getBytes());
        w.close();
    }

    @Test
    void unixStreamsEcho() {
        Path path = dir.resolve("echo.sock");
        run(() -> {
            Server srv = Streams.startUnixServer(UnixStreamsTest::upperCaseLine, path);
            assertEquals(UnixDomainSocketAddress.of(path), srv.sockets().get(0).getLocalAddress());
            StreamConnection c = Streams.openUnixConnection(path);
            c.writer().write("hello unix\n".getBytes());
            assertEquals("HELLO UNIX\n", new String(c.reader().read()));
            assertTrue(c.writer().canWriteEof());
            c.writer().close();
            srv.close();
            srv.waitClosed();
            return null;
        });
    }

    @Test
    void m7_socketFileRemovedOnClose() {
        Path path = dir.resolve("a.sock");
        run(() -> {
            Server srv = getRunningLoop().createUnixServer(Echo::new, path);
            assertTrue(Files.exists(path));
            srv.close();
            assertFalse(Files.exists(path));
            return null;
        });
    }

    @Test
    void m7_socketFileRemovedWhenServedFromABoundSocket() {
        Path path = dir.resolve("b.sock");
        run(() -> {
            ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ss.bind(UnixDomainSocketAddress.of(path));
            Server srv = getRunningLoop().createServer(Echo::new, ss, ServerOptions.DEFAULT);
            srv.close();
            assertFalse(Files.exists(path));
            return null;
        });
    }

    @Test
    void m7_alreadyRemovedIsNoError() {
        Path path = dir.resolve("c.sock");
        run(() -> {
            Server srv = getRunningLoop().createUnixServer(Echo::new, path);
            Files.delete(path);
            srv.close();
            assertFalse(Files.exists(path));
            return null;
        });
    }

    @Test
    void m7_replacedPathIsLeftAlone() {
        Path path = dir.resolve("d.sock");
        run(() -> {
            Server srv = getRunningLoop().createUnixServer(Echo::new, path);
            Files.delete(path);
            Files.writeString(path, "someone else's file");
            srv.close();
            assertEquals("someone else's file", Files.readString(path));
            return null;
        });
    }

    @Test
    void m7_cleanupSocketFalseLeavesTheFile() {
        Path path = dir.resolve("e.sock");
        run(() -> {
            Server srv = getRunningLoop().createUnixServer(Echo::new, path, ServerOptions.DEFAULT.withCleanupSocket(false));
            srv.close();
            assertTrue(Files.exists(path));
            return null;
        });
    }

    @Test
    void staleSocketFileIsReplaced() {
        Path path = dir.resolve("f.sock");
        run(() -> {
            Server first = getRunningLoop().createUnixServer(Echo::new, path, ServerOptions.DEFAULT.withCleanupSocket(false));
            first.close();
            assertTrue(Files.exists(path), "a stale socket file");
            Server second = Streams.startUnixServer(UnixStreamsTest::upperCaseLine, path);
            StreamConnection c = Streams.openUnixConnection(path);
            c.writer().write("again\n".getBytes());
            assertEquals("AGAIN\n", new String(c.reader().read()));
            c.writer().close();
            second.close();
            second.waitClosed();
            return null;
        });
    }
}
