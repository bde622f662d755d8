package im.parley.messaging;

import im.parley.account.Address;

import java.time.Instant;

/**
 * A query of a principal's archive: optionally one correspondent and a time span, and one
 * page of at most {@code max} messages. Paging as XEP-0059: after a message id (forwards),
 * before one (backwards), or, with {@code last}, the newest page; otherwise the oldest.
 */
public record ArchiveQuery(Address with, Instant start, Instant end, String after, String before, boolean last,
                           int max) {

    public static ArchiveQuery newestPage(Address with, int max) {
        return new ArchiveQuery(with, null, null, null, null, true, max);
    }

    public static ArchiveQuery pageBefore(Address with, String before, int max) {
        return new ArchiveQuery(with, null, null, null, before, false, max);
    }

    boolean backwards() {
        return before != null || last;
    }
}
