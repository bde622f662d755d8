package im.parley.account;

import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressTest {

    @Test
    void aFullAddressHasThreeParts() {
        Address address = Address.parse("Juliet@Example.COM/Balcony");

        assertEquals("juliet", address.localpart().orElseThrow());
        assertEquals("example.com", address.domainpart());
        assertEquals("Balcony", address.resourcepart().orElseThrow());
        assertEquals("juliet@example.com", address.bare().toString());
    }

    @Test
    void anAddressReadsAsItsCanonicalText() {
        assertEquals("juliet@example.com/Balcony", Address.parse(" Juliet@Example.COM./Balcony ").toString());
        assertEquals("juliet@example.com/Balcony", Address.parse("juliet@example.com/Balcony").toString());
        assertEquals("example.com", Address.parse("example.com").toString());
    }

    @Test
    void addressesWithTheSamePartsAreEqual() {
        Address full = Address.parse("Juliet@example.com/Balcony");

        assertEquals(Address.of("juliet", "example.com", "Balcony"), full);
        assertEquals(Address.of("juliet", "example.com", "Balcony").hashCode(), full.hashCode());
        assertEquals(Address.parse("juliet@example.com"), full.bare());
        assertNotEquals(Address.parse("juliet@example.com/balcony"), full);
        assertNotEquals(Address.parse("example.com/Balcony"), full);
    }

    @Test
    void theResourcepartMayContainSlashesAndAtSigns() {
        Address address = Address.parse("juliet@example.com/foo/bar@baz");

        assertEquals("foo/bar@baz", address.resourcepart().orElseThrow());
    }

    @Test
    void aTrailingDotOfTheDomainIsIgnored() {
        assertEquals("example.com", Address.parse("juliet@example.com.").domainpart());
    }

    @Test
    void aDomainAloneIsAnAddress() {
        assertTrue(Address.parse("example.com").localpart().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@example.com", "juliet@", "juliet@example.com/", "jul\"iet@example.com",
            "jul iet@example.com", "a@b@example.com", "juliet@exa mple.com"})
    void malformedAddressesAreRefused(String text) {
        ParleyException refused = assertThrows(ParleyException.class, () -> Address.parse(text));

        assertEquals(Problem.INVALID_INPUT, refused.problem());
    }

    @Test
    void aPartLongerThan1023OctetsIsRefused() {
        String longLocal = "é".repeat(512); // 1024 octets in UTF-8

        assertThrows(ParleyException.class, () -> Address.parse(longLocal + "@example.com"));
    }
}
