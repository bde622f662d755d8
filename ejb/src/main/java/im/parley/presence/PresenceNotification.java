package im.parley.presence;

import im.parley.event.ParleyEvent;

import java.util.Set;

/**
 * A NOTIFICATION (RFC 2778 section 2.3): a presentity's tuple changed (or was withdrawn,
 * then CLOSED), for the subscribers the access rules allow to see it.
 */
public record PresenceNotification(String presentity, PresenceTupleData tuple, Set<String> recipients)
        implements ParleyEvent {

    public PresenceNotification {
        recipients = Set.copyOf(recipients);
    }
}
