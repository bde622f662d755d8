package im.parley.presence;

import im.parley.event.ParleyEvent;

import java.util.Set;

/**
 * WATCHER INFORMATION made subscribable (as RFC 3857 does for SIP): a new watcher
 * appeared for a presentity; told to the presentity's principals.
 */
public record WatcherNotification(String presentity, WatcherInformation watcher, Set<String> recipients)
        implements ParleyEvent {

    public WatcherNotification {
        recipients = Set.copyOf(recipients);
    }
}
