package org.asyncio4j.transports;

import static org.asyncio4j.Asyncio.createTask;
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

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.asyncio4j.Asyncio;
import org.asyncio4j.CancelledError;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Task;
import org.asyncio4j.streams.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sock_* operations, add/remove reader/writer and getaddrinfo (conformance M2, §5.6). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SockLowLevelTest {

    /** A connected pair of non-blocking channels on loopback. */
    private static SocketChannel[] pair() throws Exception {
        ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress(LOCALHOST, 0));
        ss.configureBlocking(false);
        SocketChannel client = SocketChannel.open();
        client.configureBlocking(false);
        Task<SocketChannel> accept = createTask(() -> getRunningLoop().sockAccept(ss));
        getRunningLoop().sockConnect(client, new InetSocketAddress(LOCALHOST, ss.socket().getLocalPort()));
        SocketChannel server = accept.await();
        ss.close();
        assertFalse(server.isBlocking());
        return new SocketChannel[] {client, server};
    }

    @Test
    void m2_hugeContent() {
        byte[] data = new byte[16 << 20];
        new Random(3).nextBytes(data);
        run(() -> {
            SocketChannel[] p = pair();
            Task<Void> send = createTask(() -> {
                getRunningLoop().sockSendall(p[0], data);
                p[0].shutdownOutput();
            });
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (true) {
                byte[] chunk = getRunningLoop().sockRecv(p[1], 1 << 16);
                if (chunk.length == 0) {
                    break;
                }
                got.writeBytes(chunk);
            }
            send.await();
            assertArrayEquals(data, got.toByteArray());
            p[0].close();
            p[1].close();
            return null;
        });
    }

    @Test
    void m2_hugeContentRecvInto() {
        byte[] data = new byte[16 << 20];
        new Random(4).nextBytes(data);
        run(() -> {
            SocketChannel[] p = pair();
            Task<Void> send = createTask(() -> {
                getRunningLoop().sockSendall(p[0], ByteBuffer.wrap(data));
                p[0].close();
            });
            byte[] got = new byte[data.length + 1];
            ByteBuffer buf = ByteBuffer.wrap(got);
            int total = 0;
            while (true) {
                buf.limit(Math.min(got.length, buf.position() + (1 << 16)));
                int n = getRunningLoop().sockRecvInto(p[1], buf);
                if (n == 0) {
                    break;
                }
                total += n;
            }
            send.await();
            assertEquals(data.length, total);
            assertTrue(java.util.Arrays.equals(data, 0, data.length, got, 0, total));
            p[1].close();
            return null;
        });
    }

    @Test
    void blockingChannelsAreRejected() {
        run(() -> {
            SocketChannel blocking = SocketChannel.open();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> getRunningLoop().sockRecv(blocking, 10));
            assertTrue(e.getMessage().startsWith("the socket must be non-blocking"));
            assertThrows(IllegalArgumentException.class, () -> getRunningLoop().addReader(blocking, () -> {}));
            blocking.close();
            return null;
        });
    }

    @Test
    void cancellingARecvUnregistersItsReader() {
        run(() -> {
            SocketChannel[] p = pair();
            Task<byte[]> recv = createTask(() -> getRunningLoop().sockRecv(p[1], 10));
            sleep(0);
            recv.cancel();
            assertThrows(CancelledError.class, recv::await);
            assertFalse(getRunningLoop().removeReader(p[1]), "the reader is gone with the cancelled recv");
            getRunningLoop().sockSendall(p[0], "after".getBytes());
            assertEquals("after", new String(getRunningLoop().sockRecv(p[1], 10)), "no byte was lost");
            p[0].close();
            p[1].close();
            return null;
        });
    }

    @Test
    void addAndRemoveReaderAndWriter() {
        run(() -> {
            SocketChannel[] p = pair();
            EventLoop loop = getRunningLoop();
            assertFalse(loop.removeReader(p[1]));
            assertFalse(loop.removeWriter(p[1]));
            List<String> calls = new ArrayList<>();
            loop.addReader(p[1], () -> calls.add("first"));
            loop.addReader(p[1], () -> {
                calls.add("readable");
                loop.removeReader(p[1]);
            });
            loop.addWriter(p[0], () -> {
                calls.add("writable");
                loop.removeWriter(p[0]);
            });
            getRunningLoop().sockSendall(p[0], "x".getBytes());
            for (int i = 0; i < 1000 && calls.size() < 2; i++) {
                sleep(0.001);
            }
            assertTrue(calls.contains("readable") && calls.contains("writable"), calls.toString());
            assertFalse(calls.contains("first"), "adding a reader replaces the previous one");
            assertFalse(loop.removeReader(p[1]));
            assertFalse(loop.removeWriter(p[0]));
            p[0].close();
            p[1].close();
            return null;
        });
    }

    @Test
    void channelsOwnedByATransportAreRefused() {
        run(() -> {
            Server server = getRunningLoop().createServer(NetTesting.Echo::new, LOCALHOST, 0);
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            getRunningLoop().sockConnect(ch, new InetSocketAddress(LOCALHOST, port(server)));
            Connection<NetTesting.Recorder> c = getRunningLoop().createConnection(NetTesting.Recorder::new, ch,
                    ConnectionOptions.DEFAULT);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> getRunningLoop().addReader(ch, () -> {}));
            assertTrue(e.getMessage().contains("is used by transport"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> getRunningLoop().removeWriter(ch));
            c.transport().write("via sock=".getBytes());
            while (c.protocol().received.size() < 9) {
                sleep(0);
            }
            assertEquals("via sock=", c.protocol().received.toString());
            c.transport().close();
            server.close();
            return null;
        });
    }

    @Test
    void afterCloseAddFailsAndRemoveIsFalse() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        loop.close();
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        assertThrows(IllegalStateException.class, () -> loop.addReader(ch, () -> {}));
        assertFalse(loop.removeReader(ch));
        assertFalse(loop.removeWriter(ch));
        ch.close();
    }

    @Test
    void getaddrinfo() {
        run(() -> {
            assertEquals(List.of(new InetSocketAddress("127.0.0.1", 80)), getRunningLoop().getaddrinfo("127.0.0.1", 80));
            assertEquals(List.of(new InetSocketAddress("::1", 443)), getRunningLoop().getaddrinfo("[::1]", 443));
            List<InetSocketAddress> local = getRunningLoop().getaddrinfo("localhost", 8);
            assertFalse(local.isEmpty());
            assertTrue(local.stream().allMatch(a -> a.getAddress().isLoopbackAddress() && a.getPort() == 8));
            assertThrows(IllegalArgumentException.class, () -> getRunningLoop().getaddrinfo("127.0.0.1", 70000));
            return null;
        });
    }
}
