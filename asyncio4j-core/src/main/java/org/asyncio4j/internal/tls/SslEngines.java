package org.asyncio4j.internal.tls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** How a connection's {@link SSLEngine} is configured: what asyncio's {@code wrap_bio} does with its arguments. */
public final class SslEngines {
    private SslEngines() {}

    /**
     * A fresh engine for one connection. Client side with a non-empty {@code serverHostname}: the name
     * is sent as SNI (unless it is an IP address, which SNI cannot carry) and the server's certificate
     * must match it ({@code "HTTPS"} endpoint identification, which checks IP addresses against the
     * certificate's IP entries). {@code peer} (the socket's remote address, or null) gives the port
     * that keys the client's session cache.
     */
    public static SSLEngine create(SSLContext context, boolean serverSide, String serverHostname, Object peer) {
        int port = peer instanceof InetSocketAddress a ? a.getPort() : -1;
        String host = serverSide || serverHostname == null || serverHostname.isEmpty() ? null : serverHostname;
        SSLEngine engine = host != null ? context.createSSLEngine(host, port) : context.createSSLEngine();
        engine.setUseClientMode(!serverSide);
        if (host != null) {
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            engine.setSSLParameters(params);
        }
        return engine;
    }

    private static boolean isIpLiteral(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }
}
