package im.parley.roster;

import java.util.Set;

/** A roster item's name and groups as a client sets them; the contact comes from the URL. */
public record RosterItemRequest(String name, Set<String> groups) {
}
