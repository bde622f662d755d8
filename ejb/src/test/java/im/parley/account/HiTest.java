package im.parley.account;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Hi() is PBKDF2 with the mechanism's HMAC: it agrees with the JDK's, whatever the password. */
class HiTest {
    private static final byte[] SALT = "a salt of sixteen".getBytes(StandardCharsets.UTF_8);

    private static byte[] jdkPbkdf2(ScramMechanism mechanism, String password, int outputBits) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), SALT, 4096, outputBits);
        return SecretKeyFactory.getInstance("PBKDF2With" + mechanism.hmacAlgorithm()).generateSecret(spec).getEncoded();
    }

    private static byte[] hi(ScramMechanism mechanism, String password) {
        return Hi.of(mechanism, password.getBytes(StandardCharsets.UTF_8), SALT, 4096);
    }

    @Test
    void aPasswordBeyondAscii() throws Exception {
        String password = "pässwörd ✓ 密码";
        assertArrayEquals(jdkPbkdf2(ScramMechanism.SCRAM_SHA_1, password, 160), hi(ScramMechanism.SCRAM_SHA_1, password));
        assertArrayEquals(jdkPbkdf2(ScramMechanism.SCRAM_SHA_256, password, 256), hi(ScramMechanism.SCRAM_SHA_256, password));
    }

    @Test
    void aPasswordLongerThanTheHashBlockIsHashedFirst() throws Exception {
        String password = "a passphrase well beyond the sixty-four bytes of one SHA-256 block, as HMAC keys may be";
        assertArrayEquals(jdkPbkdf2(ScramMechanism.SCRAM_SHA_256, password, 256), hi(ScramMechanism.SCRAM_SHA_256, password));
        assertArrayEquals(jdkPbkdf2(ScramMechanism.SCRAM_SHA_1, password, 160), hi(ScramMechanism.SCRAM_SHA_1, password));
    }

    @Test
    void aPasswordOfExactlyOneBlock() throws Exception {
        String password = "x".repeat(64);
        assertArrayEquals(jdkPbkdf2(ScramMechanism.SCRAM_SHA_256, password, 256), hi(ScramMechanism.SCRAM_SHA_256, password));
    }
}
