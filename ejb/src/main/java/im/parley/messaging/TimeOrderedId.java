package im.parley.messaging;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for archived messages in the UUID version 7 layout (RFC 9562 section 5.7): the
 * milliseconds since the epoch first, then random bits. Later messages get larger ids, so
 * each new archive row goes to the end of the primary key's index instead of a random
 * page of it; an archive that has grown past the database's cache stays cheap to append to.
 * The ids are not secrets (the archive checks who may read a message), so a fast random
 * source is enough.
 */
final class TimeOrderedId {
    private TimeOrderedId() {
    }

    static String next() {
        return of(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static String of(long epochMillis, java.util.random.RandomGenerator random) {
        long mostSignificant = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
