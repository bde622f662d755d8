package im.parley.roster;

import im.parley.event.ParleyEvent;

import java.util.Set;

/**
 * A principal's roster item was added, changed or removed, for the principal's sessions.
 * {@code origin} is the protocol the change was made over: that wire may have told its own
 * sessions already (XMPP pushes as it answers the roster set).
 */
public record RosterChange(String owner, String contact, String origin, Set<String> recipients) implements ParleyEvent {
    /** The origin of a change made for a subscription (its state, or the item a subscription stanza adds): no wire has pushed it yet. */
    public static final String BY_SUBSCRIPTION = "subscription";

    public RosterChange {
        recipients = Set.copyOf(recipients);
    }
}
