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
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsProtocolTest {
    static final ConnectionOptions CLIENT = ConnectionOptions.DEFAULT.withSsl(CLIENT_CONTEXT).withServerHostname("localhost");
    static final ServerOptions SERVER = ServerOptions.DEFAULT.withSsl(SERVER_CONTEXT);

    @Test
    void connectionMadeRunsAfterTheHandshakeAndDataEchoes() {
        List<String> events = Asyncio.run(() -> {
            ProtocolPair p = ProtocolPair.open(SERVER, CLIENT, true);
            Recorder client = p.clientProtocol();
            assertEquals(List.of("made"), client.events); // connectionMade ran before createConnection returned
            assertTrue(client.made.result().getExtraInfo("ssl_object") != null, "the handshake was already done");
            p.client().transport().write("ping".getBytes(UTF_8));
            ProtocolPair.awaitReceived(client, 4);
            p.client().transport().close();
            assertTrue(p.client().transport().isClosing());
            assertNull(client.lost.await());
            assertNull(p.peer().lost.await());
            p.server().close();
            return p.transcript();
        });
        // the client's close sends close_notify: the server sees EOF and answers with its own, which the
        // client also reports as eofReceived (as asyncio does) before both close cleanly
        assertEquals(List.of("made", "data", "eof", "lost", "ping", "|", "made", "data", "eof", "lost", "ping"), events);
    }

    @Test
    void serverCloseNotifyReachesTheClientAsEof() {
        List<String> events = Asyncio.run(() -> {
            ProtocolPair p = ProtocolPair.open(SERVER, CLIENT, false);
            p.peer().transport.write("last".getBytes(UTF_8));
            p.peer().transport.close();
            p.peer().transport.write("dropped".getBytes(UTF_8)); // after close: silently dropped
            assertNull(p.clientProtocol().lost.await());
            assertNull(p.peer().lost.await());
            p.server().close();
            return p.transcript();
        });
        assertEquals(List.of("made", "data", "eof", "lost", "last", "|", "made", "eof", "lost", ""), events);
    }

    @Test
    void abortDropsTheConnectionWithoutCloseNotify() {
        List<String> events = Asyncio.run(() -> {
            ProtocolPair p = ProtocolPair.open(SERVER, CLIENT, false);
            p.client().transport().abort();
            assertTrue(p.client().transport().isClosing());
            p.client().transport().write("nothing".getBytes(UTF_8));
            assertNull(p.clientProtocol().lost.await());
            Throwable atServer = p.peer().lost.await();
            p.server().close();
            List<String> all = p.transcript();
            all.add(atServer == null ? "server: clean" : "server: " + atServer.getClass().getSimpleName());
            return all;
        });
        // asyncio treats a TCP close without close_notify as an end of file, not an error
        assertEquals(List.of("made", "lost", "", "|", "made", "eof", "lost", "", "server: clean"), events);
    }

    @Test
    void bufferedProtocolReceivesEveryByteThroughASmallBuffer() {
        byte[] payload = new byte[3 << 20];
        new Random(7).nextBytes(payload);
        byte[] got = Asyncio.run(() -> {
            Server server = Asyncio.getRunningLoop().createServer(() -> {
                Recorder r = new Recorder();
                r.echo = true;
                return r;
            }, "127.0.0.1", 0, SERVER);
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
            Connection<Collect> c = Asyncio.getRunningLoop().createConnection(Collect::new, "127.0.0.1",
                    server.sockets().get(0).localPort(), CLIENT);
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
            ProtocolPair p = ProtocolPair.open(SERVER, CLIENT, false);
            p.peer().transport.pauseReading();
            assertFalse(p.peer().transport.isReading());
            Transport t = p.client().transport();
            assertEquals(new WriteBufferLimits(128 * 1024, 512 * 1024), t.getWriteBufferLimits());
            t.setWriteBufferLimits(64 * 1024, null);
            assertEquals(new WriteBufferLimits(16 * 1024, 64 * 1024), t.getWriteBufferLimits());
            byte[] chunk = new byte[64 * 1024];
            int sent = 0;
            for (int i = 0; i < 400 && !p.clientProtocol().events.contains("pause"); i++) {
                t.write(chunk);
                sent += chunk.length;
                Asyncio.sleep(0.002);
            }
            assertTrue(p.clientProtocol().events.contains("pause"), "the writer was paused after " + sent + " bytes");
            assertTrue(t.getWriteBufferSize() > 64 * 1024);
            p.peer().transport.resumeReading();
            ProtocolPair.awaitReceived(p.peer(), sent);
            t.close();
            p.clientProtocol().lost.await();
            p.server().close();
            return p.clientProtocol().events;
        });
        assertEquals(List.of("made", "pause", "resume", "eof", "lost"), events);
    }

    /** A plain TCP server whose protocols are recorded in {@code accepted}. */
    private static Server recordingServer(List<Recorder> accepted, ServerOptions options) throws Exception {
        return Asyncio.getRunningLoop().createServer(() -> {
            Recorder r = new Recorder();
            accepted.add(r);
            return r;
        }, "127.0.0.1", 0, options);
    }

    @Test
    void handshakeTimeoutAbortsAPeerThatNeverAnswers() {
        Object outcome = Asyncio.run(() -> {
            // a plain TCP server that accepts and says nothing: the TLS client waits for a ServerHello
            List<Recorder> accepted = new ArrayList<>();
            Server silent = recordingServer(accepted, ServerOptions.DEFAULT);
            double t0 = Asyncio.getRunningLoop().time();
            try {
                Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1", silent.sockets().get(0).localPort(),
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
            Server server = recordingServer(accepted, SERVER.withSslHandshakeTimeout(0.2));
            Connection<Recorder> plain = Asyncio.getRunningLoop().createConnection(Recorder::new, "127.0.0.1",
                    server.sockets().get(0).localPort());
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
            ProtocolPair p = ProtocolPair.open(SERVER, CLIENT.withSslShutdownTimeout(0.2), false);
            p.peer().transport.pauseReading(); // its TLS layer will not read our close_notify
            p.client().transport().close();
            Throwable lost = p.clientProtocol().lost.await();
            p.server().close();
            return lost;
        });
        TimedOutException e = assertInstanceOf(TimedOutException.class, outcome);
        assertEquals("SSL shutdown timed out", e.getMessage());
    }

    @Test
    void writeEofIsNotSupported() {
        Asyncio.run(() -> {
            ProtocolPair p = ProtocolPair.open(SERVER, CLIENT, false);
            assertFalse(p.client().transport().canWriteEof());
            assertThrows(UnsupportedOperationException.class, p.client().transport()::writeEof);
            p.client().transport().close();
            p.clientProtocol().lost.await();
            p.server().close();
            return null;
        });
    }
}
