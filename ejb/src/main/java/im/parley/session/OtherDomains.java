package im.parley.session;

import im.parley.presence.PresenceNotification;
import im.parley.presence.SubscriptionNotification;

import java.util.Set;

/**
 * The way to principals of other domains (federation): a WATCHER there of one of our
 * presentities, or a presentity there one of our principals watches. The node that
 * published a NOTIFICATION hands it here once, for its recipients outside this domain.
 * The XMPP bridge provides it while federation is on.
 */
public interface OtherDomains {

    void presence(PresenceNotification notification, Set<String> recipients);

    void subscription(SubscriptionNotification notification, Set<String> recipients);
}
