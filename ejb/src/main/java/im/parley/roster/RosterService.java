package im.parley.roster;

import im.parley.account.Address;
import im.parley.account.Directory;
import im.parley.account.Principal;
import im.parley.config.ParleySettings;
import im.parley.event.EventPublisher;
import im.parley.presence.PresenceService;
import im.parley.presence.SubscriptionChange;
import im.parley.presence.SubscriptionData;
import im.parley.presence.SubscriptionNotification;
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
import java.util.function.Predicate;
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

    @Inject
    private ParleySettings settings;

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
        if (item.remoteSubscription() != SubscriptionState.NONE) {
            // RFC 6121 section 2.5.2: the contact's server hears that the subscription ends.
            events.publish(new SubscriptionNotification(contact.bare().toString(), me.toString(),
                    SubscriptionChange.CANCELLED, Set.of(contact.bare().toString())));
        }
        presence.subscription(me, contact)
                .filter(s -> s.state() != SubscriptionState.NONE)
                .ifPresent(s -> presence.cancel(me, contact));
        presence.subscription(contact, me)
                .filter(s -> s.state() != SubscriptionState.NONE || s.preApproved())
                .ifPresent(s -> presence.deny(me, me, contact));
        announce(principal, contact, origin);
    }

    // ---- the owner's subscription to a contact of another domain (federation) -------------
    //
    // That domain's server holds the subscription (RFC 6121 section 3); ours keeps the owner's
    // side of it on the roster item, tells the other server through a NOTIFICATION addressed
    // to the contact, and tells the owner's sessions what the other server answers.

    /**
     * RFC 6121 sections 3.1.1 and 3.1.2: the owner asks; the contact goes into the roster with
     * the request pending (ask='subscribe') unless it is active already, and the request goes
     * to the contact's server.
     */
    public void requestRemoteSubscription(Address owner, Address contact) {
        Principal principal = directory.principal(owner);
        RosterItem item = find(principal, contact).orElseGet(() -> {
            RosterItem created = new RosterItem(principal, contact);
            em.persist(created);
            return created;
        });
        if (item.remoteSubscription() != SubscriptionState.ACTIVE) {
            item.setRemoteSubscription(SubscriptionState.PENDING);
        }
        subscriptionChanged(principal, item.contact());
        events.publish(new SubscriptionNotification(item.contact().toString(), principal.address().toString(),
                SubscriptionChange.REQUESTED, Set.of(item.contact().toString())));
    }

    /**
     * RFC 6121 section 3.1.6: the contact's server approved a pending request; the owner's
     * sessions get the push and the approval. One that nobody asked for is ignored.
     */
    public void remoteSubscriptionApproved(Address owner, Address contact) {
        remoteSubscriptionAnswered(owner, contact, before -> before == SubscriptionState.PENDING,
                SubscriptionState.ACTIVE, SubscriptionChange.APPROVED);
    }

    /**
     * RFC 6121 sections 3.2.3 and 3.3.4 (the contact's side of 3.2): the contact's server
     * refused the request or ended the subscription; the owner's sessions are told.
     */
    public void remoteSubscriptionEnded(Address owner, Address contact) {
        remoteSubscriptionAnswered(owner, contact, before -> before != SubscriptionState.NONE,
                SubscriptionState.NONE, SubscriptionChange.DENIED);
    }

    private void remoteSubscriptionAnswered(Address owner, Address contact, Predicate<SubscriptionState> expected,
                                            SubscriptionState after, SubscriptionChange change) {
        Principal principal = directory.principal(owner);
        find(principal, contact).filter(item -> expected.test(item.remoteSubscription())).ifPresent(item -> {
            item.setRemoteSubscription(after);
            subscriptionChanged(principal, item.contact());
            events.publish(new SubscriptionNotification(item.contact().toString(), principal.address().toString(),
                    change, Set.of(principal.address().toString())));
        });
    }

    /** RFC 6121 section 3.3.2: the owner unsubscribes; the contact's server is told. */
    public void cancelRemoteSubscription(Address owner, Address contact) {
        Principal principal = directory.principal(owner);
        Optional<RosterItem> item = find(principal, contact);
        if (item.isPresent() && item.get().remoteSubscription() != SubscriptionState.NONE) {
            item.get().setRemoteSubscription(SubscriptionState.NONE);
            subscriptionChanged(principal, item.get().contact());
        }
        events.publish(new SubscriptionNotification(contact.bare().toString(), principal.address().toString(),
                SubscriptionChange.CANCELLED, Set.of(contact.bare().toString())));
    }

    private void subscriptionChanged(Principal owner, Address contact) {
        String address = owner.address().toString();
        events.publish(new RosterChange(address, contact.toString(), RosterChange.BY_SUBSCRIPTION, Set.of(address)));
    }

    private boolean isRemote(Address contact) {
        return !contact.domainpart().equals(settings.domain());
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

    private RosterItemData data(RosterItem item, Optional<SubscriptionData> outgoing,
                                Optional<SubscriptionData> incoming) {
        Address contact = item.contact();
        RosterSubscription state = RosterSubscription.of(isRemote(contact) ? item.remoteSubscription()
                        : outgoing.map(SubscriptionData::state).orElse(SubscriptionState.NONE),
                incoming.map(SubscriptionData::state).orElse(SubscriptionState.NONE));
        return new RosterItemData(contact.toString(), item.name(), item.groups(), state,
                incoming.map(SubscriptionData::preApproved).orElse(false));
    }
}
