package im.parley.account;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What a server keeps of a password for one SCRAM mechanism (RFC 5802 section 3):
 * salt, iteration count, StoredKey and ServerKey. The password itself cannot be
 * recovered from it, yet a SASL SCRAM exchange and a plain password check both work.
 */
@Embeddable
public class ScramCredential {
    /** RFC 7677 section 4 recommends at least 4096 iterations. */
    public static final int ITERATIONS = 4096;
    private static final int SALT_BYTES = 16;

    @Column(nullable = false, length = 64)
    private String salt;
    @Column(nullable = false)
    private int iterations;
    @Column(nullable = false, length = 128)
    private String storedKey;
    @Column(nullable = false, length = 128)
    private String serverKey;

    protected ScramCredential() {
    }

    private ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
        Base64.Encoder base64 = Base64.getEncoder();
        this.salt = base64.encodeToString(salt);
        this.iterations = iterations;
        this.storedKey = base64.encodeToString(storedKey);
        this.serverKey = base64.encodeToString(serverKey);
    }

    public static ScramCredential derive(ScramMechanism mechanism, String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return derive(mechanism, password, salt, ITERATIONS);
    }

    static ScramCredential derive(ScramMechanism mechanism, String password, byte[] salt, int iterations) {
        byte[] saltedPassword = saltedPassword(mechanism, password, salt, iterations);
        byte[] clientKey = hmac(mechanism, saltedPassword, "Client Key");
        byte[] serverKey = hmac(mechanism, saltedPassword, "Server Key");
        return new ScramCredential(salt, iterations, digest(mechanism, clientKey), serverKey);
    }

    /** True when the password yields this credential's StoredKey (compared in constant time). */
    public boolean matches(ScramMechanism mechanism, String password) {
        byte[] saltedPassword = saltedPassword(mechanism, password, salt(), iterations);
        byte[] candidate = digest(mechanism, hmac(mechanism, saltedPassword, "Client Key"));
        return MessageDigest.isEqual(candidate, storedKey());
    }

    public byte[] salt() {
        return Base64.getDecoder().decode(salt);
    }

    public int iterations() {
        return iterations;
    }

    public byte[] storedKey() {
        return Base64.getDecoder().decode(storedKey);
    }

    public byte[] serverKey() {
        return Base64.getDecoder().decode(serverKey);
    }

    /**
     * Hi(Normalize(password), salt, i) of RFC 5802 section 2.2. SASLprep of the password is
     * left to the caller's wire.
     */
    static byte[] saltedPassword(ScramMechanism mechanism, String password, byte[] salt, int iterations) {
        return Hi.of(mechanism, password.getBytes(StandardCharsets.UTF_8), salt, iterations);
    }

    public static byte[] hmac(ScramMechanism mechanism, byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance(mechanism.hmacAlgorithm());
            mac.init(new SecretKeySpec(key, mechanism.hmacAlgorithm()));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM lacks " + mechanism.hmacAlgorithm(), e);
        }
    }

    public static byte[] digest(ScramMechanism mechanism, byte[] data) {
        try {
            return MessageDigest.getInstance(mechanism.digestAlgorithm()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM lacks " + mechanism.digestAlgorithm(), e);
        }
    }
}
