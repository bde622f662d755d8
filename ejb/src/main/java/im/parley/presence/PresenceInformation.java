package im.parley.presence;

import java.io.Serializable;
import java.util.List;

/**
 * PRESENCE INFORMATION (RFC 2778 section 2.2): all tuples of one presentity that a
 * watcher may see. A presentity with no tuple is CLOSED.
 */
public record PresenceInformation(String presentity, List<PresenceTupleData> tuples) implements Serializable {

    public PresenceInformation {
        tuples = List.copyOf(tuples);
    }

    /** OPEN when any tuple is OPEN. */
    public BasicStatus status() {
        return tuples.stream().anyMatch(t -> t.status() == BasicStatus.OPEN) ? BasicStatus.OPEN : BasicStatus.CLOSED;
    }
}
