package im.parley.presence;

import im.parley.account.Address;
import im.parley.account.Directory;
import im.parley.account.Principal;
import im.parley.config.ParleySettings;
import im.parley.event.EventPublisher;
import im.parley.problem.ParleyException;
import im.parley.roster.RosterChange;
import im.parley.rules.AccessControl;
import im.parley.rules.AccessDecision;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The PRESENCE SERVICE (RFC 2778 section 2.1): accepts, stores and distributes presence
 * information. Each public method is one transaction; the NOTIFICATIONS a change causes
 * are published in that same transaction, so they go out if and only if it commits.
 */
@Stateless
public class PresenceService {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private Directory directory;

    @Inject
    private AccessControl access;

    @Inject
    private WatcherLog watcherLog;

    @Inject
    private EventPublisher events;

    @Inject
    private ParleySettings settings;

    // ---- presentities -------------------------------------------------------------------

    /** Creates a further presentity (a shared {@code support@domain}, say) controlled by the actor. */
    public void createPresentity(Address actor, Address address) {
        if (!address.domainpart().equals(settings.domain())) {
            throw ParleyException.invalid("Presentities live in this server's domain " + settings.domain());
        }
        if (directory.findPresentity(address).isPresent()) {
            throw ParleyException.conflict("Presentity " + address.bare() + " exists already");
        }
        em.persist(new Presentity(address, directory.principal(actor)));
    }

    /** Lets another principal control a presentity the actor controls. */
    public void addController(Address actor, Address presentity, Address principal) {
        directory.controlledPresentity(actor, presentity).addController(directory.principal(principal));
    }

    // ---- publishing ---------------------------------------------------------------------

    /**
     * Publishes (adds or replaces) one tuple of a presentity the actor controls, and notifies
     * every subscriber the access rules allow, and the presentity's own principals.
     *
     * @param sessionId the publishing session, whose end withdraws the tuple; null for none
     */
    public PresenceTupleData publish(Address actor, Address presentityAddress, PresenceTupleData data, String sessionId) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        serialise(presentity);
        PresenceTuple tuple = findTuple(presentity, data.tupleKey()).orElse(null);
        if (tuple == null) {
            tuple = new PresenceTuple(presentity, data, sessionId);
            em.persist(tuple);
        } else {
            tuple.apply(data, sessionId);
        }
        PresenceTupleData published = tuple.data();
        notifyWatchers(presentity, published);
        return published;
    }

    /** Publishes several tuples of one presentity at once (a PIDF document): all of them or none. */
    public List<PresenceTupleData> publishAll(Address actor, Address presentityAddress, List<PresenceTupleData> tuples,
                                              String sessionId) {
        if (tuples.isEmpty()) {
            throw ParleyException.invalid("The document holds no tuple");
        }
        if (tuples.stream().map(PresenceTupleData::tupleKey).distinct().count() < tuples.size()) {
            throw ParleyException.invalid("Two tuples have the same id");
        }
        return tuples.stream().map(tuple -> publish(actor, presentityAddress, tuple, sessionId)).toList();
    }

    /** Withdraws one tuple; watchers see it CLOSED. */
    public void withdraw(Address actor, Address presentityAddress, String tupleKey) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        PresenceTuple tuple = findTuple(presentity, tupleKey)
                .orElseThrow(() -> ParleyException.notFound("No tuple '" + tupleKey + "' for " + presentityAddress));
        remove(tuple);
    }

    /** Withdraws every tuple a session published: the session ended. */
    public void withdrawSession(String sessionId) {
        em.createQuery("select t from PresenceTuple t where t.sessionId = :session", PresenceTuple.class)
                .setParameter("session", sessionId)
                .getResultList()
                .forEach(this::remove);
    }

    private void remove(PresenceTuple tuple) {
        serialise(tuple.presentity());
        PresenceTupleData last = tuple.data();
        em.remove(tuple);
        em.flush();
        if (currentInformation(tuple.presentity()).tuples().isEmpty()) {
            tuple.presentity().wentAway(last.note());
        }
        notifyWatchers(tuple.presentity(), PresenceTupleData.politelyClosed(last.tupleKey(), Instant.now()));
    }

    /**
     * Changes of a presentity's tuples and activations of its subscriptions take turns (a
     * row lock on the presentity until commit). Otherwise, at READ COMMITTED, a tuple
     * published while a subscription is being activated reaches nobody new: the publication
     * does not yet see the subscriber, and the activation does not yet see the tuple.
     */
    private void serialise(Presentity presentity) {
        em.lock(presentity, LockModeType.PESSIMISTIC_WRITE);
    }

    /** As {@link #serialise}, but activations share the lock among themselves (where the database can). */
    private void serialiseWithOtherActivations(Presentity presentity) {
        em.lock(presentity, LockModeType.PESSIMISTIC_READ);
    }

    private Optional<PresenceTuple> findTuple(Presentity presentity, String tupleKey) {
        return em.createQuery("select t from PresenceTuple t where t.presentity = :p and t.tupleKey = :key",
                        PresenceTuple.class)
                .setParameter("p", presentity)
                .setParameter("key", tupleKey)
                .getResultStream().findFirst();
    }

    private void notifyWatchers(Presentity presentity, PresenceTupleData tuple) {
        Instant now = Instant.now();
        Set<String> recipients = new HashSet<>();
        presentity.controllers().forEach(p -> recipients.add(p.address().toString()));
        var decide = access.decider(presentity);
        for (Subscription subscription : activeSubscriptionsOf(presentity, now)) {
            AccessDecision decision = decide.apply(subscription.watcher());
            if (decision == AccessDecision.ALLOW || decision == AccessDecision.BY_SUBSCRIPTION) {
                recipients.add(subscription.watcher().toString());
            }
        }
        events.publish(new PresenceNotification(presentity.address().toString(), tuple, recipients));
    }

    private boolean mayReceive(Presentity presentity, Address watcher, boolean subscribed) {
        AccessDecision decision = access.decide(presentity, watcher);
        return decision == AccessDecision.ALLOW || decision == AccessDecision.BY_SUBSCRIPTION && subscribed;
    }

    // ---- fetching -----------------------------------------------------------------------

    /**
     * A FETCHER asks once for a presentity's current information. Granted by an ALLOW rule
     * or an active subscription; a politely blocked watcher gets CLOSED (no tuples) as if
     * the presentity were offline; anyone else is refused. A fetch that is granted is
     * recorded in watcher information, as a POLL when the watcher fetches regularly.
     */
    public PresenceInformation fetch(Address watcher, Address presentityAddress, String protocol) {
        Presentity presentity = directory.presentity(presentityAddress);
        AccessDecision decision = access.decide(presentity, watcher);
        boolean own = presentity.isControlledBy(watcher);
        if (decision == AccessDecision.DENY
                || decision == AccessDecision.BY_SUBSCRIPTION && !isSubscribed(presentity, watcher)) {
            throw ParleyException.forbidden(watcher.bare() + " may not see the presence of " + presentity.address());
        }
        if (!own) {
            watcherLog.recordFetch(presentity, watcher, protocol);
        }
        if (decision == AccessDecision.POLITE_BLOCK) {
            return new PresenceInformation(presentity.address().toString(), List.of());
        }
        return currentInformation(presentity);
    }

    /**
     * A subscriber's server asks for the presentity's presence (RFC 6121 section 4.3.2, a
     * probe: a fetch by a subscriber). The available tuples the rules let the watcher see
     * (none when they hide the presentity); refused with NOT_FOUND, which reveals nothing,
     * when the watcher has no active subscription.
     */
    public List<PresenceTupleData> probe(Address watcher, Address presentityAddress, String protocol) {
        Presentity presentity = directory.presentity(presentityAddress);
        if (!isSubscribed(presentity, watcher)) {
            throw ParleyException.notFound(watcher.bare() + " has no subscription to " + presentity.address());
        }
        if (!mayReceive(presentity, watcher, true)) {
            return List.of();
        }
        return fetch(watcher, presentityAddress, protocol).tuples().stream()
                .filter(tuple -> tuple.status() == BasicStatus.OPEN)
                .toList();
    }

    private PresenceInformation currentInformation(Presentity presentity) {
        List<PresenceTupleData> tuples = em.createQuery(
                        "select t from PresenceTuple t where t.presentity = :p order by t.tupleKey", PresenceTuple.class)
                .setParameter("p", presentity)
                .getResultStream().map(PresenceTuple::data).toList();
        return new PresenceInformation(presentity.address().toString(), tuples);
    }

    private boolean isSubscribed(Presentity presentity, Address watcher) {
        return findSubscription(presentity, watcher).map(s -> s.isActive(Instant.now())).orElse(false);
    }

    // ---- subscriptions ------------------------------------------------------------------

    /**
     * A watcher asks to become a SUBSCRIBER. Approved at once when pre-approved or allowed by
     * an access rule (the watcher is then sent the current information); refused when a rule
     * denies; otherwise pending, and the presentity's principals are asked. A politely
     * blocked watcher's request stays pending and nobody is asked.
     *
     * @param expiry when the subscription ends by itself; null for never
     */
    public SubscriptionData subscribe(Address watcher, Address presentityAddress, Instant expiry, String protocol) {
        Presentity presentity = directory.presentity(presentityAddress);
        if (presentity.isControlledBy(watcher)) {
            throw ParleyException.invalid("A principal does not subscribe to its own presentity");
        }
        if (expiry != null && !expiry.isAfter(Instant.now())) {
            throw ParleyException.invalid("The expiry lies in the past");
        }
        AccessDecision decision = access.decide(presentity, watcher);
        if (decision == AccessDecision.DENY) {
            throw ParleyException.refused(presentity.address() + " does not accept subscriptions from " + watcher.bare());
        }
        Subscription subscription = findSubscription(presentity, watcher).orElseGet(() -> {
            Subscription created = new Subscription(presentity, watcher);
            em.persist(created);
            return created;
        });
        boolean wasActive = subscription.isActive(Instant.now());
        subscription.request(expiry);
        watcherLog.recordSubscription(presentity, watcher, protocol);
        if (decision == AccessDecision.POLITE_BLOCK) {
            // RFC 6121 section 3.1.2: the user's item shows the request (ask='subscribe').
            rosterItemsChanged(Set.of(watcher.bare().toString()), presentity.address().toString());
            return subscription.data();
        }
        if (wasActive || subscription.isPreApproved() || decision == AccessDecision.ALLOW) {
            activate(presentity, subscription);
        } else {
            rosterItemsChanged(Set.of(watcher.bare().toString()), presentity.address().toString());
            events.publish(new SubscriptionNotification(presentity.address().toString(), watcher.bare().toString(),
                    SubscriptionChange.REQUESTED, controllerAddresses(presentity)));
        }
        return subscription.data();
    }

    /**
     * The presentity's principal approves a watcher. With no request pending this is a
     * pre-approval (RFC 6121 section 3.4): the watcher's first request is approved at once.
     */
    public SubscriptionData approve(Address actor, Address presentityAddress, Address watcher) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        Subscription subscription = findSubscription(presentity, watcher).orElseGet(() -> {
            Subscription created = new Subscription(presentity, watcher);
            em.persist(created);
            return created;
        });
        switch (subscription.state()) {
            case PENDING -> activate(presentity, subscription);
            case NONE -> {
                subscription.preApprove();
                // RFC 6121 section 3.4.1: the contact's item shows the pre-approval.
                rosterItemsChanged(controllerAddresses(presentity), subscription.watcher().toString());
            }
            case ACTIVE -> { /* approved already: nothing changes (RFC 6121 section 3.1.4) */ }
        }
        return subscription.data();
    }

    private void activate(Presentity presentity, Subscription subscription) {
        serialiseWithOtherActivations(presentity);
        subscription.activate();
        Set<String> watcher = Set.of(subscription.watcher().toString());
        String presentityAddress = presentity.address().toString();
        // RFC 6121 section 3.1.5: the contact's interested resources get the roster push
        // (subscription 'from' or 'both') before the user learns of the approval. Events reach
        // this node's sessions in the order published, so whatever the user does on hearing
        // of it (an IQ to the contact, say) cannot reach the contact's client before its push.
        rosterItemsChanged(controllerAddresses(presentity), subscription.watcher().toString());
        events.publish(new SubscriptionNotification(presentityAddress, subscription.watcher().toString(),
                SubscriptionChange.APPROVED, watcher));
        if (mayReceive(presentity, subscription.watcher(), true)) {
            for (PresenceTupleData tuple : currentInformation(presentity).tuples()) {
                events.publish(new PresenceNotification(presentityAddress, tuple, watcher));
            }
        }
    }

    /**
     * The presentity's principal refuses a pending request or cancels an active subscription
     * (and any pre-approval). A watcher that was subscribed sees the presentity CLOSED.
     */
    public SubscriptionData deny(Address actor, Address presentityAddress, Address watcher) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        Subscription subscription = findSubscription(presentity, watcher)
                .orElseThrow(() -> ParleyException.notFound(watcher.bare() + " has no subscription to " + presentityAddress));
        SubscriptionState before = subscription.state();
        subscription.end();
        if (before != SubscriptionState.NONE) {
            endFor(presentity, subscription.watcher(), SubscriptionChange.DENIED, before == SubscriptionState.ACTIVE);
        } else {
            // Only a pre-approval ends (RFC 6121 section 3.4.2): the contact's item shows it gone.
            rosterItemsChanged(controllerAddresses(presentity), subscription.watcher().toString());
        }
        return subscription.data();
    }

    /** The watcher withdraws its subscription or its pending request. */
    public void cancel(Address watcher, Address presentityAddress) {
        Presentity presentity = directory.presentity(presentityAddress);
        Subscription subscription = findSubscription(presentity, watcher)
                .filter(s -> s.state() != SubscriptionState.NONE)
                .orElseThrow(() -> ParleyException.notFound(watcher.bare() + " has no subscription to " + presentityAddress));
        boolean wasActive = subscription.state() == SubscriptionState.ACTIVE;
        subscription.end();
        // RFC 6121 section 3.3.2: the user's own resources get the roster push first.
        rosterItemsChanged(Set.of(watcher.bare().toString()), presentity.address().toString());
        events.publish(new SubscriptionNotification(presentity.address().toString(), watcher.bare().toString(),
                SubscriptionChange.CANCELLED, controllerAddresses(presentity)));
        if (wasActive) {
            closedFor(presentity, Set.of(watcher.bare().toString()));
        }
    }

    /**
     * Forgets what watcher information no longer shows: records older than its span
     * ({@code parley.presence.watcherInfoWindowSeconds}). Without this the records would grow
     * for ever, as every XMPP sign-in fetches the presence of each of the user's contacts.
     * Every node does it; deleting what another node deleted already is harmless.
     */
    @Schedule(hour = "*", minute = "*", second = "15", persistent = false)
    public void forgetOldWatcherRecords() {
        forgetWatcherRecordsBefore(Instant.now().minus(settings.watcherInfoWindow()));
    }

    /** Deletes, in one transaction, up to 10,000 watcher records made before a moment; returns how many. */
    public int forgetWatcherRecordsBefore(Instant moment) {
        return watcherLog.forgetRecordsBefore(moment, 10_000);
    }

    /** Ends subscriptions whose expiry has come; their watchers are told and see CLOSED. */
    @Schedule(hour = "*", minute = "*", second = "0,30", persistent = false)
    public void expireSubscriptions() {
        List<Subscription> expired = em.createQuery(
                        "select s from Subscription s where s.expiresAt <= :now and s.state <> :none", Subscription.class)
                .setParameter("now", Instant.now())
                .setParameter("none", SubscriptionState.NONE)
                .getResultList();
        for (Subscription subscription : expired) {
            boolean wasActive = subscription.state() == SubscriptionState.ACTIVE;
            subscription.end();
            endFor(subscription.presentity(), subscription.watcher(), SubscriptionChange.EXPIRED, wasActive);
        }
    }

    private void endFor(Presentity presentity, Address watcher, SubscriptionChange change, boolean wasActive) {
        Set<String> recipient = Set.of(watcher.toString());
        // RFC 6121 section 3.2.2: the contact's own resources get the roster push first.
        rosterItemsChanged(controllerAddresses(presentity), watcher.toString());
        events.publish(new SubscriptionNotification(presentity.address().toString(), watcher.toString(), change, recipient));
        if (wasActive) {
            closedFor(presentity, recipient);
        }
    }

    /**
     * Tells watchers who may no longer see a presentity that it is CLOSED (RFC 6121 section
     * 3.2.2: unavailable presence from each resource).
     */
    public void closedFor(Presentity presentity, Set<String> watchers) {
        String address = presentity.address().toString();
        for (PresenceTupleData tuple : currentInformation(presentity).tuples()) {
            events.publish(new PresenceNotification(address,
                    PresenceTupleData.politelyClosed(tuple.tupleKey(), Instant.now()), watchers));
        }
    }

    /** Every subscription to a presentity the actor controls. */
    public List<SubscriptionData> subscriptions(Address actor, Address presentityAddress) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        return subscriptionsOf(presentity).stream().map(Subscription::data).toList();
    }

    /**
     * RFC 6121 section 3.1.3: the watchers whose requests to a presentity still wait for an
     * answer, to be asked again each time one of its principals comes online; not those it
     * politely blocks, who are never asked.
     */
    public List<String> waitingRequests(Address actor, Address presentityAddress) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        var decide = access.decider(presentity);
        return subscriptionsOf(presentity).stream()
                .filter(s -> s.state() == SubscriptionState.PENDING)
                .filter(s -> decide.apply(s.watcher()) != AccessDecision.POLITE_BLOCK)
                .map(s -> s.watcher().toString())
                .toList();
    }

    /** Every subscription a watcher holds or asked for, in one query (for its whole roster). */
    public List<SubscriptionData> subscriptionsBy(Address watcher) {
        return em.createQuery("select s from Subscription s where s.watcher = :w", Subscription.class)
                .setParameter("w", watcher.bare().toString())
                .getResultStream().map(Subscription::data).toList();
    }

    /** The watcher's own subscription to a presentity, if any. */
    public Optional<SubscriptionData> subscription(Address watcher, Address presentityAddress) {
        return directory.findPresentity(presentityAddress)
                .flatMap(p -> findSubscription(p, watcher))
                .map(Subscription::data);
    }

    private List<Subscription> activeSubscriptionsOf(Presentity presentity, Instant now) {
        return em.createQuery("select s from Subscription s where s.presentity = :p and s.state = :active"
                        + " and (s.expiresAt is null or s.expiresAt > :now)", Subscription.class)
                .setParameter("p", presentity)
                .setParameter("active", SubscriptionState.ACTIVE)
                .setParameter("now", now)
                .getResultList();
    }

    List<Subscription> subscriptionsOf(Presentity presentity) {
        return em.createQuery("select s from Subscription s where s.presentity = :p", Subscription.class)
                .setParameter("p", presentity)
                .getResultList();
    }

    private Optional<Subscription> findSubscription(Presentity presentity, Address watcher) {
        return em.createQuery("select s from Subscription s where s.presentity = :p and s.watcher = :w",
                        Subscription.class)
                .setParameter("p", presentity)
                .setParameter("w", watcher.bare().toString())
                .getResultStream().findFirst();
    }

    /**
     * A subscription changed the item for {@code contact} in each owner's roster. Published
     * before the other party is told, so the owner's clients have the change first.
     */
    private void rosterItemsChanged(Set<String> owners, String contact) {
        for (String owner : owners) {
            events.publish(new RosterChange(owner, contact, RosterChange.BY_SUBSCRIPTION, Set.of(owner)));
        }
    }

    private static Set<String> controllerAddresses(Presentity presentity) {
        return presentity.controllers().stream()
                .map(Principal::address)
                .map(Address::toString)
                .collect(Collectors.toSet());
    }

    /**
     * XEP-0012: how long ago a presentity was last available. Only for watchers that may see
     * its presence (a subscriber, or one an access rule allows); a politely blocked watcher
     * learns nothing, as if it were not subscribed.
     */
    public LastActivity lastActivity(Address watcher, Address presentityAddress) {
        Presentity presentity = directory.presentity(presentityAddress);
        if (!mayReceive(presentity, watcher, isSubscribed(presentity, watcher))) {
            throw ParleyException.forbidden(watcher.bare() + " may not see the presence of " + presentity.address());
        }
        if (currentInformation(presentity).status() == BasicStatus.OPEN) {
            return new LastActivity(Duration.ZERO, null);
        }
        Instant last = presentity.lastActiveAt();
        return new LastActivity(last == null ? null : Duration.between(last, Instant.now()), presentity.lastNote());
    }

    // ---- watcher information ------------------------------------------------------------

    /** WATCHER INFORMATION of a presentity the actor controls, filtered by the watchers' visibility rules. */
    public List<WatcherInformation> watcherInformation(Address actor, Address presentityAddress) {
        Presentity presentity = directory.controlledPresentity(actor, presentityAddress);
        return watcherLog.informationFor(presentity, subscriptionsOf(presentity));
    }
}
