package org.asyncio4j.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.asyncio4j.tls.TlsTestSupport.CLIENT_CONTEXT;
import static org.asyncio4j.tls.TlsTestSupport.SERVER_CONTEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.asyncio4j.Asyncio;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.TimedOutException;
import org.asyncio4j.streams.Server;
import org.asyncio4j.transports.BufferedProtocol;
import org.asyncio4j.transports.Connection;
import org.asyncio4j.transports.ConnectionOptions;
import org.asyncio4j.transports.ServerOptions;
import org.asyncio4j.transports.Transport;
import org.asyncio4j.transports.WriteBufferLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS through the transport/protocol API, over real sockets on 127.0.0.1 (ephemeral ports). */
@Timeout(60)
class TlsProtocolTest {
    static final ConnectionOptions CLIENT = ConnectionOptions.DEFAULT.withSsl(CLIENT_CONTEXT).withServerHostname("localhost");
    static final ServerOptions SERVER = ServerOptions.DEFAULT.withSsl(SERVER_CONTEXT);

    /** A TLS server whose protocols are handed to {@code accepted} as they are made. */
    static Server server(List<Recorder> accepted, boolean echo) throws Exception {
        return Asyncio.getRunningLoop().createServer(() -> {
            Recorder r = new Recorder();
            r.echo = echo;
            accepted.add(r);
            return r;
        }, "127.0.0.1", 0, SERVER);
    }

    static int port(Server s) {
        return s.sockets().get(0).localPort();
    }

    @Test
    void connectionMadeRunsAfterTheHandshakeAndDataEchoes() {
        List<String> events = Asyncio.run(() -> {
            List<Recorder> accepted = new ArrayList<>();
            Server server = server(accepted, true);
            EventLoop loop = Asyncio.getRunningLoop();
            Connection<Recorder> c = loop.createConnection(Recorder::new, "127.0.0.1", port(server), CLIENT);
            Recorder client = c.protocol();
            assertEquals(List.of("made"), client.events); // connectionMade ran before createConnection returned
            assertTrue(client.made.result().getExtraInfo("ssl_object") != null, "the handshake was already done");
            c.transport().write("ping".getBytes(UTF_8));
            while (client.received.size() < 4) {
                Asyncio.sleep(0.001);
            }
            c.transport().close();
            assertTrue(c.transport().isClosing());
            assertNull(client.lost.await());
            Recorder peer = accepted.get(0);
            peer.lost.await();
            server.close();
            List<String> all = new ArrayList<>(client.events);
            all.add("|");
            all.addAll(peer.events);
            all.add(client.received.toString(UTF_8));
            return all;
        });
        // the client's close sends close_notify: the server sees EOF and answers with its own, which the
        // client also reports as eofReceived (as asyncio does) before both close cleanly
        assertEquals(List.of("made", "data", "eof", "lost", "|", "made", "data", "eof", "lost", "ping"), events);
    }

    @Test
    void serverCloseNotifyReachesTheClientAsEof() {
        List<String> events = Asyncio.run(() -> {
            List<Recorder> accepted = new ArrayList<>();
            Server server = server(accepted, false);
            Connection<Recorder> c = Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1", port(server), CLIENT);
            while (accepted.isEmpty() || !accepted.get(0).made.isDone()) {
                Asyncio.sleep(0.001);
            }
            Recorder peer = accepted.get(0);
            peer.transport.write("last".getBytes(UTF_8));
            peer.transport.close();
            peer.transport.write("dropped".getBytes(UTF_8)); // after close: silently dropped
            assertNull(c.protocol().lost.await());
            assertNull(peer.lost.await());
            server.close();
            List<String> all = new ArrayList<>(c.protocol().events);
            all.add(c.protocol().received.toString(UTF_8));
            return all;
        });
        assertEquals(List.of("made", "data", "eof", "lost", "last"), events);
    }

    @Test
    void abortDropsTheConnectionWithoutCloseNotify() {
        List<String> events = Asyncio.run(() -> {
            List<Recorder> accepted = new ArrayList<>();
            Server server = server(accepted, false);
            Connection<Recorder> c = Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1", port(server), CLIENT);
            while (accepted.isEmpty() || !accepted.get(0).made.isDone()) {
                Asyncio.sleep(0.001);
            }
            c.transport().abort();
            assertTrue(c.transport().isClosing());
            c.transport().write("nothing".getBytes(UTF_8));
            assertNull(c.protocol().lost.await());
            Throwable atServer = accepted.get(0).lost.await();
            server.close();
            List<String> all = new ArrayList<>(c.protocol().events);
            all.add("|");
            all.addAll(accepted.get(0).events);
            all.add(atServer == null ? "server: clean" : "server: " + atServer.getClass().getSimpleName());
            return all;
        });
        // asyncio treats a TCP close without close_notify as an end of file, not an error
        assertEquals(List.of("made", "lost", "|", "made", "eof", "lost", "server: clean"), events);
    }

    @Test
    void bufferedProtocolReceivesEveryByteThroughASmallBuffer() {
        byte[] payload = new byte[3 << 20];
        new Random(7).nextBytes(payload);
        byte[] got = Asyncio.run(() -> {
            List<Recorder> accepted = new ArrayList<>();
            Server server = server(accepted, true);
            final class Collect implements BufferedProtocol {
                final ByteBuffer small = ByteBuffer.allocate(1000);
                final java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                final Future<Void> done = Asyncio.getRunningLoop().createFuture();

                @Override
                public ByteBuffer getBuffer(int sizeHint) {
                    return small.clear();
                }

                @Override
                public void bufferUpdated(int nbytes) {
                    all.write(small.array(), 0, nbytes);
                    if (all.size() == payload.length) {
                        done.setResult(null);
                    }
                }
            }
            Connection<Collect> c = Asyncio.getRunningLoop().createConnection(Collect::new, "127.0.0.1", port(server), CLIENT);
            c.transport().write(payload);
            c.protocol().done.await();
            c.transport().close();
            server.close();
            return c.protocol().all.toByteArray();
        });
        assertArrayEquals(payload, got);
    }

    @Test
    void pausedReaderPausesTheWriterThroughTls() {
        List<String> events = Asyncio.run(() -> {
            List<Recorder> accepted = new ArrayList<>();
            Server server = server(accepted, false);
            Connection<Recorder> c = Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1", port(server), CLIENT);
            while (accepted.isEmpty() || !accepted.get(0).made.isDone()) {
                Asyncio.sleep(0.001);
            }
            Recorder peer = accepted.get(0);
            peer.transport.pauseReading();
            assertFalse(peer.transport.isReading());
            Transport t = c.transport();
            assertEquals(new WriteBufferLimits(128 * 1024, 512 * 1024), t.getWriteBufferLimits());
            t.setWriteBufferLimits(64 * 1024, null);
            assertEquals(new WriteBufferLimits(16 * 1024, 64 * 1024), t.getWriteBufferLimits());
            byte[] chunk = new byte[64 * 1024];
            int sent = 0;
            for (int i = 0; i < 400 && !c.protocol().events.contains("pause"); i++) {
                t.write(chunk);
                sent += chunk.length;
                Asyncio.sleep(0.002);
            }
            assertTrue(c.protocol().events.contains("pause"), "the writer was paused after " + sent + " bytes");
            assertTrue(t.getWriteBufferSize() > 64 * 1024);
            peer.transport.resumeReading();
            while (peer.received.size() < sent) {
                Asyncio.sleep(0.002);
            }
            t.close();
            c.protocol().lost.await();
            server.close();
            return c.protocol().events;
        });
        assertEquals(List.of("made", "pause", "resume", "eof", "lost"), events);
    }

    @Test
    void handshakeTimeoutAbortsAPeerThatNeverAnswers() {
        Object outcome = Asyncio.run(() -> {
            // a plain TCP server that accepts and says nothing: the TLS client waits for a ServerHello
            List<Recorder> accepted = new ArrayList<>();
            Server silent = Asyncio.getRunningLoop().createServer(() -> {
                Recorder r = new Recorder();
                accepted.add(r);
                return r;
            }, "127.0.0.1", 0);
            double t0 = Asyncio.getRunningLoop().time();
            try {
                Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1", port(silent),
                        CLIENT.withSslHandshakeTimeout(0.2));
                return "connected?";
            } catch (TimedOutException e) {
                double took = Asyncio.getRunningLoop().time() - t0;
                assertTrue(took >= 0.19 && took < 10, "took " + took);
                accepted.get(0).lost.await(); // the client really dropped the connection
                silent.close();
                return e;
            }
        });
        TimedOutException e = assertInstanceOf(TimedOutException.class, outcome);
        assertEquals("SSL handshake is taking longer than 0.2 seconds: aborting the connection", e.getMessage());
    }

    @Test
    void serverHandshakeTimeoutDropsASilentClient() {
        String outcome = Asyncio.run(() -> {
            List<Recorder> accepted = new ArrayList<>();
            Server server = Asyncio.getRunningLoop().createServer(() -> {
                Recorder r = new Recorder();
                accepted.add(r);
                return r;
            }, "127.0.0.1", 0, SERVER.withSslHandshakeTimeout(0.2));
            Connection<Recorder> plain = Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1", port(server));
            Throwable lost = plain.protocol().lost.await(); // the server hangs up on us
            server.close();
            server.waitClosed();
            return plain.protocol().events + " app protocols made: " + accepted.stream().filter(r -> r.made.isDone()).count()
                    + (lost == null ? "" : " " + lost.getClass().getSimpleName());
        });
        // the server closed the socket (it had nothing unread: a FIN, not a reset) and made no app protocol
        assertEquals("[made, eof, lost] app protocols made: 0", outcome);
    }

    @Test
    void shutdownTimeoutWhenThePeerNeverAnswersCloseNotify() {
        Object outcome = Asyncio.run(() -> {
            List<Recorder> accepted = new ArrayList<>();
            Server server = server(accepted, false);
            Connection<Recorder> c = Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1", port(server),
                    CLIENT.withSslShutdownTimeout(0.2));
            while (accepted.isEmpty() || !accepted.get(0).made.isDone()) {
                Asyncio.sleep(0.001);
            }
            accepted.get(0).transport.pauseReading(); // its TLS layer will not read our close_notify
            c.transport().close();
            Throwable lost = c.protocol().lost.await();
            server.close();
            return lost;
        });
        TimedOutException e = assertInstanceOf(TimedOutException.class, outcome);
        assertEquals("SSL shutdown timed out", e.getMessage());
    }

    @Test
    void writeEofIsNotSupported() {
        Asyncio.run(() -> {
            List<Recorder> accepted = new ArrayList<>();
            Server server = server(accepted, false);
            Connection<Recorder> c = Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1", port(server), CLIENT);
            assertFalse(c.transport().canWriteEof());
            assertThrows(UnsupportedOperationException.class, c.transport()::writeEof);
            c.transport().close();
            c.protocol().lost.await();
            server.close();
            return null;
        });
    }
}
