package im.parley.xmpp.federation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dialback keys as XEP-0185 section 2 recommends. */
class DialbackKeysTest {
    private final DialbackKeys keys = new DialbackKeys("s3cr3tf0rd14lb4ck");

    @Test
    void aKeyIsTheHmacOfBothDomainsAndTheStreamIdUnderTheHashedSecret() {
        // Worked out apart from this code: HMAC-SHA256(key = hex(SHA-256(secret)),
        // "example.net example.com D60000229F"), hex-encoded.
        assertEquals("008c689ff366b50c63d69a3e2d2c0e0e1f8404b0118eb688a0102c87cb691bdc",
                keys.key("example.net", "example.com", "D60000229F"));
    }

    @Test
    void aKeyMatchesOnlyTheStreamAndDomainsItWasMadeFor() {
        String key = keys.key("example.net", "example.com", "D60000229F");

        assertTrue(keys.matches("example.net", "example.com", "D60000229F", key));
        assertFalse(keys.matches("example.net", "example.com", "another-stream", key));
        assertFalse(keys.matches("example.org", "example.com", "D60000229F", key));
        assertFalse(new DialbackKeys("another secret").matches("example.net", "example.com", "D60000229F", key));
        assertFalse(keys.matches("example.net", "example.com", "D60000229F", null));
    }
}
