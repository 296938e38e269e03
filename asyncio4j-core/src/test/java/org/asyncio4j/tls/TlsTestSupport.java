package org.asyncio4j.tls;

import java.util.List;
import java.util.Random;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.asyncio4j.testing.SelfSignedCertificate;

/** The one throwaway certificate of the TLS tests, and engines configured the way SslProtocol configures them. */
final class TlsTestSupport {
    /** Generated once per test JVM, in memory: no key file exists anywhere. */
    static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost", "127.0.0.1", "::1");
    static final SSLContext SERVER_CONTEXT = CERT.serverContext();
    static final SSLContext CLIENT_CONTEXT = CERT.clientContext();

    private TlsTestSupport() {}

    /** A client context that trusts {@link #CERT} and offers only {@code protocol} (e.g. "TLSv1.2"). */
    static SSLContext clientContextFor(String protocol) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", CERT.certificate());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A client engine that sends SNI {@code host} and verifies that the certificate names it. */
    static SSLEngine clientEngine(SSLContext ctx, String host, String protocol) {
        SSLEngine e = ctx.createSSLEngine(host, 443);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName(host)));
        if (protocol != null) {
            p.setProtocols(new String[] {protocol});
        }
        e.setSSLParameters(p);
        return e;
    }

    static SSLEngine serverEngine(String protocol) {
        SSLEngine e = SERVER_CONTEXT.createSSLEngine();
        e.setUseClientMode(false);
        if (protocol != null) {
            e.setEnabledProtocols(new String[] {protocol});
        }
        return e;
    }

    static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
