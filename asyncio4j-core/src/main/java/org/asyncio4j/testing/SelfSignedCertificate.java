package org.asyncio4j.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway self-signed certificate and key, made in memory for tests and demos of TLS code — the
 * job Python's {@code trustme} does for asyncio's tests. Nothing touches the disk and no external tool
 * runs: the key is a fresh EC P-256 key pair and the X.509 v3 certificate is encoded here and signed
 * with it (SHA256withECDSA), then parsed back by the JDK's {@link CertificateFactory}.
 *
 * <p>The certificate names its hosts in a subjectAltName extension (DNS names and IP addresses), so
 * hostname verification ({@code HTTPS} endpoint identification) works against it. It is valid from one
 * hour ago for thirty days.
 *
 * {@snippet :
 * SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
 * SSLContext server = cert.serverContext();   // presents the certificate
 * SSLContext client = cert.clientContext();   // trusts only this certificate
 * }
 *
 * <p>Never use it to protect anything real.
 */
public final class SelfSignedCertificate {
    private static final char[] PASSWORD = "asyncio4j-throwaway".toCharArray();
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. */
    public static SelfSignedCertificate generate() {
        return generate("localhost", "127.0.0.1", "::1");
    }

    /**
     * A certificate whose common name is the first of {@code hosts} and whose subjectAltName lists all
     * of them; each is a DNS name or an IP address literal.
     *
     * @throws IllegalArgumentException if {@code hosts} is empty
     * @throws IllegalStateException if the JDK lacks EC keys or ECDSA (it never does in a standard build)
     */
    public static SelfSignedCertificate generate(String... hosts) {
        if (hosts.length == 0) {
            throw new IllegalArgumentException("a certificate needs at least one host name");
        }
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = kpg.generateKeyPair();
            byte[] tbs = tbsCertificate(pair, hosts);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] der = seq(tbs, ECDSA_SHA256, bitString(signer.sign()));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            cert.verify(pair.getPublic());
            return new SelfSignedCertificate(cert, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e, e);
        }
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Its private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** A new in-memory PKCS#12 key store holding the key and certificate under the alias {@code "server"}. */
    public KeyStore keyStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", privateKey, PASSWORD, new java.security.cert.Certificate[] {certificate});
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build an in-memory key store: " + e, e);
        }
    }

    /**
     * A TLS context that presents this certificate (for a server that does not ask clients for
     * certificates: it trusts no one). Its key manager hands out the key directly, and no trust store is
     * loaded, so making one is quick.
     */
    public SSLContext serverContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {new OneKeyManager()}, new javax.net.ssl.TrustManager[0], null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server TLS context: " + e, e);
        }
    }

    /** Offers the one EC key and certificate, whenever the handshake can use an EC key. */
    private final class OneKeyManager extends javax.net.ssl.X509ExtendedKeyManager {
        private static final String ALIAS = "server";

        private String aliasFor(String keyType) {
            return "EC".equals(keyType) || "EC_EC".equals(keyType) ? ALIAS : null;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers,
                                              javax.net.ssl.SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? privateKey : null;
        }
    }

    /** A TLS context that trusts this certificate and nothing else (for a client). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("trusted", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a client TLS context: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    // ------------------------------------------------------------------ a minimal DER encoder

    /** AlgorithmIdentifier ecdsa-with-SHA256 (1.2.840.10045.4.3.2), no parameters. */
    private static final byte[] ECDSA_SHA256 = seq(oid(1, 2, 840, 10045, 4, 3, 2));

    private static byte[] tbsCertificate(KeyPair pair, String[] hosts) {
        Instant now = Instant.now();
        byte[] name = seq(set(seq(oid(2, 5, 4, 3), tlv(0x0C, hosts[0].getBytes(StandardCharsets.UTF_8)))));
        byte[] validity = seq(utcTime(now.minus(Duration.ofHours(1))), utcTime(now.plus(Duration.ofDays(30))));
        byte[] serial = tlv(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray());
        byte[] extensions = tlv(0xA3, seq(seq(oid(2, 5, 29, 17), tlv(0x04, subjectAltNames(hosts)))));
        return seq(tlv(0xA0, tlv(0x02, new byte[] {2})), serial, ECDSA_SHA256, name, validity, name,
                pair.getPublic().getEncoded(), extensions);
    }

    private static byte[] subjectAltNames(String[] hosts) {
        List<byte[]> names = new java.util.ArrayList<>();
        for (String host : hosts) {
            byte[] ip = ipLiteral(host);
            names.add(ip != null ? tlv(0x87, ip) : tlv(0x82, host.getBytes(StandardCharsets.US_ASCII)));
        }
        return seq(names.toArray(byte[][]::new));
    }

    private static byte[] ipLiteral(String host) {
        try {
            return java.net.InetAddress.ofLiteral(host).getAddress();
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    private static byte[] utcTime(Instant t) {
        return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((v >>> shift) & 0x7F));
            }
            out.write(v & 0x7F);
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1]; // leading 0: no unused bits
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(0x03, content);
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(len) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
