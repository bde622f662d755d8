package im.parley.xmpp.federation;

import im.parley.presence.PresenceNotification;
import im.parley.presence.SubscriptionNotification;
import im.parley.session.OtherDomains;
import im.parley.xmpp.stanza.Outbound;

import java.util.Set;
import java.util.logging.Logger;

/**
 * NOTIFICATIONS for principals of other domains, as the stanzas their servers expect
 * (RFC 6121 sections 3 and 4): a presence change of one of our presentities for a watcher
 * there, and each step of a subscription between the two domains.
 */
public final class RemoteNotifications implements OtherDomains {
    private static final Logger LOG = Logger.getLogger(RemoteNotifications.class.getName());

    private final Federation federation;

    public RemoteNotifications(Federation federation) {
        this.federation = federation;
    }

    @Override
    public void presence(PresenceNotification notification, Set<String> recipients) {
        for (String watcher : recipients) {
            send(watcher, Outbound.presence(notification.presentity(), notification.tuple(), watcher));
        }
    }

    @Override
    public void subscription(SubscriptionNotification notification, Set<String> recipients) {
        for (String recipient : recipients) {
            send(recipient, Outbound.subscription(notification, recipient));
        }
    }

    /** Presence is never answered with an error: what cannot reach the other domain ends here. */
    private void send(String recipient, String stanza) {
        federation.send(recipient.substring(recipient.indexOf('@') + 1), stanza,
                undeliverable -> LOG.fine(() -> "Presence for " + recipient + " dropped: " + undeliverable.getMessage()));
    }
}
