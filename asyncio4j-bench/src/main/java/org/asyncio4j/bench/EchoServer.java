package org.asyncio4j.bench;

import static org.asyncio4j.Asyncio.getRunningLoop;

import java.io.IOException;
import org.asyncio4j.Asyncio;
import org.asyncio4j.streams.Server;
import org.asyncio4j.streams.StreamReader;
import org.asyncio4j.streams.StreamWriter;
import org.asyncio4j.streams.Streams;
import org.asyncio4j.transports.Protocol;
import org.asyncio4j.transports.ServerOptions;
import org.asyncio4j.transports.Transport;

/**
 * Workloads {@code echo} and {@code echo_tput} ({@code ../shared/bench/workloads.md}): a TCP echo
 * server on 127.0.0.1, ephemeral port, listen backlog 1024, TCP_NODELAY on accepted sockets (asyncio4j
 * sets it, as asyncio does). It prints {@code LISTENING port=N impl=... api=...} and serves until the
 * process is terminated (SIGTERM ends the JVM).
 *
 * <ul>
 *   <li>{@code --api streams}: {@link Streams#startServer}; per connection {@code read(65536)},
 *       {@code write}, {@code drain()} until EOF, as the Python peer's streams server.
 *   <li>{@code --api protocol}: {@code loop.createServer} with a {@link Protocol} whose
 *       {@code dataReceived} writes the data back; {@code pauseWriting}/{@code resumeWriting} pause and
 *       resume reading (flow control), as the Python peer's protocol server.
 * </ul>
 */
public final class EchoServer {
    private static final int BACKLOG = 1024;

    private EchoServer() {}

    public static void main(String[] argv) {
        Args args = Args.parse(argv, "api", "streams", "port", "0");
        String api = args.string("api");
        int port = Integer.parseInt(args.string("port"));
        if (!api.equals("streams") && !api.equals("protocol")) {
            throw new IllegalArgumentException("--api must be streams or protocol, not '" + api + "'");
        }
        Asyncio.run(() -> {
            ServerOptions options = ServerOptions.DEFAULT.withBacklog(BACKLOG);
            Server server = api.equals("streams")
                    ? Streams.startServer(EchoServer::echo, "127.0.0.1", port, options)
                    : getRunningLoop().createServer(EchoProtocol::new, "127.0.0.1", port, options);
            System.out.println("LISTENING port=" + server.sockets().get(0).localPort() + " impl=" + ResultLine.implTag()
                    + " api=" + api);
            System.out.flush();
            server.serveForever();
            return null;
        });
    }

    /** The streams handler: echo every chunk read, waiting for the write buffer to drain. */
    private static void echo(StreamReader reader, StreamWriter writer) {
        try {
            while (true) {
                byte[] data = reader.read(65536);
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                writer.drain();
            }
        } catch (IOException e) {
            // the client went away: nothing to do but close
        } finally {
            writer.close();
        }
    }

    /** The protocol handler: write back what arrives; stop reading while the transport is over its limit. */
    private static final class EchoProtocol implements Protocol {
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
}
