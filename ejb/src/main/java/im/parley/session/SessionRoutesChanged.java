package im.parley.session;

import im.parley.event.ParleyEvent;

import java.util.Set;

/** A principal's sessions changed in a way routing must see: every node forgets its routes. */
public record SessionRoutesChanged(String principal) implements ParleyEvent {

    @Override
    public Set<String> recipients() {
        return Set.of(principal);
    }
}
