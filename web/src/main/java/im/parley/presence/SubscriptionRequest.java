package im.parley.presence;

import java.time.Instant;

/** A subscription a watcher asks for; {@code expiresAt} null for one that does not end by itself. */
public record SubscriptionRequest(String presentity, Instant expiresAt) {
}
