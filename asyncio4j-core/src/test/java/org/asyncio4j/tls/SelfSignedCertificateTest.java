package org.asyncio4j.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.asyncio4j.testing.SelfSignedCertificate;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {
    @Test
    void namesEveryHostInSubjectAltNamesAndSignsItself() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.generate("example.test", "10.1.2.3", "::1");
        X509Certificate x = c.certificate();
        assertEquals("CN=example.test", x.getSubjectX500Principal().getName());
        assertEquals(x.getSubjectX500Principal(), x.getIssuerX500Principal());
        x.verify(x.getPublicKey()); // self-signed
        assertEquals("EC", c.privateKey().getAlgorithm());
        assertEquals("SHA256withECDSA", x.getSigAlgName());
        assertEquals(3, x.getVersion());
        assertEquals(List.of(List.of(2, "example.test"), List.of(7, "10.1.2.3"), List.of(7, "0:0:0:0:0:0:0:1")),
                x.getSubjectAlternativeNames().stream().map(l -> List.copyOf(l)).toList());
        x.checkValidity(new Date());
        x.checkValidity(new Date(System.currentTimeMillis() + 29L * 24 * 3600 * 1000));
        assertTrue(x.getNotAfter().getTime() - x.getNotBefore().getTime() > 30L * 24 * 3600 * 1000);
        assertEquals(1, c.keyStore().size());
    }

    @Test
    void everyCertificateIsNew() {
        X509Certificate a = SelfSignedCertificate.generate().certificate();
        X509Certificate b = SelfSignedCertificate.generate().certificate();
        assertNotEquals(a.getSerialNumber(), b.getSerialNumber());
        assertNotEquals(a.getPublicKey(), b.getPublicKey());
    }

    @Test
    void needsAHost() {
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificate.generate(new String[0]));
    }
}
