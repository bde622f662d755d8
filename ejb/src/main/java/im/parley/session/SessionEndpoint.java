package im.parley.session;

import im.parley.messaging.InstantMessageData;
import im.parley.messaging.MessageCopy;
import im.parley.presence.PresenceNotification;
import im.parley.presence.SubscriptionNotification;
import im.parley.presence.WatcherNotification;
import im.parley.roster.RosterChange;

/**
 * What a wire (XMPP connection, HTTP stream) plugs into the session registry: the
 * services hand it what its principal is to receive, and it writes that in its own form.
 * Calls come from the node's event listener, one at a time per node, and must not block.
 */
public interface SessionEndpoint {

    void presence(PresenceNotification notification);

    void subscription(SubscriptionNotification notification);

    void watcher(WatcherNotification notification);

    /** An item of the principal's roster changed. */
    void roster(RosterChange change);

    /**
     * Hands over a message, as its recipient or as a copy. Returns false when the session can
     * no longer take it (it is closing); the service then stores the message for the inbox
     * instead, unless another session took it.
     */
    boolean message(InstantMessageData message, MessageCopy copy);

    /**
     * Hands over content another session addressed to this one directly, in the named
     * protocol. Returns false when this endpoint does not speak that protocol or is closing.
     */
    boolean direct(String protocol, String content);

    /**
     * The session's record was closed by another node, which took this node for dead (it
     * was paused too long): the wire ends its connection, so that the client signs in again
     * and gets what waited in the inbox meanwhile.
     */
    void closedElsewhere();

    /**
     * Whether the client confirms what it receives (XEP-0198 stream management): then a
     * message handed over stays in the inbox until the wire reports it confirmed
     * ({@code MessageService.confirmed}), so a node that dies first loses nothing.
     */
    default boolean confirmsReceipt() {
        return false;
    }
}
