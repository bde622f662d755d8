package im.parley.xmpp;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;

/** The client side of SCRAM-SHA-256 (RFC 7677), written from RFC 5802 for the tests. */
final class ScramSha256Client {
    private final String user;
    private final String password;
    private final String clientNonce = UUID.randomUUID().toString().replace("-", "");
    private byte[] serverSignature;

    ScramSha256Client(String user, String password) {
        this.user = user;
        this.password = password;
    }

    private String clientFirstBare() {
        return "n=" + user + ",r=" + clientNonce;
    }

    String clientFirst() {
        return base64("n,," + clientFirstBare());
    }

    String clientFinal(String challengeBase64) throws Exception {
        String serverFirst = new String(Base64.getDecoder().decode(challengeBase64), StandardCharsets.UTF_8);
        String nonce = null;
        String salt = null;
        int iterations = 0;
        for (String part : serverFirst.split(",")) {
            switch (part.charAt(0)) {
                case 'r' -> nonce = part.substring(2);
                case 's' -> salt = part.substring(2);
                case 'i' -> iterations = Integer.parseInt(part.substring(2));
                default -> { }
            }
        }
        if (nonce == null || !nonce.startsWith(clientNonce)) {
            throw new IllegalStateException("the server changed the client's nonce: " + serverFirst);
        }
        byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(salt), iterations, 256)).getEncoded();
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare() + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        serverSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
        return base64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
    }

    boolean serverIsGenuine(String successBase64) {
        String serverFinal = new String(Base64.getDecoder().decode(successBase64), StandardCharsets.UTF_8);
        return serverFinal.equals("v=" + Base64.getEncoder().encodeToString(serverSignature));
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
