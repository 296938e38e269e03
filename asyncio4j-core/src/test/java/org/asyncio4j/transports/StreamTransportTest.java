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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.asyncio4j.ExceptionContext;
import org.asyncio4j.Future;
import org.asyncio4j.Task;
import org.asyncio4j.streams.Server;
import org.asyncio4j.transports.NetTesting.Echo;
import org.asyncio4j.transports.NetTesting.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stream transports and protocols over real loopback sockets: call order, flow control, failures. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamTransportTest {

    private static ServerSocketChannel rawListener() throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open();
        ss.bind(new InetSocketAddress(LOCALHOST, 0));
        ss.configureBlocking(false);
        return ss;
    }

    @Test
    void protocolCallOrderAndConnectionMadeBeforeReturn() {
        run(() -> {
            Server server = getRunningLoop().createServer(() -> new Protocol() {
                public void connectionMade(Transport t) {
                    t.write("hello".getBytes());
                    t.close();
                }
            }, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            Recorder r = c.protocol();
            assertTrue(r.made.isDone(), "connectionMade has run when createConnection returns");
            assertNull(r.lost.await());
            assertEquals(List.of("made", "data", "eof", "lost"), r.events);
            assertEquals("hello", r.received.toString());
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void connectionLostIsNeverInline() {
        run(() -> {
            Server server = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            c.transport().close();
            assertTrue(c.transport().isClosing());
            assertEquals(List.of("made"), c.protocol().events, "not called inside close()");
            c.transport().close(); // idempotent
            sleep(0);
            assertEquals(List.of("made", "lost"), c.protocol().events);
            server.close();
            return null;
        });
    }

    @Test
    void closeFlushesBufferedDataThenLosesTheConnection() {
        byte[] big = new byte[4 << 20];
        new Random(1).nextBytes(big);
        run(() -> {
            Future<byte[]> got = getRunningLoop().createFuture();
            Server server = getRunningLoop().createServer(() -> new Recorder() {
                @Override
                public boolean eofReceived() {
                    got.setResult(received.toByteArray());
                    return false;
                }
            }, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            c.transport().write(big);
            assertTrue(c.transport().getWriteBufferSize() > 0, "4 MiB does not fit in the socket at once");
            c.transport().close();
            assertArrayEquals(big, got.await());
            assertNull(c.protocol().lost.await());
            assertEquals(0, c.transport().getWriteBufferSize());
            server.close();
            return null;
        });
    }

    @Test
    void abortDiscardsBufferedData() {
        run(() -> {
            ServerSocketChannel ss = rawListener();
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, ss.socket().getLocalPort());
            SocketChannel peer = getRunningLoop().sockAccept(ss);
            c.transport().write(new byte[8 << 20]);
            assertTrue(c.transport().getWriteBufferSize() > 0);
            c.transport().abort();
            assertEquals(0, c.transport().getWriteBufferSize());
            assertTrue(c.transport().isClosing());
            assertNull(c.protocol().lost.await());
            long total = 0;
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            try {
                while (true) {
                    buf.clear();
                    int n = getRunningLoop().sockRecvInto(peer, buf);
                    if (n == 0) {
                        break;
                    }
                    total += n;
                }
            } catch (IOException reset) {
                // also acceptable: the peer may see a reset
            }
            assertTrue(total < 8 << 20, "the buffered bytes were dropped, got " + total);
            peer.close();
            ss.close();
            return null;
        });
    }

    @Test
    void halfCloseKeepsWritingAfterEofReceived() {
        run(() -> {
            Server server = getRunningLoop().createServer(() -> new Recorder() {
                {
                    keepOpenOnEof = true;
                }

                @Override
                public boolean eofReceived() {
                    super.eofReceived();
                    transport.write(("got " + received.size() + " bytes").getBytes());
                    transport.close();
                    return true;
                }
            }, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            assertTrue(c.transport().canWriteEof());
            c.transport().write("abcde".getBytes());
            c.transport().writeEof();
            c.transport().writeEof(); // idempotent
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.transport().write("x".getBytes()));
            assertEquals("Cannot call write() after write_eof()", e.getMessage());
            assertNull(c.protocol().lost.await());
            assertEquals("got 5 bytes", c.protocol().received.toString());
            assertEquals(List.of("made", "data", "eof", "lost"), c.protocol().events);
            server.close();
            return null;
        });
    }

    @Test
    void eofReceivedFalseClosesTheTransport() {
        run(() -> {
            NetTesting.Recorders accepted = new NetTesting.Recorders();
            Server server = getRunningLoop().createServer(accepted, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            c.transport().writeEof();
            Recorder serverSide = accepted.first();
            assertNull(serverSide.lost.await());
            assertEquals(List.of("made", "eof", "lost"), serverSide.events);
            assertNull(c.protocol().lost.await(), "the server closed, the client sees EOF then loss");
            server.close();
            return null;
        });
    }

    @Test
    void connectionResetByPeer() {
        run(() -> {
            ServerSocketChannel ss = rawListener();
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, ss.socket().getLocalPort());
            SocketChannel peer = getRunningLoop().sockAccept(ss);
            peer.setOption(StandardSocketOptions.SO_LINGER, 0);
            peer.close(); // linger 0: the kernel sends a RST
            Throwable exc = c.protocol().lost.await();
            assertInstanceOf(IOException.class, exc);
            assertTrue(c.transport().isClosing());
            c.transport().write("dropped".getBytes()); // silently dropped once the connection is lost
            ss.close();
            return null;
        });
    }

    @Test
    void peerThatStopsReadingPausesAndResumesWriting() {
        run(() -> {
            ServerSocketChannel ss = rawListener();
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, ss.socket().getLocalPort());
            SocketChannel peer = getRunningLoop().sockAccept(ss);
            Transport t = c.protocol().transport;
            assertEquals(new WriteBufferLimits(16 * 1024, 64 * 1024), t.getWriteBufferLimits());
            byte[] chunk = new byte[16 * 1024];
            long written = 0;
            for (int i = 0; i < 10_000 && !c.protocol().events.contains("pause"); i++) {
                t.write(chunk);
                written += chunk.length;
            }
            assertEquals(List.of("made", "pause"), c.protocol().events);
            assertTrue(t.getWriteBufferSize() > 64 * 1024);
            long read = 0;
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (read < written) {
                buf.clear();
                read += getRunningLoop().sockRecvInto(peer, buf);
            }
            assertEquals(written, read);
            sleep(0);
            assertEquals(List.of("made", "pause", "resume"), c.protocol().events, "strictly alternating");
            assertEquals(0, t.getWriteBufferSize());
            t.close();
            peer.close();
            ss.close();
            return null;
        });
    }

    @Test
    void writeBufferLimitsFollowAsyncioRules() {
        run(() -> {
            Server server = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            Transport t = c.transport();
            t.setWriteBufferLimits(null, 100);
            assertEquals(new WriteBufferLimits(100, 400), t.getWriteBufferLimits());
            t.setWriteBufferLimits(1000, null);
            assertEquals(new WriteBufferLimits(250, 1000), t.getWriteBufferLimits());
            assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(1, 2));
            assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(-2, -3));
            t.setWriteBufferLimits(0, 0);
            t.close();
            server.close();
            return null;
        });
    }

    @Test
    void clientThatConnectsAndSendsNothing() {
        run(() -> {
            NetTesting.Recorders accepted = new NetTesting.Recorders();
            Server server = getRunningLoop().createServer(accepted, LOCALHOST, 0);
            SocketChannel silent = SocketChannel.open();
            silent.configureBlocking(false);
            getRunningLoop().sockConnect(silent, new InetSocketAddress(LOCALHOST, port(server)));
            Recorder r = accepted.first();
            assertEquals(List.of("made"), r.events);
            assertTrue(r.transport.isReading());
            silent.close();
            assertNull(r.lost.await());
            assertEquals(List.of("made", "eof", "lost"), r.events);
            server.close();
            server.waitClosed();
            return null;
        });
    }

    @Test
    void pauseAndResumeReadingAreIdempotent() {
        run(() -> {
            Server server = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            Transport t = c.transport();
            assertTrue(t.isReading());
            t.pauseReading();
            t.pauseReading();
            assertFalse(t.isReading());
            t.write("ping".getBytes());
            for (int i = 0; i < 20; i++) {
                sleep(0);
            }
            assertEquals(0, c.protocol().received.size(), "no data while paused");
            t.resumeReading();
            t.resumeReading();
            assertTrue(t.isReading());
            while (c.protocol().received.size() < 4) {
                sleep(0);
            }
            assertEquals("ping", c.protocol().received.toString());
            t.close();
            assertFalse(t.isReading());
            server.close();
            return null;
        });
    }

    @Test
    void extraInfoAndNoDelay() {
        run(() -> {
            List<Transport> serverSide = new ArrayList<>();
            Server server = getRunningLoop().createServer(() -> new Protocol() {
                public void connectionMade(Transport t) {
                    serverSide.add(t);
                }
            }, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            Transport t = c.transport();
            InetSocketAddress peer = (InetSocketAddress) t.getExtraInfo("peername");
            assertEquals(port(server), peer.getPort());
            assertNotNull(t.getExtraInfo("sockname"));
            assertEquals("dflt", t.getExtraInfo("nope", "dflt"));
            TransportSocket sock = (TransportSocket) t.getExtraInfo("socket");
            assertTrue(sock.getOption(StandardSocketOptions.TCP_NODELAY));
            while (serverSide.isEmpty()) {
                sleep(0);
            }
            TransportSocket accepted = (TransportSocket) serverSide.get(0).getExtraInfo("socket");
            assertTrue(accepted.getOption(StandardSocketOptions.TCP_NODELAY));
            assertEquals(t.getExtraInfo("sockname"), serverSide.get(0).getExtraInfo("peername"));
            t.close();
            server.close();
            return null;
        });
    }

    @Test
    void protocolExceptionGoesToTheHandlerAndClosesTheTransport() {
        run(() -> {
            List<ExceptionContext> errors = NetTesting.captureErrors();
            Server server = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            IllegalStateException boom = new IllegalStateException("boom");
            Connection<Recorder> c = getRunningLoop().createConnection(() -> new Recorder() {
                @Override
                public void dataReceived(byte[] data) {
                    throw boom;
                }
            }, LOCALHOST, port(server));
            c.transport().write("x".getBytes());
            assertEquals(boom, c.protocol().lost.await());
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).message().startsWith("Fatal error: protocol.data_received() call failed."));
            assertEquals(boom, errors.get(0).exception());
            server.close();
            return null;
        });
    }

    @Test
    void bufferedProtocolReceivesIntoItsOwnBuffer() {
        byte[] payload = new byte[300_000];
        new Random(7).nextBytes(payload);
        run(() -> {
            Server server = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            Future<Void> done = getRunningLoop().createFuture();
            List<Integer> hints = new ArrayList<>();
            Connection<BufferedProtocol> c = getRunningLoop().createConnection(() -> new BufferedProtocol() {
                final ByteBuffer buf = ByteBuffer.allocate(1000);

                public ByteBuffer getBuffer(int sizeHint) {
                    hints.add(sizeHint);
                    buf.clear();
                    return buf;
                }

                public void bufferUpdated(int nbytes) {
                    got.write(buf.array(), 0, nbytes);
                    if (got.size() == payload.length) {
                        done.setResult(null);
                    }
                }
            }, LOCALHOST, port(server));
            c.transport().write(payload);
            done.await();
            assertArrayEquals(payload, got.toByteArray());
            assertTrue(hints.size() >= payload.length / 1000);
            c.transport().close();
            server.close();
            return null;
        });
    }

    @Test
    void writeVariantsAndWritelinesKeepOrder() {
        run(() -> {
            Server server = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
            Transport t = c.transport();
            t.write("a".getBytes());
            t.write("xbcx".getBytes(), 1, 2);
            t.write(ByteBuffer.wrap("de".getBytes()));
            t.writelines(List.of("f".getBytes(), new byte[0], "gh".getBytes()));
            t.write(new byte[0]);
            while (c.protocol().received.size() < 8) {
                sleep(0);
            }
            assertEquals("abcdefgh", c.protocol().received.toString());
            t.close();
            server.close();
            return null;
        });
    }

    @Test
    void manyConnectionsEchoEveryByteInOrder() {
        run(() -> {
            Server server = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            List<Task<Boolean>> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int seed = i;
                clients.add(createTask(() -> {
                    Random rnd = new Random(seed);
                    byte[] all = new byte[50_000 + rnd.nextInt(200_000)];
                    rnd.nextBytes(all);
                    Connection<Recorder> c = getRunningLoop().createConnection(Recorder::new, LOCALHOST, port(server));
                    int off = 0;
                    while (off < all.length) {
                        int n = Math.min(all.length - off, 1 + rnd.nextInt(40_000));
                        c.transport().write(all, off, n);
                        off += n;
                        if (rnd.nextInt(4) == 0) {
                            sleep(0);
                        }
                    }
                    while (c.protocol().received.size() < all.length && !c.protocol().lost.isDone()) {
                        sleep(0.001);
                    }
                    c.transport().close();
                    return java.util.Arrays.equals(all, c.protocol().received.toByteArray());
                }));
            }
            for (Task<Boolean> t : clients) {
                assertTrue(t.await());
            }
            server.close();
            server.waitClosed();
            return null;
        });
    }
    @Test
    void failingFlowControlCallbacksAndEmptyBuffersAreReported() {
        run(() -> {
            List<ExceptionContext> errors = NetTesting.captureErrors();
            ServerSocketChannel ss = rawListener();
            Connection<Recorder> c = getRunningLoop().createConnection(() -> new Recorder() {
                @Override
                public void pauseWriting() {
                    throw new IllegalStateException("pause");
                }
            }, LOCALHOST, ss.socket().getLocalPort());
            SocketChannel peer = getRunningLoop().sockAccept(ss);
            c.transport().setWriteBufferLimits(0, 0);
            c.transport().write(new byte[4 << 20]);
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).message().startsWith("protocol.pause_writing() failed"));
            c.transport().abort();

            Server server = getRunningLoop().createServer(Echo::new, LOCALHOST, 0);
            Future<Throwable> lost = getRunningLoop().createFuture();
            Connection<BufferedProtocol> b = getRunningLoop().createConnection(() -> new BufferedProtocol() {
                public ByteBuffer getBuffer(int sizeHint) {
                    return ByteBuffer.allocate(0);
                }

                public void bufferUpdated(int nbytes) {}

                public void connectionLost(Throwable exc) {
                    lost.setResult(exc);
                }
            }, LOCALHOST, port(server));
            b.transport().write("x".getBytes());
            assertEquals("get_buffer() returned an empty buffer", lost.await().getMessage());
            assertTrue(errors.get(1).message().startsWith("Fatal error: protocol.get_buffer() call failed."));
            peer.close();
            ss.close();
            server.close();
            return null;
        });
    }

    @Test
    void connectAcceptedSocketServesAChannelAcceptedElsewhere() {
        run(() -> {
            ServerSocketChannel ss = rawListener();
            Task<Connection<Recorder>> client = createTask(
                    () -> getRunningLoop().createConnection(Recorder::new, LOCALHOST, ss.socket().getLocalPort()));
            SocketChannel accepted = getRunningLoop().sockAccept(ss);
            Connection<Echo> server = getRunningLoop().connectAcceptedSocket(Echo::new, accepted, ConnectionOptions.DEFAULT);
            Connection<Recorder> c = client.await();
            c.transport().write("accepted".getBytes());
            while (c.protocol().received.size() < 8) {
                sleep(0);
            }
            assertEquals("accepted", c.protocol().received.toString());
            c.transport().close();
            server.transport().close();
            ss.close();
            return null;
        });
    }
}
