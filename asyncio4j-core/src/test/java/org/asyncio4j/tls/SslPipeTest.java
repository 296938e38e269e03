package org.asyncio4j.tls;

import static org.asyncio4j.tls.TlsTestSupport.CLIENT_CONTEXT;
import static org.asyncio4j.tls.TlsTestSupport.clientEngine;
import static org.asyncio4j.tls.TlsTestSupport.randomBytes;
import static org.asyncio4j.tls.TlsTestSupport.serverEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.asyncio4j.internal.tls.SslPipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SslPipeTest {
    private static PipeLink link(String protocol, long seed, int maxChunk) {
        return new PipeLink(clientEngine(CLIENT_CONTEXT, "localhost", protocol), serverEngine(protocol), seed, maxChunk);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void handshakeNegotiatesTheRequestedProtocol(String protocol) throws Exception {
        PipeLink link = link(protocol, 1, 1 << 16);
        assertFalse(link.client.pipe.isHandshakeComplete());
        link.handshake();
        SSLSession session = link.client.pipe.engine().getSession();
        assertEquals(protocol, session.getProtocol());
        assertEquals(protocol, link.server.pipe.engine().getSession().getProtocol());
        assertEquals("CN=localhost", session.getPeerPrincipal().getName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void randomlyChunkedCiphertextCarriesEveryByteBothWays(String protocol) throws Exception {
        for (long seed = 0; seed < 25; seed++) {
            Random random = new Random(seed);
            PipeLink link = link(protocol, seed, 1 + random.nextInt(40_000));
            link.client.readChunk = 1 + random.nextInt(70_000);
            link.server.readChunk = 1 + random.nextInt(70_000);
            ByteArrayOutputStream toServer = new ByteArrayOutputStream();
            ByteArrayOutputStream toClient = new ByteArrayOutputStream();
            for (int i = 0; i < 12; i++) {
                byte[] a = randomBytes(random, random.nextInt(i % 4 == 0 ? 70_000 : 300));
                byte[] b = randomBytes(random, random.nextInt(i % 3 == 0 ? 50_000 : 200));
                link.client.send(a);
                link.server.send(b);
                toServer.writeBytes(a);
                toClient.writeBytes(b);
            }
            link.runUntil(() -> link.server.received.size() == toServer.size()
                    && link.client.received.size() == toClient.size(), 1_000_000);
            assertArrayEquals(toServer.toByteArray(), link.server.received.toByteArray(), "seed " + seed);
            assertArrayEquals(toClient.toByteArray(), link.client.received.toByteArray(), "seed " + seed);
        }
    }

    @Test
    void eightMegabytesEachWayArriveIntact() throws Exception {
        PipeLink link = link(null, 7, 1 << 16);
        Random random = new Random(42);
        byte[] up = randomBytes(random, 8 << 20);
        byte[] down = randomBytes(random, 8 << 20);
        link.handshake();
        link.client.send(up);
        link.server.send(down);
        link.runUntil(() -> link.server.received.size() == up.length && link.client.received.size() == down.length,
                10_000_000);
        assertArrayEquals(up, link.server.received.toByteArray());
        assertArrayEquals(down, link.client.received.toByteArray());
    }

    @Test
    void oneByteReadBuffersStillReceiveEverything() throws Exception {
        PipeLink link = link(null, 3, 5000);
        link.client.readChunk = 1;
        link.server.readChunk = 3;
        byte[] data = randomBytes(new Random(5), 100_000);
        link.server.send(data);
        link.client.send(data);
        link.runUntil(() -> link.client.received.size() == data.length && link.server.received.size() == data.length,
                1_000_000);
        assertArrayEquals(data, link.client.received.toByteArray());
        assertArrayEquals(data, link.server.received.toByteArray());
    }

    @Test
    void tls13NewSessionTicketIsConsumedWithoutPlaintext() throws Exception {
        PipeLink link = link("TLSv1.3", 11, 1 << 16);
        link.handshake();
        link.quiesce();
        assertEquals(0, link.client.pipe.readBufferSize());
        assertEquals(0, link.client.received.size());
        assertEquals(0, link.client.pipe.read(ByteBuffer.allocate(100)));
        assertFalse(link.client.eof);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3:client", "TLSv1.3:server", "TLSv1.2:client", "TLSv1.2:server"})
    void keyUpdateAndRenegotiationKeepDataFlowing(String protocolAndInitiator) throws Exception {
        String protocol = protocolAndInitiator.split(":")[0];
        boolean clientInitiates = protocolAndInitiator.endsWith("client");
        for (long seed = 0; seed < 6; seed++) {
            Random random = new Random(seed);
            PipeLink link = link(protocol, seed, 1 + random.nextInt(20_000));
            link.handshake();
            ByteArrayOutputStream up = new ByteArrayOutputStream();
            ByteArrayOutputStream down = new ByteArrayOutputStream();
            for (int round = 0; round < 4; round++) {
                byte[] a = randomBytes(random, random.nextInt(40_000));
                byte[] b = randomBytes(random, random.nextInt(40_000));
                link.client.send(a);
                link.server.send(b);
                up.writeBytes(a);
                down.writeBytes(b);
                link.step(); // part of the data is in flight when the new handshake starts
                SslPipe initiator = (clientInitiates ? link.client : link.server).pipe;
                int pendingBefore = initiator.outgoingPending();
                initiator.renegotiate();
                assertTrue(initiator.outgoingPending() > pendingBefore, "a KeyUpdate, HelloRequest or ClientHello went out");
                link.runUntil(() -> link.server.received.size() == up.size() && link.client.received.size() == down.size()
                        && notHandshaking(link.client) && notHandshaking(link.server), 1_000_000);
            }
            assertArrayEquals(up.toByteArray(), link.server.received.toByteArray(), "seed " + seed);
            assertArrayEquals(down.toByteArray(), link.client.received.toByteArray(), "seed " + seed);
            assertEquals(protocol, link.client.pipe.engine().getSession().getProtocol());
        }
    }

    private static boolean notHandshaking(PipeLink.End end) {
        return end.pipe.engine().getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3:client", "TLSv1.3:server", "TLSv1.2:client", "TLSv1.2:server"})
    void closeNotifyDeliversEverythingSentBeforeIt(String protocolAndInitiator) throws Exception {
        String protocol = protocolAndInitiator.split(":")[0];
        for (long seed = 0; seed < 10; seed++) {
            PipeLink link = link(protocol, seed, 1 + new Random(seed).nextInt(30_000));
            PipeLink.End initiator = protocolAndInitiator.endsWith("client") ? link.client : link.server;
            PipeLink.End peer = initiator == link.client ? link.server : link.client;
            link.handshake();
            byte[] last = randomBytes(new Random(seed), 50_000);
            initiator.send(last);
            initiator.pump(); // written before close_notify
            initiator.shuttingDown = true;
            assertFalse(initiator.pipe.shutdown(), "the peer's close_notify cannot have arrived yet");
            assertTrue(initiator.pipe.isCloseNotifySent());
            link.runUntil(() -> initiator.closed && peer.closed, 100_000);
            assertArrayEquals(last, peer.received.toByteArray(), "seed " + seed);
            assertTrue(peer.eof);
            assertTrue(initiator.pipe.isCloseNotifyReceived());
            assertTrue(peer.pipe.isCloseNotifyReceived());
            assertTrue(peer.pipe.isCloseNotifySent());
            assertEquals(0, link.client.pipe.outgoingPending() + link.server.pipe.outgoingPending());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void simultaneousShutdownCompletesOnBothSides(String protocol) throws Exception {
        PipeLink link = link(protocol, 9, 100);
        link.handshake();
        link.client.shuttingDown = true;
        link.server.shuttingDown = true;
        link.runUntil(() -> link.client.closed && link.server.closed, 10_000);
        assertTrue(link.client.pipe.isCloseNotifyReceived());
        assertTrue(link.server.pipe.isCloseNotifyReceived());
    }

    @Test
    void readReportsEofOnlyAfterTheDataBeforeCloseNotify() throws Exception {
        PipeLink link = link("TLSv1.3", 4, 1 << 16);
        link.handshake();
        link.quiesce();
        link.server.pipe.write(ByteBuffer.wrap("last words".getBytes()));
        link.server.pipe.shutdown();
        link.client.pipe.feed(ByteBuffer.wrap(link.server.pipe.takeOutgoing()));
        ByteBuffer buf = ByteBuffer.allocate(4);
        StringBuilder got = new StringBuilder();
        int n;
        while ((n = link.client.pipe.read(buf.clear())) > 0) {
            got.append(new String(buf.array(), 0, n));
        }
        assertEquals("last words", got.toString());
        assertEquals(SslPipe.EOF, n);
        assertEquals(SslPipe.EOF, link.client.pipe.read(buf.clear()));
    }

    @Test
    void writeAfterShutdownFails() throws Exception {
        PipeLink link = link(null, 2, 1 << 16);
        link.handshake();
        link.client.pipe.shutdown();
        SSLException e = assertThrows(SSLException.class, () -> link.client.pipe.write(ByteBuffer.wrap(new byte[] {1})));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void untrustedCertificateFailsTheHandshakeOnBothSides() throws Exception {
        SSLContext trustsOnlyTheJdkCas = SSLContext.getInstance("TLS");
        trustsOnlyTheJdkCas.init(null, null, null);
        PipeLink link = new PipeLink(clientEngine(trustsOnlyTheJdkCas, "localhost", null), serverEngine(null), 1, 1 << 16);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, link::handshake);
        assertTrue(e.getMessage().contains("PKIX path"), e.getMessage());
        // the alert the client made reaches the server, which fails too instead of waiting
        SSLException atServer = assertThrows(SSLException.class, () -> {
            for (int i = 0; i < 100; i++) {
                link.server.pipe.feed(ByteBuffer.wrap(link.client.pipe.takeOutgoing()));
                link.server.pipe.doHandshake();
            }
        });
        assertTrue(atServer.getMessage().contains("certificate_unknown"), atServer.getMessage());
        assertSame(e, assertThrows(SSLHandshakeException.class, link.client.pipe::doHandshake));
    }

    @Test
    void hostnameMismatchFailsTheHandshake() throws Exception {
        PipeLink link = new PipeLink(clientEngine(CLIENT_CONTEXT, "wrong.example", null), serverEngine(null), 1, 1 << 16);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, link::handshake);
        assertTrue(e.getMessage().contains("wrong.example"), e.getMessage());
    }

    @Test
    void corruptedRecordFailsAndLeavesAnAlertForThePeer() throws Exception {
        PipeLink link = link("TLSv1.3", 1, 1 << 16);
        link.handshake();
        link.quiesce();
        link.server.pipe.write(ByteBuffer.wrap(new byte[100]));
        byte[] record = link.server.pipe.takeOutgoing();
        record[record.length - 3] ^= 0x40;
        link.client.pipe.feed(ByteBuffer.wrap(record));
        SSLException e = assertThrows(SSLException.class, () -> link.client.pipe.read(ByteBuffer.allocate(200)));
        assertTrue(link.client.pipe.outgoingPending() > 0, "an alert for the peer: " + e);
        link.server.pipe.feed(ByteBuffer.wrap(link.client.pipe.takeOutgoing()));
        assertThrows(SSLException.class, () -> link.server.pipe.read(ByteBuffer.allocate(200)));
    }

    @Test
    void peerClosingDuringTheHandshakeFailsIt() throws Exception {
        // TLS 1.2: the server's first flight leaves the handshake open (a TLS 1.3 server's flight ends it
        // from the client's point of view, so the close would come after a complete handshake); a fresh
        // client context, because resuming a cached session would also end the handshake in one flight
        PipeLink link = new PipeLink(clientEngine(TlsTestSupport.CERT.clientContext(), "localhost", "TLSv1.2"),
                serverEngine("TLSv1.2"), 1, 1 << 16);
        link.client.pipe.doHandshake();
        link.server.pipe.feed(ByteBuffer.wrap(link.client.pipe.takeOutgoing()));
        link.server.pipe.doHandshake();
        link.server.pipe.shutdown(); // user_canceled + close_notify mid-handshake
        link.client.pipe.feed(ByteBuffer.wrap(link.server.pipe.takeOutgoing()));
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, link.client.pipe::doHandshake);
        assertEquals("the peer closed the TLS connection during the handshake", e.getMessage());
    }
}
