package im.parley.xmpp.federation;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Dialback keys as XEP-0185 recommends: {@code HMAC-SHA256(SHA256(secret), receiving + ' ' +
 * originating + ' ' + stream id)}, hex-encoded. Only this domain's servers check the keys
 * they made, so every node of a cluster needs the same secret.
 */
public final class DialbackKeys {
    private final byte[] hashedSecret;

    public DialbackKeys(String secret) {
        try {
            // XEP-0185 section 3: the HMAC key is the hex form of the secret's SHA-256.
            hashedSecret = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    public String key(String receiving, String originating, String streamId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashedSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(
                    (receiving + ' ' + originating + ' ' + streamId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing", e);
        }
    }

    /** Compares in constant time, so a guesser learns nothing from how long a refusal takes. */
    public boolean matches(String receiving, String originating, String streamId, String key) {
        return key != null && MessageDigest.isEqual(key(receiving, originating, streamId).getBytes(StandardCharsets.US_ASCII),
                key.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
