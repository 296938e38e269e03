package org.asyncio4j.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.asyncio4j.tls.TlsTestSupport.CERT;
import static org.asyncio4j.tls.TlsTestSupport.CLIENT_CONTEXT;
import static org.asyncio4j.tls.TlsTestSupport.SERVER_CONTEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.asyncio4j.Asyncio;
import org.asyncio4j.Coroutine;
import org.asyncio4j.Future;
import org.asyncio4j.streams.Server;
import org.asyncio4j.streams.StreamConnection;
import org.asyncio4j.streams.StreamReader;
import org.asyncio4j.streams.StreamWriter;
import org.asyncio4j.streams.Streams;
import org.asyncio4j.transports.ConnectionOptions;
import org.asyncio4j.transports.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS through the stream API, over real sockets on 127.0.0.1 (ephemeral ports). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsStreamsTest {
    static <T> T run(Coroutine<T> body) {
        return Asyncio.run(body);
    }

    static ConnectionOptions tls(String serverHostname) {
        return ConnectionOptions.DEFAULT.withSsl(CLIENT_CONTEXT).withServerHostname(serverHostname);
    }

    static Server echoServer() throws Exception {
        return Streams.startServer(TlsStreamsTest::echo, "127.0.0.1", 0, ServerOptions.DEFAULT.withSsl(SERVER_CONTEXT));
    }

    static void echo(StreamReader reader, StreamWriter writer) throws Exception {
        byte[] chunk;
        while ((chunk = reader.read(64 * 1024)).length > 0) {
            writer.write(chunk);
            writer.drain();
        }
        writer.close();
        writer.waitClosed();
    }

    static int port(Server server) {
        return server.sockets().get(0).localPort();
    }

    @Test
    void echoLinesOverTls() {
        List<String> echoed = run(() -> {
            Server server = echoServer();
            StreamConnection c = Streams.openConnection("127.0.0.1", port(server), tls("localhost"));
            List<String> got = new ArrayList<>();
            for (String line : List.of("hello", "over", "tls")) {
                c.writer().write((line + "\n").getBytes(UTF_8));
                c.writer().drain();
                got.add(new String(c.reader().readLine(), UTF_8).strip());
            }
            SSLSession session = (SSLSession) c.writer().getExtraInfo("ssl_session");
            got.add(session.getProtocol());
            got.add(String.valueOf(c.writer().getExtraInfo("cipher")).equals(session.getCipherSuite()) ? "cipher ok" : "cipher?");
            got.add(c.writer().getExtraInfo("peercert").equals(CERT.certificate()) ? "peercert ok" : "peercert?");
            got.add(c.writer().getExtraInfo("sslcontext") == CLIENT_CONTEXT ? "sslcontext ok" : "sslcontext?");
            got.add(c.writer().getExtraInfo("ssl_object") instanceof SSLEngine ? "ssl_object ok" : "ssl_object?");
            got.add(c.writer().canWriteEof() ? "can write eof?" : "no write eof");
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return got;
        });
        assertEquals(List.of("hello", "over", "tls", "TLSv1.3", "cipher ok", "peercert ok", "sslcontext ok",
                "ssl_object ok", "no write eof"), echoed);
    }

    @Test
    void sixteenMegabytesEchoedIntact() throws Exception {
        byte[] payload = new byte[16 << 20];
        new Random(1234).nextBytes(payload);
        byte[] echoed = run(() -> {
            Server server = echoServer();
            StreamConnection c = Streams.openConnection("127.0.0.1", port(server), tls("localhost"));
            Future<byte[]> reading = Asyncio.createTask(() -> c.reader().readExactly(payload.length));
            for (int at = 0; at < payload.length; at += 100_003) {
                c.writer().write(payload, at, Math.min(100_003, payload.length - at));
                c.writer().drain();
            }
            byte[] back = reading.await();
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return back;
        });
        assertEquals(payload.length, echoed.length);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(payload),
                MessageDigest.getInstance("SHA-256").digest(echoed));
        assertArrayEquals(payload, echoed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void keyUpdateOrRenegotiationMidStreamKeepsTheEchoGoing(String protocol) throws Exception {
        javax.net.ssl.SSLContext client = TlsTestSupport.clientContextFor(protocol);
        List<String> got = run(() -> {
            List<String> statuses = new ArrayList<>();
            Server server = Streams.startServer((reader, writer) -> {
                byte[] line;
                while ((line = reader.readLine()).length > 0) {
                    SSLEngine engine = (SSLEngine) writer.getExtraInfo("ssl_object");
                    engine.beginHandshake(); // TLS 1.3: a KeyUpdate; TLS 1.2: a HelloRequest
                    statuses.add(engine.getHandshakeStatus().toString());
                    writer.write(line);
                    writer.drain();
                }
                writer.close();
            }, "127.0.0.1", 0, ServerOptions.DEFAULT.withSsl(SERVER_CONTEXT));
            StreamConnection c = Streams.openConnection("127.0.0.1", port(server),
                    ConnectionOptions.DEFAULT.withSsl(client).withServerHostname("localhost"));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                c.writer().write(("line " + i + "\n").getBytes(UTF_8));
                c.writer().drain();
                lines.add(new String(c.reader().readLine(), UTF_8).strip());
            }
            lines.add(((SSLSession) c.writer().getExtraInfo("ssl_session")).getProtocol());
            lines.add(String.join(",", new java.util.LinkedHashSet<>(statuses)));
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            return lines;
        });
        assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4", protocol, "NEED_WRAP"), got);
    }

    @Test
    void tlsOverAUnixDomainSocket(@TempDir java.nio.file.Path dir) {
        java.nio.file.Path path = dir.resolve("tls.sock");
        String line = run(() -> {
            Server server = Streams.startUnixServer(TlsStreamsTest::echo, path, StreamReader.DEFAULT_LIMIT,
                    ServerOptions.DEFAULT.withSsl(SERVER_CONTEXT));
            StreamConnection c = Streams.openUnixConnection(path, StreamReader.DEFAULT_LIMIT, tls("localhost"));
            c.writer().write("unix\n".getBytes(UTF_8));
            String echoed = new String(c.reader().readLine(), UTF_8);
            echoed += " " + ((SSLSession) c.writer().getExtraInfo("ssl_session")).getProtocol();
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return echoed;
        });
        assertEquals("unix\n TLSv1.3", line);
    }

    @Test
    void serverSeesTheSniNameTheClientSent() {
        String sni = run(() -> {
            Future<String> seen = Asyncio.getRunningLoop().createFuture();
            Server server = Streams.startServer((reader, writer) -> {
                ExtendedSSLSession s = (ExtendedSSLSession) writer.getExtraInfo("ssl_session");
                seen.setResult(s.getRequestedServerNames().stream()
                        .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse("none"));
                writer.close();
            }, "127.0.0.1", 0, ServerOptions.DEFAULT.withSsl(SERVER_CONTEXT));
            StreamConnection c = Streams.openConnection("127.0.0.1", port(server), tls("localhost"));
            String name = seen.await();
            assertArrayEquals(new byte[0], c.reader().read(-1)); // the server's close_notify: EOF
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            return name;
        });
        assertEquals("localhost", sni);
    }

    /** Sends one line to a TLS echo server with {@code options} and returns the echo. */
    static String echoOneLine(ConnectionOptions options, String line) {
        return run(() -> {
            Server server = echoServer();
            StreamConnection c = Streams.openConnection("127.0.0.1", port(server), options);
            c.writer().write((line + "\n").getBytes(UTF_8));
            String echoed = new String(c.reader().readLine(), UTF_8);
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            return echoed;
        });
    }

    @Test
    void ipAddressIsVerifiedAgainstTheCertificateWithoutSni() {
        assertEquals("x\n", echoOneLine(tls("127.0.0.1"), "x"));
    }

    @Test
    void emptyServerHostnameSkipsNameCheckButNotTheChain() {
        assertEquals("no name\n", echoOneLine(tls(""), "no name"));
    }

    /** Connects with {@code options} to a TLS echo server and returns how the handshake failed. */
    static Exception handshakeFailure(ConnectionOptions options) {
        return run(() -> {
            Server server = echoServer();
            try {
                StreamConnection c = Streams.openConnection("127.0.0.1", port(server), options);
                c.writer().close();
                c.writer().waitClosed();
                return null;
            } catch (Exception e) {
                return e;
            } finally {
                server.close();
                server.waitClosed();
            }
        });
    }

    @Test
    void wrongServerHostnameFailsTheHandshake() {
        Exception e = handshakeFailure(tls("wrong.example"));
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("No subject alternative DNS name matching wrong.example"), e.getMessage());
    }

    @Test
    void untrustedServerCertificateFailsTheHandshake() throws Exception {
        javax.net.ssl.SSLContext jdkDefaults = javax.net.ssl.SSLContext.getInstance("TLS");
        jdkDefaults.init(null, null, null);
        Exception e = handshakeFailure(ConnectionOptions.DEFAULT.withSsl(jdkDefaults).withServerHostname("localhost"));
        assertInstanceOf(SSLHandshakeException.class, e);
        assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
    }

    @Test
    void serverCloseSendsCloseNotifyAndClientSeesEof() {
        List<Object> events = run(() -> {
            Server server = Streams.startServer((reader, writer) -> {
                writer.write("bye\n".getBytes(UTF_8));
                writer.close();
                writer.waitClosed();
            }, "127.0.0.1", 0, ServerOptions.DEFAULT.withSsl(SERVER_CONTEXT));
            StreamConnection c = Streams.openConnection("127.0.0.1", port(server), tls("localhost"));
            List<Object> ev = new ArrayList<>();
            ev.add(new String(c.reader().read(-1), UTF_8));
            ev.add(c.reader().atEof());
            c.writer().waitClosed(); // the TLS layer closes after answering close_notify
            ev.add(c.writer().isClosing());
            server.close();
            server.waitClosed();
            return ev;
        });
        assertEquals(List.of("bye\n", true, true), events);
    }

    @Test
    void clientWithoutServerHostnameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(() -> {
            Server server = echoServer();
            try {
                java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                        new java.net.InetSocketAddress("127.0.0.1", port(server)));
                Asyncio.getRunningLoop().createConnection(() -> new org.asyncio4j.transports.Protocol() { }, ch,
                        ConnectionOptions.DEFAULT.withSsl(CLIENT_CONTEXT));
                return null;
            } finally {
                server.close();
            }
        }));
        assertNotNull(e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }
}
