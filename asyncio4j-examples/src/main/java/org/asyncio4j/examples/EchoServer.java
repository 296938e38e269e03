package org.asyncio4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.asyncio4j.Asyncio.getRunningLoop;

import java.io.IOException;
import org.asyncio4j.Asyncio;
import org.asyncio4j.streams.Server;
import org.asyncio4j.streams.StreamConnection;
import org.asyncio4j.streams.StreamReader;
import org.asyncio4j.streams.StreamWriter;
import org.asyncio4j.streams.Streams;
import org.asyncio4j.transports.Protocol;
import org.asyncio4j.transports.ServerOptions;
import org.asyncio4j.transports.Transport;

/**
 * An echo server, with streams or with a protocol, and a client that talks to it.
 *
 * <pre>
 * ./asyncio4j run-example EchoServer                    starts a server on 127.0.0.1, runs a client, exits
 * ./asyncio4j run-example EchoServer --serve [PORT] [--api streams|protocol]
 *                                                       serves until killed (PORT 0: an ephemeral port);
 *                                                       prints "LISTENING port=N impl=asyncio4j api=..."
 * </pre>
 */
public final class EchoServer {
    private EchoServer() {}

    /** The streams echo: read what is there, write it back, wait while the peer is slow; until EOF. */
    static void echo(StreamReader reader, StreamWriter writer) throws IOException {
        try {
            while (true) {
                byte[] data = reader.read(65536);
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                writer.drain();
            }
        } finally {
            writer.close();
        }
    }

    /** The protocol echo: write back in dataReceived; stop reading while the peer does not keep up. */
    static final class EchoProtocol implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }

        @Override
        public void pauseWriting() {
            transport.pauseReading();
        }

        @Override
        public void resumeWriting() {
            transport.resumeReading();
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--serve")) {
            int port = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 8888;
            boolean protocol = java.util.Arrays.asList(args).contains("protocol");
            Asyncio.run(() -> serve(port, protocol));
            return;
        }
        Asyncio.run(EchoServer::demo);
    }

    private static Void serve(int port, boolean protocol) throws IOException {
        ServerOptions options = ServerOptions.DEFAULT.withBacklog(1024);
        Server server = protocol
                ? getRunningLoop().createServer(EchoProtocol::new, "127.0.0.1", port, options)
                : Streams.startServer(EchoServer::echo, "127.0.0.1", port, options);
        System.out.println("LISTENING port=" + server.sockets().get(0).localPort() + " impl=asyncio4j api="
                + (protocol ? "protocol" : "streams"));
        System.out.flush();
        server.serveForever();
        return null;
    }

    /** Starts a server on an ephemeral port, talks to it with {@link EchoClient}, and stops it. */
    private static Void demo() throws IOException {
        Server server = Streams.startServer(EchoServer::echo, "127.0.0.1", 0);
        int port = server.sockets().get(0).localPort();
        System.out.println("echo server listening on 127.0.0.1:" + port);
        EchoClient.talk("127.0.0.1", port, "hello", "asyncio4j", "goodbye");
        server.close();
        server.waitClosed();
        System.out.println("server closed");
        return null;
    }

    /** Reads one line from {@code c} as text. */
    static String readLine(StreamConnection c) throws IOException {
        return new String(c.reader().readLine(), UTF_8).stripTrailing();
    }
}
