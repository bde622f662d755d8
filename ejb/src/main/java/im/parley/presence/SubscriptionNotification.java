package im.parley.presence;

import im.parley.event.ParleyEvent;

import java.util.Set;

/** A change of a subscription, for the principals who have to hear of it. */
public record SubscriptionNotification(String presentity, String watcher, SubscriptionChange change,
                                       Set<String> recipients) implements ParleyEvent {

    public SubscriptionNotification {
        recipients = Set.copyOf(recipients);
    }
}
