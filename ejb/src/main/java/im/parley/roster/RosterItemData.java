package im.parley.roster;

import java.io.Serializable;
import java.util.Set;

/** A roster item as the roster service reports it, with its derived subscription state. */
public record RosterItemData(String contact, String name, Set<String> groups, RosterSubscription subscription,
                             boolean preApproved) implements Serializable {

    public RosterItemData {
        groups = Set.copyOf(groups);
    }
}
