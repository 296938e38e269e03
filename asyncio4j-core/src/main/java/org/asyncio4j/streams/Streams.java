package org.asyncio4j.streams;

import java.io.IOException;
import java.nio.file.Path;
import org.asyncio4j.Asyncio;
import org.asyncio4j.EventLoop;
import org.asyncio4j.transports.Connection;
import org.asyncio4j.transports.ConnectionOptions;
import org.asyncio4j.transports.ServerOptions;

/**
 * Stream connections and servers: asyncio's {@code open_connection}, {@code start_server},
 * {@code open_unix_connection} and {@code start_unix_server}. Every method runs on the running loop
 * and must be called in a coroutine.
 *
 * {@snippet :
 * StreamConnection c = Streams.openConnection("127.0.0.1", 8888);
 * c.writer().write("hello\n".getBytes());
 * c.writer().drain();
 * byte[] line = c.reader().readLine();
 * c.writer().close();
 * c.writer().waitClosed();
 * }
 */
public final class Streams {
    private Streams() {}

    /** Connects to {@code host}:{@code port}; see {@link EventLoop#createConnection}. */
    public static StreamConnection openConnection(String host, int port) throws IOException {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT, ConnectionOptions.DEFAULT);
    }

    /** {@link #openConnection(String, int)} with options (TLS...). */
    public static StreamConnection openConnection(String host, int port, ConnectionOptions options) throws IOException {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT, options);
    }

    /**
     * {@link #openConnection(String, int)} with the reader's {@code limit} and options.
     *
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public static StreamConnection openConnection(String host, int port, int limit, ConnectionOptions options)
            throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        StreamReader reader = new StreamReader(limit);
        StreamReaderProtocol protocol = new StreamReaderProtocol(loop, reader, null);
        Connection<StreamReaderProtocol> c = loop.createConnection(() -> protocol, host, port, options);
        return new StreamConnection(reader, new StreamWriter(c.transport(), protocol, reader, loop));
    }

    /** Connects to the Unix-domain socket {@code path}. */
    public static StreamConnection openUnixConnection(Path path) throws IOException {
        return openUnixConnection(path, StreamReader.DEFAULT_LIMIT, ConnectionOptions.DEFAULT);
    }

    /** {@link #openUnixConnection(Path)} with the reader's {@code limit} and options. */
    public static StreamConnection openUnixConnection(Path path, int limit, ConnectionOptions options) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        StreamReader reader = new StreamReader(limit);
        StreamReaderProtocol protocol = new StreamReaderProtocol(loop, reader, null);
        Connection<StreamReaderProtocol> c = loop.createUnixConnection(() -> protocol, path, options);
        return new StreamConnection(reader, new StreamWriter(c.transport(), protocol, reader, loop));
    }

    /**
     * Listens on {@code host}:{@code port} and runs {@code clientConnected} as a new task for every
     * client; see {@link EventLoop#createServer} and {@link ClientConnectedCallback}.
     */
    public static Server startServer(ClientConnectedCallback clientConnected, String host, int port) throws IOException {
        return startServer(clientConnected, host, port, StreamReader.DEFAULT_LIMIT, ServerOptions.DEFAULT);
    }

    /** {@link #startServer(ClientConnectedCallback, String, int)} with options (backlog, reusePort, TLS...). */
    public static Server startServer(ClientConnectedCallback clientConnected, String host, int port, ServerOptions options)
            throws IOException {
        return startServer(clientConnected, host, port, StreamReader.DEFAULT_LIMIT, options);
    }

    /** {@link #startServer(ClientConnectedCallback, String, int)} with the readers' {@code limit} and options. */
    public static Server startServer(ClientConnectedCallback clientConnected, String host, int port, int limit,
                                     ServerOptions options) throws IOException {
        java.util.Objects.requireNonNull(clientConnected, "clientConnected");
        checkLimit(limit);
        EventLoop loop = Asyncio.getRunningLoop();
        return loop.createServer(() -> new StreamReaderProtocol(loop, new StreamReader(limit), clientConnected),
                host, port, options);
    }

    /** Listens on the Unix-domain socket {@code path}; see {@link #startServer(ClientConnectedCallback, String, int)}. */
    public static Server startUnixServer(ClientConnectedCallback clientConnected, Path path) throws IOException {
        return startUnixServer(clientConnected, path, StreamReader.DEFAULT_LIMIT, ServerOptions.DEFAULT);
    }

    /** {@link #startUnixServer(ClientConnectedCallback, Path)} with the readers' {@code limit} and options. */
    public static Server startUnixServer(ClientConnectedCallback clientConnected, Path path, int limit,
                                         ServerOptions options) throws IOException {
        java.util.Objects.requireNonNull(clientConnected, "clientConnected");
        checkLimit(limit);
        EventLoop loop = Asyncio.getRunningLoop();
        return loop.createUnixServer(() -> new StreamReaderProtocol(loop, new StreamReader(limit), clientConnected),
                path, options);
    }

    private static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
    }
}
