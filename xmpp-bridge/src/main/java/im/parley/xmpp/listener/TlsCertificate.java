package im.parley.xmpp.listener;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.SslProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.logging.Logger;

/**
 * The listener's TLS identity: the configured PKCS#12 key store, or, when there is none
 * yet, a self-signed certificate for the domain made on first start and kept there.
 */
public final class TlsCertificate {
    private static final Logger LOG = Logger.getLogger(TlsCertificate.class.getName());
    private static final String ALIAS = "parley";

    private TlsCertificate() {
    }

    public static SslContext serverContext(Path keyStorePath, String password, String domain) {
        try {
            if (!Files.exists(keyStorePath)) {
                createSelfSigned(keyStorePath, password, domain);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStorePath)) {
                keyStore.load(in, password.toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password.toCharArray());
            // RFC 6120 section 13.7.1.2 asks for TLS; older than 1.2 is not offered.
            SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            LOG.info(() -> "TLS for XMPP by " + provider + (provider == SslProvider.JDK
                    ? " (BoringSSL is not available here: " + OpenSsl.unavailabilityCause() + ")" : ""));
            return SslContextBuilder.forServer(keys).sslProvider(provider).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the TLS key store " + keyStorePath, e);
        }
    }

    /**
     * For streams to other domains' servers. Their certificates are not checked: most servers
     * people run themselves have self-signed ones, and server dialback (XEP-0220), which every
     * such stream goes through before it carries a stanza, proves who the other server is
     * (the "weak identity verification" XEP-0220 section 1 describes for servers whose certificates
     * cannot be trusted).
     */
    public static SslContext clientContext() {
        try {
            return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make a TLS client context", e);
        }
    }

    private static void createSelfSigned(Path path, String password, String domain)
            throws GeneralSecurityException, IOException {
        // An ECDSA P-256 key: every current client accepts it, and signing each handshake with it
        // costs a fraction of what an RSA key of the same strength does (sign-ins per second).
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + domain);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, domain)));
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("Cannot sign the certificate", e);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(ALIAS, pair.getPrivate(), password.toCharArray(), new X509Certificate[]{certificate});
        Files.createDirectories(path.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(path)) {
            keyStore.store(out, password.toCharArray());
        }
        LOG.info(() -> "Made a self-signed TLS certificate for " + domain + " in " + path);
    }
}
