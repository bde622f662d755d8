package im.parley.account;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keys Parley keeps must complete the example exchanges of RFC 5802 and RFC 7677. */
class ScramCredentialTest {

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /**
     * A server holding only StoredKey verifies a ClientProof thus (RFC 5802 section 3):
     * ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); H(ClientKey) must equal StoredKey.
     */
    private static void assertExchange(ScramMechanism mechanism, String salt, String authMessage,
                                       String proof, String serverSignature) {
        ScramCredential keys = ScramCredential.derive(mechanism, "pencil", Base64.getDecoder().decode(salt), 4096);
        byte[] clientSignature = ScramCredential.hmac(mechanism, keys.storedKey(), authMessage);
        byte[] clientKey = xor(Base64.getDecoder().decode(proof), clientSignature);
        assertArrayEquals(keys.storedKey(), ScramCredential.digest(mechanism, clientKey));
        assertEquals(serverSignature,
                Base64.getEncoder().encodeToString(ScramCredential.hmac(mechanism, keys.serverKey(), authMessage)));
    }

    @Test
    void theKeysCompleteTheExampleExchangeOfRfc5802() {
        assertExchange(ScramMechanism.SCRAM_SHA_1, "QSXCR+Q6sek8bf92",
                "n=user,r=fyko+d2lbbFgONRv9qkxdawL,"
                        + "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096,"
                        + "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j",
                "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", "rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    @Test
    void theKeysCompleteTheExampleExchangeOfRfc7677() {
        assertExchange(ScramMechanism.SCRAM_SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==",
                "n=user,r=rOprNGfwEbeRWgbNEkqO,"
                        + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
                        + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
                "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aPasswordMatchesItsOwnKeysOnly() {
        ScramCredential keys = ScramCredential.derive(ScramMechanism.SCRAM_SHA_256, "pencil",
                "salt".getBytes(StandardCharsets.UTF_8), 4096);

        assertTrue(keys.matches(ScramMechanism.SCRAM_SHA_256, "pencil"));
        assertFalse(keys.matches(ScramMechanism.SCRAM_SHA_256, "Pencil"));
    }
}
