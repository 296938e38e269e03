package org.asyncio4j.streams;

import java.util.List;
import org.asyncio4j.EventLoop;
import org.asyncio4j.transports.TransportSocket;

/**
 * A listening server: counterpart of {@code asyncio.Server}. Made by
 * {@link org.asyncio4j.EventLoop#createServer}, {@link org.asyncio4j.EventLoop#createUnixServer},
 * {@link Streams#startServer} and {@link Streams#startUnixServer}.
 *
 * <p>Lifecycle: the server listens from creation (unless created with {@code startServing=false}) until
 * {@link #close()}; its connections live on until they end or {@link #closeClients()} /
 * {@link #abortClients()} end them. {@link #waitClosed()} returns once both have happened.
 *
 * {@snippet :
 * Server server = Streams.startServer((reader, writer) -> {
 *     writer.write(reader.readLine());
 *     writer.drain();
 *     writer.close();
 * }, "127.0.0.1", 8888);
 * server.serveForever();
 * }
 *
 * <p>{@link #close()} (and so try-with-resources) only stops listening, as asyncio's {@code close()}
 * does; asyncio's {@code async with server} also waits: call {@link #waitClosed()} for that.
 */
public interface Server extends AutoCloseable {
    /** The loop the server runs on. */
    EventLoop getLoop();

    /** Whether the server is accepting connections. */
    boolean isServing();

    /**
     * Starts accepting connections, if not already, and yields to the loop once. Idempotent. Must be
     * called in a coroutine.
     */
    void startServing();

    /**
     * Accepts connections until the calling task is cancelled; then closes the server, waits as
     * {@link #waitClosed()} does and rethrows the {@link org.asyncio4j.CancelledError}.
     *
     * @throws IllegalStateException if the server is closed, or another task already serves forever
     */
    void serveForever();

    /**
     * Stops listening: the sockets are closed, {@link #sockets()} becomes empty and a pending
     * {@link #serveForever()} is cancelled. Existing connections stay open. Idempotent; never suspends.
     */
    @Override
    void close();

    /** Closes every connection of this server gracefully (buffered data is sent first). */
    void closeClients();

    /** Closes every connection of this server at once, dropping buffered data. */
    void abortClients();

    /**
     * Suspends until the server is closed and all its connections are gone (in either order); returns
     * at once if that is already so.
     */
    void waitClosed();

    /** Views of the listening sockets; empty once closed. */
    List<TransportSocket> sockets();
}
