package im.parley.rules;

import im.parley.event.ParleyEvent;

import java.util.Set;

/**
 * A principal's delivery profile changed (a rule was set or removed, the account deleted):
 * every node forgets what it kept of it.
 */
public record DeliveryProfileChanged(String principal) implements ParleyEvent {

    @Override
    public Set<String> recipients() {
        return Set.of(principal);
    }
}
