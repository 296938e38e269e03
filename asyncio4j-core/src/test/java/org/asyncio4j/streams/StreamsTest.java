package org.asyncio4j.streams;

import static org.asyncio4j.Asyncio.createTask;
import static org.asyncio4j.Asyncio.gather;
import static org.asyncio4j.Asyncio.getRunningLoop;
import static org.asyncio4j.Asyncio.sleep;
import static org.asyncio4j.transports.NetTesting.LOCALHOST;
import static org.asyncio4j.transports.NetTesting.port;
import static org.asyncio4j.transports.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Task;
import org.asyncio4j.transports.NetTesting;
import org.asyncio4j.transports.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams over real loopback connections: drain, half-close, failures (conformance L15 and more). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamsTest {

    @Test
    void l15_multipleDrainersAreReleasedTogether() {
        run(() -> {
            StreamReaderProtocol protocol = new StreamReaderProtocol(getRunningLoop(), new StreamReader(), null);
            protocol.pauseWriting();
            StreamWriter writer = new StreamWriter(new FakeTransport(), protocol, null, getRunningLoop());
            List<Task<Void>> drainers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                drainers.add(createTask(writer::drain));
            }
            sleep(0);
            sleep(0);
            assertTrue(drainers.stream().noneMatch(Task::isDone));
            protocol.resumeWriting();
            gather(drainers.toArray(new Task<?>[0])).await();
            return null;
        });
    }

    @Test
    void l15_drainRaisesWhenThePeerClosed() {
        run(() -> {
            List<ExceptionContext> errors = NetTesting.captureErrors();
            ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress(LOCALHOST, 0));
            ss.configureBlocking(false);
            Task<Void> peer = createTask(() -> getRunningLoop().sockAccept(ss).close());
            StreamConnection c = Streams.openConnection(LOCALHOST, ss.socket().getLocalPort());
            peer.await();
            IOException e = assertThrows(IOException.class, () -> {
                while (true) {
                    c.writer().write("foo\n".getBytes());
                    c.writer().drain();
                }
            });
            assertTrue(e.getMessage() != null, "a connection error, not a hang: " + e);
            assertEquals(List.of(), errors);
            ss.close();
            return null;
        });
    }

    @Test
    void l15_writeAndDrainAfterCloseRaiseConnectionReset() {
        run(() -> {
            Server srv = Streams.startServer((r, w) -> {
                r.readLine();
                w.write("HTTP/1.0 200 OK\r\nServer: test\r\n\r\nTest message".getBytes());
                w.close();
            }, LOCALHOST, 0);
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            c.writer().write("GET / HTTP/1.0\r\n\r\n".getBytes());
            assertEquals("HTTP/1.0 200 OK\r\n", new String(c.reader().readLine()));
            assertTrue(new String(c.reader().read()).endsWith("\r\n\r\nTest message"));
            c.writer().close();
            ConnectionResetException e = assertThrows(ConnectionResetException.class, () -> {
                c.writer().write("data".getBytes());
                c.writer().drain();
            });
            assertEquals("Connection lost", e.getMessage());
            srv.close();
            srv.waitClosed();
            return null;
        });
    }

    @Test
    void echoAndWaitClosed() {
        run(() -> {
            Server srv = Streams.startServer((r, w) -> {
                for (byte[] line : r.lines()) {
                    w.write(line);
                    w.drain();
                }
                w.close();
                w.waitClosed();
            }, LOCALHOST, 0);
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            assertEquals(port(srv), ((InetSocketAddress) c.writer().getExtraInfo("peername")).getPort());
            for (int i = 0; i < 100; i++) {
                c.writer().write(("line " + i + "\n").getBytes());
                c.writer().drain();
                assertEquals("line " + i + "\n", new String(c.reader().readLine()));
            }
            c.writer().writeEof();
            assertEquals(0, c.reader().read().length);
            assertTrue(c.reader().atEof());
            c.writer().close();
            c.writer().waitClosed();
            assertTrue(c.writer().isClosing());
            srv.close();
            srv.waitClosed();
            return null;
        });
    }

    @Test
    void halfCloseThenReply() {
        run(() -> {
            Server srv = Streams.startServer((r, w) -> {
                byte[] all = r.read();
                w.write(new String(all).toUpperCase().getBytes());
                w.close();
            }, LOCALHOST, 0);
            StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
            assertTrue(c.writer().canWriteEof());
            c.writer().write("half ".getBytes());
            c.writer().write("closed".getBytes());
            c.writer().writeEof();
            assertEquals("HALF CLOSED", new String(c.reader().read()));
            c.writer().close();
            srv.close();
            return null;
        });
    }

    @Test
    void drainSuspendsUntilTheSlowPeerReads() {
        run(() -> {
            ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress(LOCALHOST, 0));
            ss.configureBlocking(false);
            StreamConnection c = Streams.openConnection(LOCALHOST, ss.socket().getLocalPort());
            SocketChannel peer = getRunningLoop().sockAccept(ss);
            int total = 8 << 20;
            Task<Void> writer = createTask(() -> {
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < total; sent += chunk.length) {
                    c.writer().write(chunk);
                    c.writer().drain();
                }
            });
            Transport t = c.writer().transport();
            for (int i = 0; i < 100_000 && t.getWriteBufferSize() <= 64 * 1024; i++) {
                sleep(0);
            }
            assertTrue(t.getWriteBufferSize() > 64 * 1024, "the buffer grew above the high-water mark");
            for (int i = 0; i < 10; i++) {
                sleep(0);
            }
            assertFalse(writer.isDone(), "drain() waits while the peer does not read");
            long read = 0;
            ByteBuffer buf = ByteBuffer.allocate(1 << 17);
            while (read < total) {
                buf.clear();
                read += getRunningLoop().sockRecvInto(peer, buf);
            }
            writer.await();
            assertEquals(total, read);
            c.writer().close();
            peer.close();
            ss.close();
            return null;
        });
    }

    @Test
    void connectionRefused() {
        run(() -> {
            ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress(LOCALHOST, 0));
            int port = ss.socket().getLocalPort();
            ss.close();
            assertThrows(ConnectException.class, () -> Streams.openConnection(LOCALHOST, port));
            return null;
        });
    }

    @Test
    void readerSeesTheResetOfItsConnection() {
        run(() -> {
            ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress(LOCALHOST, 0));
            ss.configureBlocking(false);
            StreamConnection c = Streams.openConnection(LOCALHOST, ss.socket().getLocalPort());
            SocketChannel peer = getRunningLoop().sockAccept(ss);
            getRunningLoop().sockSendall(peer, "partial".getBytes());
            peer.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            peer.close();
            assertEquals("partial", new String(c.reader().readExactly(7)));
            assertThrows(IOException.class, () -> c.reader().read(1));
            assertThrows(IOException.class, c.writer()::waitClosed);
            ss.close();
            return null;
        });
    }

    @Test
    void everyByteArrivesInOrderThroughManyStreams() {
        run(() -> {
            Server srv = Streams.startServer((r, w) -> {
                while (true) {
                    byte[] data = r.read(65536);
                    if (data.length == 0) {
                        break;
                    }
                    w.write(data);
                    w.drain();
                }
                w.close();
            }, LOCALHOST, 0);
            List<Task<Void>> clients = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int seed = i;
                clients.add(createTask(() -> {
                    Random rnd = new Random(seed);
                    byte[] all = new byte[100_000 + rnd.nextInt(300_000)];
                    rnd.nextBytes(all);
                    StreamConnection c = Streams.openConnection(LOCALHOST, port(srv));
                    Task<byte[]> reader = createTask(() -> c.reader().read());
                    for (int off = 0; off < all.length; ) {
                        int n = Math.min(all.length - off, 1 + rnd.nextInt(30_000));
                        c.writer().write(all, off, n);
                        c.writer().drain();
                        off += n;
                    }
                    c.writer().writeEof();
                    assertArrayEquals(all, reader.await());
                    c.writer().close();
                }));
            }
            gather(clients.toArray(new Task<?>[0])).await();
            srv.close();
            srv.waitClosed();
            return null;
        });
    }
}
