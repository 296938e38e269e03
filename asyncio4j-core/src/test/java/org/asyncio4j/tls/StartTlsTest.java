package org.asyncio4j.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.asyncio4j.tls.TlsTestSupport.CLIENT_CONTEXT;
import static org.asyncio4j.tls.TlsTestSupport.SERVER_CONTEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.asyncio4j.Asyncio;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.streams.Server;
import org.asyncio4j.streams.StreamConnection;
import org.asyncio4j.streams.StreamReader;
import org.asyncio4j.streams.StreamWriter;
import org.asyncio4j.streams.Streams;
import org.asyncio4j.transports.Connection;
import org.asyncio4j.transports.ConnectionOptions;
import org.asyncio4j.transports.ServerOptions;
import org.asyncio4j.transports.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Upgrading a plaintext connection to TLS in place (STARTTLS), with streams and with protocols. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartTlsTest {
    private static String line(StreamReader reader) throws Exception {
        return new String(reader.readLine(), UTF_8).strip();
    }

    private static void send(StreamWriter writer, String line) throws Exception {
        writer.write((line + "\n").getBytes(UTF_8));
        writer.drain();
    }

    /** A server that speaks plaintext until STARTTLS, then echoes lines over TLS, then says BYE and closes. */
    private static void starttlsServer(StreamReader reader, StreamWriter writer) throws Exception {
        send(writer, "HELLO plain");
        if (!line(reader).equals("STARTTLS")) {
            writer.close();
            return;
        }
        send(writer, "GO");
        writer.startTls(SERVER_CONTEXT);
        String l;
        while (!(l = line(reader)).equals("QUIT")) {
            send(writer, "echo " + l + " over " + ((SSLSession) writer.getExtraInfo("ssl_session")).getProtocol());
        }
        send(writer, "BYE");
        writer.close();
        writer.waitClosed();
    }

    @Test
    void streamsUpgradeAfterAPlaintextExchange() {
        List<String> transcript = Asyncio.run(() -> {
            Server server = Streams.startServer(StartTlsTest::starttlsServer, "127.0.0.1", 0);
            StreamConnection c = Streams.openConnection("127.0.0.1", server.sockets().get(0).localPort());
            List<String> t = new ArrayList<>();
            t.add(line(c.reader()));
            assertNull(c.writer().getExtraInfo("sslcontext"));
            send(c.writer(), "STARTTLS");
            t.add(line(c.reader()));
            Transport plain = c.writer().transport();
            c.writer().startTls(CLIENT_CONTEXT, "localhost");
            assertNotSame(plain, c.writer().transport(), "the writer moved to the TLS transport");
            t.add(c.writer().getExtraInfo("sslcontext") == CLIENT_CONTEXT ? "tls on" : "tls off?");
            for (String s : List.of("one", "two")) {
                send(c.writer(), s);
                t.add(line(c.reader()));
            }
            send(c.writer(), "QUIT");
            t.add(line(c.reader()));
            t.add(c.reader().read(-1).length == 0 && c.reader().atEof() ? "eof" : "more?");
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return t;
        });
        assertEquals(List.of("HELLO plain", "GO", "tls on", "echo one over TLSv1.3", "echo two over TLSv1.3", "BYE", "eof"),
                transcript);
    }

    /**
     * Upgrades both ends of {@code p} at once (as a STARTTLS exchange has them do), sends {@code message}
     * through the peer's echo, closes, and returns the transcript.
     */
    private static List<String> upgradeBothAndEcho(ProtocolPair p, String message) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Recorder peer = p.peer();
        Future<Transport> serverSide = Asyncio.createTask(
                () -> loop.startTls(peer.transport, peer, SERVER_CONTEXT, true, null));
        Transport tls = loop.startTls(p.client().transport(), p.clientProtocol(), CLIENT_CONTEXT, false, "localhost");
        peer.transport = serverSide.await();
        peer.echo = true;
        tls.write(message.getBytes(UTF_8));
        ProtocolPair.awaitReceived(p.clientProtocol(), message.length());
        tls.close();
        p.clientProtocol().lost.await();
        peer.lost.await();
        p.server().close();
        return p.transcript();
    }

    @Test
    void loopStartTlsUpgradesAProtocolConnection() {
        List<String> events = Asyncio.run(() -> {
            ProtocolPair p = ProtocolPair.open(ServerOptions.DEFAULT, ConnectionOptions.DEFAULT, false);
            p.client().transport().write("plain;".getBytes(UTF_8));
            ProtocolPair.awaitReceived(p.peer(), 6);
            return upgradeBothAndEcho(p, "secret");
        });
        // no second connectionMade for either protocol
        assertEquals(List.of("made", "data", "eof", "lost", "secret", "|", "made", "data", "eof", "lost", "plain;secret"),
                events);
    }

    @Test
    void tlsInsideTlsWorksLikeAnyOtherUpgrade() {
        List<String> events = Asyncio.run(() -> upgradeBothAndEcho(ProtocolPair.open(
                ServerOptions.DEFAULT.withSsl(SERVER_CONTEXT),
                ConnectionOptions.DEFAULT.withSsl(CLIENT_CONTEXT).withServerHostname("localhost"), false), "twice wrapped"));
        assertEquals(List.of("made", "data", "eof", "lost", "twice wrapped", "|", "made", "data", "eof", "lost",
                "twice wrapped"), events);
    }

    @Test
    void failedUpgradeClosesTheConnectionAndThrows() {
        Object outcome = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            ProtocolPair p = ProtocolPair.open(ServerOptions.DEFAULT, ConnectionOptions.DEFAULT, false);
            Asyncio.createTask(() -> loop.startTls(p.peer().transport, p.peer(), SERVER_CONTEXT, true, null));
            try {
                loop.startTls(p.client().transport(), p.clientProtocol(), CLIENT_CONTEXT, false, "not-the-name.example");
                return "upgraded?";
            } catch (SSLHandshakeException e) {
                assertTrue(p.client().transport().isClosing(), "the old transport was closed");
                // the protocol was connected before the upgrade: it hears how the connection ended
                assertSame(e, p.clientProtocol().lost.await());
                p.peer().lost.await(); // and the server's side went down with it
                p.server().close();
                return e;
            }
        });
        assertInstanceOf(SSLHandshakeException.class, outcome);
    }

    @Test
    void startTlsRejectsWhatItCannotUpgrade() {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Server server = loop.createServer(Recorder::new, "127.0.0.1", 0);
            Connection<Recorder> c = loop.createConnection(Recorder::new, "127.0.0.1", server.sockets().get(0).localPort());
            IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                    () -> loop.startTls(c.transport(), c.protocol(), CLIENT_CONTEXT, false, null));
            assertTrue(noName.getMessage().contains("serverHostname"), noName.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> loop.startTls(c.transport(), c.protocol(), CLIENT_CONTEXT, false, "localhost", -1.0, null));
            c.transport().close();
            assertThrows(IllegalStateException.class,
                    () -> loop.startTls(c.transport(), c.protocol(), CLIENT_CONTEXT, false, "localhost"));
            server.close();
            return null;
        });
    }
}
