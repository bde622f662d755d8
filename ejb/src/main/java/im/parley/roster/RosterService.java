package im.parley.roster;

import im.parley.account.Address;
import im.parley.account.Directory;
import im.parley.account.Principal;
import im.parley.event.EventPublisher;
import im.parley.presence.PresenceService;
import im.parley.presence.SubscriptionData;
import im.parley.presence.SubscriptionState;
import im.parley.problem.ParleyException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A principal's roster (RFC 6121 section 2): contacts with names and groups, each shown
 * with the subscription state derived from the subscriptions between the two.
 */
@Stateless
public class RosterService {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private Directory directory;

    @EJB
    private PresenceService presence;

    @Inject
    private EventPublisher events;

    /** The whole roster, with every item's state, in a fixed number of queries however long it is. */
    public List<RosterItemData> items(Address owner) {
        Principal principal = directory.principal(owner);
        Map<String, SubscriptionData> outgoing = presence.subscriptionsBy(principal.address()).stream()
                .collect(Collectors.toMap(SubscriptionData::presentity, s -> s));
        Map<String, SubscriptionData> incoming = presence.subscriptions(principal.address(), principal.address())
                .stream().collect(Collectors.toMap(SubscriptionData::watcher, s -> s));
        return em.createQuery("select distinct i from RosterItem i left join fetch i.groups where i.owner = :owner"
                        + " order by i.contact", RosterItem.class)
                .setParameter("owner", principal)
                .getResultList().stream()
                .map(item -> data(item, Optional.ofNullable(outgoing.get(item.contact().toString())),
                        Optional.ofNullable(incoming.get(item.contact().toString()))))
                .toList();
    }

    public Optional<RosterItemData> item(Address owner, Address contact) {
        return find(directory.principal(owner), contact).map(this::data);
    }

    /** Adds a contact or updates its name and groups (RFC 6121 section 2.3 and 2.4). */
    public RosterItemData setItem(Address owner, Address contact, String name, Set<String> groups) {
        return setItem(owner, contact, name, groups, null);
    }

    /** As {@link #setItem(Address, Address, String, Set)}, naming the protocol the change came over. */
    public RosterItemData setItem(Address owner, Address contact, String name, Set<String> groups, String origin) {
        Principal principal = directory.principal(owner);
        if (principal.address().equals(contact.bare())) {
            throw ParleyException.invalid("A principal is not a contact in its own roster");
        }
        RosterItem item = find(principal, contact).orElseGet(() -> {
            RosterItem created = new RosterItem(principal, contact);
            em.persist(created);
            return created;
        });
        item.rename(name, groups == null ? Set.of() : groups);
        announce(principal, contact, origin);
        return data(item);
    }

    /**
     * Removes a contact. As RFC 6121 section 2.5.3 requires, the subscriptions both ways end
     * with it: the owner stops watching the contact, and the contact stops watching the owner.
     */
    public void removeItem(Address owner, Address contact) {
        removeItem(owner, contact, null);
    }

    /** As {@link #removeItem(Address, Address)}, naming the protocol the change came over. */
    public void removeItem(Address owner, Address contact, String origin) {
        Principal principal = directory.principal(owner);
        RosterItem item = find(principal, contact)
                .orElseThrow(() -> ParleyException.notFound(contact.bare() + " is not in the roster"));
        em.remove(item);
        Address me = principal.address();
        presence.subscription(me, contact)
                .filter(s -> s.state() != SubscriptionState.NONE)
                .ifPresent(s -> presence.cancel(me, contact));
        presence.subscription(contact, me)
                .filter(s -> s.state() != SubscriptionState.NONE || s.preApproved())
                .ifPresent(s -> presence.deny(me, me, contact));
        announce(principal, contact, origin);
    }

    private void announce(Principal owner, Address contact, String origin) {
        String address = owner.address().toString();
        events.publish(new RosterChange(address, contact.bare().toString(), origin, Set.of(address)));
    }

    private Optional<RosterItem> find(Principal owner, Address contact) {
        return em.createQuery("select i from RosterItem i where i.owner = :owner and i.contact = :contact",
                        RosterItem.class)
                .setParameter("owner", owner)
                .setParameter("contact", contact.bare().toString())
                .getResultStream().findFirst();
    }

    private RosterItemData data(RosterItem item) {
        Address owner = item.owner().address();
        Address contact = item.contact();
        return data(item, presence.subscription(owner, contact), presence.subscription(contact, owner));
    }

    private static RosterItemData data(RosterItem item, Optional<SubscriptionData> outgoing,
                                       Optional<SubscriptionData> incoming) {
        Address contact = item.contact();
        RosterSubscription state = RosterSubscription.of(
                outgoing.map(SubscriptionData::state).orElse(SubscriptionState.NONE),
                incoming.map(SubscriptionData::state).orElse(SubscriptionState.NONE));
        return new RosterItemData(contact.toString(), item.name(), item.groups(), state,
                incoming.map(SubscriptionData::preApproved).orElse(false));
    }
}
