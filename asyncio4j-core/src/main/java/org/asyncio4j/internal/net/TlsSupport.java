package org.asyncio4j.internal.net;

import javax.net.ssl.SSLContext;
import org.asyncio4j.BaseEventLoop;
import org.asyncio4j.Future;
import org.asyncio4j.transports.BaseProtocol;
import org.asyncio4j.transports.Transport;

/**
 * The one seam between the socket transports and TLS. Every connection made with an {@code ssl} option
 * (createConnection, createServer, openConnection, startServer and their Unix forms) goes through
 * {@link #wrap}: the socket transport talks to the returned {@link Layer#socketProtocol()}, the
 * application gets {@link Layer#appTransport()}, and the application protocol's {@code connectionMade}
 * is the TLS layer's to call once the handshake is done (then it completes {@code handshakeWaiter};
 * on failure it fails it, and the caller closes the socket transport).
 *
 * <p>The TLS implementation is {@code org.asyncio4j.internal.tls.SslProtocol} (sslproto.py's
 * counterpart).
 */
public final class TlsSupport {
    private TlsSupport() {}

    /** The TLS layer of one connection. */
    public record Layer(BaseProtocol socketProtocol, Transport appTransport) {}

    /**
     * Puts a TLS layer between a socket transport (not yet created) and {@code appProtocol}.
     *
     * @param loop the loop of the connection
     * @param appProtocol the application's protocol (a {@code Protocol} or {@code BufferedProtocol})
     * @param context the TLS context
     * @param serverSide whether this end is the server
     * @param serverHostname the name to check the server's certificate against (client side), or null
     * @param handshakeWaiter completed when the handshake is done, failed if it fails
     * @param handshakeTimeout seconds allowed for the handshake
     * @param shutdownTimeout seconds allowed for the closing handshake
     */
    public static Layer wrap(BaseEventLoop loop, BaseProtocol appProtocol, SSLContext context, boolean serverSide,
                             String serverHostname, Future<Void> handshakeWaiter, double handshakeTimeout,
                             double shutdownTimeout) {
        org.asyncio4j.internal.tls.SslProtocol tls = new org.asyncio4j.internal.tls.SslProtocol(loop, appProtocol,
                context, serverSide, serverHostname, handshakeWaiter, handshakeTimeout, shutdownTimeout);
        return new Layer(tls, tls.appTransport());
    }
}
