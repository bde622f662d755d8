package im.parley.presence;

import java.io.Serializable;
import java.time.Instant;

/** A subscription as the services report it. */
public record SubscriptionData(String presentity, String watcher, SubscriptionState state,
                               boolean preApproved, Instant expiresAt) implements Serializable {
}
