package im.parley.messaging;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeOrderedIdTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        UUID id = UUID.fromString(TimeOrderedId.of(1_764_000_000_123L, new Random(1)));

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(1_764_000_000_123L, id.getMostSignificantBits() >>> 16);
    }

    @Test
    void aLaterMillisecondGivesAnIdThatSortsAfterAsText() {
        Random random = new Random(2);
        for (long millis = 1_764_000_000_000L; millis < 1_764_000_001_000L; millis++) {
            String earlier = TimeOrderedId.of(millis, random);
            String later = TimeOrderedId.of(millis + 1, random);
            assertTrue(earlier.compareTo(later) < 0, earlier + " should sort before " + later);
        }
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Random random = new Random(3);
        assertTrue(!TimeOrderedId.of(5L, random).equals(TimeOrderedId.of(5L, random)));
    }
}
