package org.asyncio4j.internal.tls;

import java.io.IOException;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.EventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.Handle;
import org.asyncio4j.internal.net.IoAwait;
import org.asyncio4j.internal.net.SocketTransport;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.Transport;

/** Upgrading a connection to TLS in place: asyncio's {@code loop.start_tls}. */
public final class StartTls {
    /** asyncio's {@code SSL_HANDSHAKE_TIMEOUT}. */
    static final double DEFAULT_HANDSHAKE_TIMEOUT = 60.0;
    /** asyncio's {@code SSL_SHUTDOWN_TIMEOUT}. */
    static final double DEFAULT_SHUTDOWN_TIMEOUT = 30.0;

    private StartTls() {}

    /**
     * Puts a TLS layer between {@code transport} and {@code protocol}, runs the handshake, and returns
     * the new transport for {@code protocol} to use; the old one must not be used again. The protocol
     * gets no second {@code connectionMade}. Must be called in a coroutine on {@code eventLoop}; suspends
     * until the handshake is done.
     *
     * <p>Cancellation, or a failed handshake: the connection is closed and the failure rethrown.
     *
     * @throws IllegalArgumentException if {@code transport} is not a stream socket or TLS transport, or
     *         a timeout is not positive, or a client has no {@code serverHostname}
     * @throws IllegalStateException if {@code transport} is closing
     * @throws javax.net.ssl.SSLException if the handshake failed
     * @throws org.asyncio4j.TimedOutException if it took longer than the handshake timeout
     */
    public static Transport startTls(EventLoop eventLoop, Transport transport, BaseProtocol protocol, SSLContext context,
                                     boolean serverSide, String serverHostname, Double handshakeTimeout,
                                     Double shutdownTimeout) throws IOException {
        if (!(eventLoop instanceof BaseEventLoop loop)) {
            throw new IllegalArgumentException("asyncio4j TLS needs a loop built on BaseEventLoop, got " + eventLoop);
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(context, "sslContext");
        if (!(transport instanceof SocketTransport || transport instanceof SslTransport)) {
            throw new IllegalArgumentException("transport " + transport + " is not supported by startTls()");
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("startTls() on a closing transport: " + transport);
        }
        Future<Void> waiter = loop.createFuture();
        SslProtocol tls = new SslProtocol(loop, protocol, context, serverSide, serverHostname, waiter,
                handshakeTimeout != null ? handshakeTimeout : DEFAULT_HANDSHAKE_TIMEOUT,
                shutdownTimeout != null ? shutdownTimeout : DEFAULT_SHUTDOWN_TIMEOUT, false);
        // paused first, so that no byte reaches the TLS layer before its connectionMade
        transport.pauseReading();
        transport.setProtocol(tls);
        Handle connectionMade = loop.callSoon(() -> tls.connectionMade(transport));
        Handle resume = loop.callSoon(transport::resumeReading);
        try {
            IoAwait.await(waiter);
        } catch (IOException | RuntimeException | Error e) {
            transport.close();
            connectionMade.cancel();
            resume.cancel();
            throw e;
        }
        return tls.appTransport();
    }
}
