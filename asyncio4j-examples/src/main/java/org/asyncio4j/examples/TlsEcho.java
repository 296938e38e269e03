package org.asyncio4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.asyncio4j.Asyncio;
import org.asyncio4j.streams.Server;
import org.asyncio4j.streams.StreamConnection;
import org.asyncio4j.streams.StreamReader;
import org.asyncio4j.streams.StreamWriter;
import org.asyncio4j.streams.Streams;
import org.asyncio4j.testing.SelfSignedCertificate;
import org.asyncio4j.transports.ConnectionOptions;
import org.asyncio4j.transports.ServerOptions;

/**
 * A TLS echo server and its client on one event loop, the way asyncio's {@code start_server(...,
 * ssl=ctx)} and {@code open_connection(..., ssl=ctx, server_hostname=...)} do it.
 *
 * <p>The certificate is a throwaway one made in memory at start-up ({@link SelfSignedCertificate}); the
 * client trusts exactly that certificate and checks that it names {@code localhost}. The program prints
 * the negotiated protocol and cipher suite and the echoed lines, then closes both ends with
 * {@code close_notify} and exits.
 *
 * <p>Run it with {@code ./asyncio4j run-example TlsEcho}.
 */
public final class TlsEcho {
    private TlsEcho() {}

    public static void main(String[] args) {
        Asyncio.run(TlsEcho::demo);
    }

    private static Void demo() throws IOException {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        Server server = Streams.startServer(TlsEcho::echo, "127.0.0.1", 0,
                ServerOptions.DEFAULT.withSsl(cert.serverContext()));
        int port = server.sockets().get(0).localPort();
        System.out.println("TLS echo server listening on 127.0.0.1:" + port);

        StreamConnection c = Streams.openConnection("127.0.0.1", port,
                ConnectionOptions.DEFAULT.withSsl(cert.clientContext()).withServerHostname("localhost"));
        SSLSession session = (SSLSession) c.writer().getExtraInfo("ssl_session");
        X509Certificate peer = (X509Certificate) c.writer().getExtraInfo("peercert");
        System.out.println("negotiated " + session.getProtocol() + " with " + session.getCipherSuite());
        System.out.println("server certificate: " + peer.getSubjectX500Principal().getName());

        for (String line : List.of("hello", "asyncio over TLS", "on one thread")) {
            c.writer().write((line + "\n").getBytes(UTF_8));
            c.writer().drain();
            System.out.println("echoed: " + new String(c.reader().readLine(), UTF_8).strip());
        }
        c.writer().close();
        c.writer().waitClosed();
        server.close();
        server.waitClosed();
        System.out.println("closed");
        return null;
    }

    /** Echoes lines until the client closes, then closes its side. */
    private static void echo(StreamReader reader, StreamWriter writer) throws IOException {
        byte[] line;
        while ((line = reader.readLine()).length > 0) {
            writer.write(line);
            writer.drain();
        }
        writer.close();
        writer.waitClosed();
    }
}
