package org.asyncio4j.tls;

import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.asyncio4j.internal.tls.SslEngines;
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

    /** A client engine configured as SslProtocol configures it: SNI {@code host}, the certificate must name it. */
    static SSLEngine clientEngine(SSLContext ctx, String host, String protocol) {
        return restrict(SslEngines.create(ctx, false, host, null), protocol);
    }

    static SSLEngine serverEngine(String protocol) {
        return restrict(SslEngines.create(SERVER_CONTEXT, true, null, null), protocol);
    }

    private static SSLEngine restrict(SSLEngine e, String protocol) {
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
