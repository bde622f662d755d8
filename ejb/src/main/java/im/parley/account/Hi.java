package im.parley.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Hi(str, salt, i) of RFC 5802 section 2.2: PBKDF2 (RFC 8018 section 5.2) with HMAC over
 * the mechanism's hash, for the one block of output SCRAM needs. Every HMAC (RFC 2104) starts
 * from copies of the hash states after the padded key, so an iteration hashes two blocks,
 * where the JDK's PBKDF2 hashes four. A sign-in with a password (SASL PLAIN) spends more
 * CPU here than anywhere else.
 */
final class Hi {
    private static final int BLOCK_BYTES = 64; // SHA-1 and SHA-256 alike

    private final MessageDigest inner;
    private final MessageDigest outer;

    private Hi(String digestAlgorithm, byte[] key) throws GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance(digestAlgorithm);
        byte[] padded = key.length > BLOCK_BYTES ? digest.digest(key) : key;
        byte[] innerPad = new byte[BLOCK_BYTES];
        byte[] outerPad = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            byte k = i < padded.length ? padded[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
        inner = MessageDigest.getInstance(digestAlgorithm);
        inner.update(innerPad);
        outer = MessageDigest.getInstance(digestAlgorithm);
        outer.update(outerPad);
    }

    static byte[] of(ScramMechanism mechanism, byte[] password, byte[] salt, int iterations) {
        try {
            Hi hmac = new Hi(mechanism.digestAlgorithm(), password);
            // U1 = HMAC(password, salt + INT(1)); U(n) = HMAC(password, U(n-1)); Hi = U1 XOR ... XOR Ui
            byte[] u = hmac.of(salt, new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int n = 1; n < iterations; n++) {
                u = hmac.of(u, null);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            // The JDK's SHA-1 and SHA-256 are there and can be copied on every JVM Parley runs on.
            throw new IllegalStateException("No copyable " + mechanism.digestAlgorithm() + " in this JVM", e);
        }
    }

    private byte[] of(byte[] text, byte[] more) throws CloneNotSupportedException {
        MessageDigest in = (MessageDigest) inner.clone();
        in.update(text);
        if (more != null) {
            in.update(more);
        }
        MessageDigest out = (MessageDigest) outer.clone();
        out.update(in.digest());
        return out.digest();
    }
}
