package im.parley.session;

import im.parley.account.Address;
import im.parley.account.Directory;
import im.parley.config.ParleySettings;
import im.parley.event.EventPublisher;
import im.parley.event.EventSubscription;
import im.parley.event.ParleyEvent;
import im.parley.messaging.Confirmations;
import im.parley.messaging.InstantMessageData;
import im.parley.messaging.MessageCopy;
import im.parley.messaging.RoutedMessage;
import im.parley.messaging.Redelivery;
import im.parley.monitoring.ParleyMetrics;
import im.parley.presence.PresenceNotification;
import im.parley.presence.PresenceService;
import im.parley.presence.SubscriptionNotification;
import im.parley.presence.WatcherNotification;
import im.parley.roster.RosterChange;
import im.parley.problem.ParleyException;
import im.parley.transaction.AfterCompletion;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Knows every session: the database row of each (so every node knows where a principal's
 * sessions are) and, for sessions on this node, the endpoint that writes to them.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SessionRegistry {
    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());
    /** How long a session opening while the node starts waits for it to hear the event topic. */
    private static final Duration EVENT_TOPIC_PATIENCE = Duration.ofSeconds(10);

    private final Map<String, LocalSession> local = new ConcurrentHashMap<>();
    private volatile OtherDomains otherDomains;
    /** This node's session ids by principal, so an event finds its recipients' sessions without a scan. */
    private final Map<String, Set<String>> localByPrincipal = new ConcurrentHashMap<>();

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private ParleySettings settings;

    @Inject
    private Directory directory;

    @Inject
    private EventPublisher events;

    @EJB
    private EventSubscription eventSubscription;

    @EJB
    private PresenceService presence;

    @EJB
    private Redelivery redelivery;

    @Inject
    private Confirmations confirmations;

    @Inject
    private ParleyMetrics metrics;

    @Inject
    private SessionRoutes routes;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    @Resource
    private TimerService timers;

    /** This bean through the container, so the clean-up runs in a transaction of its own. */
    @EJB
    private SessionRegistry self;

    private final Instant started = Instant.now();

    private record LocalSession(ClientSession session, SessionEndpoint endpoint) {
    }

    /**
     * Sessions recorded for this node belong to a previous run that ended without closing
     * them (a crash): their principals are not really there, so their tuples go. Done by a
     * timer just after start-up, not during it: withdrawing a tuple notifies subscribers over
     * the messaging engine, which may still be starting; a failed attempt is tried again.
     */
    @PostConstruct
    void scheduleCleanUp() {
        timers.createSingleActionTimer(Duration.ofSeconds(1).toMillis(), new TimerConfig(null, false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void forgetSessionsOfPreviousRun(Timer timer) {
        try {
            int closed = self.closeSessionsOfPreviousRun();
            if (closed > 0) {
                LOG.info(() -> "Closed " + closed + " sessions left open by this node's previous run");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not yet close the sessions left by this node's previous run; trying again", e);
            timers.createSingleActionTimer(Duration.ofSeconds(5).toMillis(), new TimerConfig(null, false));
        }
    }

    /** Closes the sessions recorded for this node before it started; one transaction. */
    public int closeSessionsOfPreviousRun() {
        return closeRecordedSessions(settings.node(), started);
    }

    /**
     * Closes the sessions on record for a node that no longer holds them (this node's
     * previous run, or a node that went silent), opened before a moment: their tuples go,
     * so watchers see them unavailable, and no message is routed to them any more.
     */
    public int closeRecordedSessions(String node, Instant openedBefore) {
        List<ClientSession> stale = em.createQuery(
                        "select s from ClientSession s where s.node = :node and s.openedAt < :before", ClientSession.class)
                .setParameter("node", node)
                .setParameter("before", openedBefore)
                .getResultList();
        for (ClientSession session : stale) {
            presence.withdrawSession(session.id());
            em.remove(session);
            routes.changed(session.principal());
        }
        return stale.size();
    }

    /**
     * Opens a session for a full address on this node. A second session with the same
     * full address is refused with CONFLICT; the wire decides what to do about it
     * (RFC 6120 section 7.7.2.2).
     */
    public ClientSession open(Address fullAddress, String protocol, SessionEndpoint endpoint) {
        if (fullAddress.isBare()) {
            throw ParleyException.invalid("A session needs a full address (with a resource)");
        }
        // A session opened before would miss what other nodes publish for it.
        if (!eventSubscription.awaitHeard(EVENT_TOPIC_PATIENCE)) {
            throw ParleyException.notReady("This node is still starting: it does not hear the other nodes yet");
        }
        directory.principal(fullAddress);
        if (find(fullAddress).isPresent()) {
            throw ParleyException.conflict("A session for " + fullAddress + " is open already");
        }
        ClientSession session = new ClientSession(fullAddress, settings.node(), protocol);
        em.persist(session);
        em.flush();
        local.put(session.id(), new LocalSession(session, endpoint));
        localByPrincipal.computeIfAbsent(session.principal().toString(), p -> ConcurrentHashMap.newKeySet())
                .add(session.id());
        // The endpoint is known at once (the wire may be sent to before the caller commits),
        // and forgotten again if the session's row does not commit.
        transactions.registerInterposedSynchronization(new AfterCompletion(committed -> {
            if (!committed) {
                forget(session.id());
            }
        }));
        return session;
    }

    public Optional<ClientSession> find(Address fullAddress) {
        return em.createQuery("select s from ClientSession s where s.principal = :principal and s.resource = :resource",
                        ClientSession.class)
                .setParameter("principal", fullAddress.bare().toString())
                .setParameter("resource", fullAddress.resourcepart().orElse(""))
                .getResultStream().findFirst();
    }

    public ClientSession session(String sessionId) {
        ClientSession session = em.find(ClientSession.class, sessionId);
        if (session == null) {
            throw ParleyException.notFound("No session " + sessionId);
        }
        return session;
    }

    /** Sessions of a principal on any node. */
    public List<ClientSession> sessionsOf(Address principal) {
        return em.createQuery("select s from ClientSession s where s.principal = :principal", ClientSession.class)
                .setParameter("principal", principal.bare().toString())
                .getResultList();
    }

    /** How many sessions of a protocol are open on this node. */
    public long localCount(String protocol) {
        return local.values().stream().filter(s -> s.session().protocol().equals(protocol)).count();
    }

    /** Every open session on every node, oldest first. */
    public List<SessionData> all() {
        return em.createQuery("select s from ClientSession s order by s.openedAt", ClientSession.class)
                .getResultStream().map(ClientSession::data).toList();
    }

    /** Ends a session: its presence tuples are withdrawn (subscribers see it go) and its row removed. */
    public void close(String sessionId) {
        forget(sessionId);
        ClientSession session = em.find(ClientSession.class, sessionId);
        if (session == null) {
            return;
        }
        presence.withdrawSession(sessionId);
        em.remove(session);
        // Every node may keep a route to this session, for messages to its full address, also
        // when it never published a tuple whose withdrawal would make the nodes forget it.
        routes.changed(session.principal());
    }

    private void forget(String sessionId) {
        LocalSession gone = local.remove(sessionId);
        if (gone != null) {
            localByPrincipal.computeIfPresent(gone.session().principal().toString(),
                    (principal, ids) -> ids.remove(sessionId) && ids.isEmpty() ? null : ids);
        }
    }

    /** Ends every session of a principal, on this node and on others (their rows). */
    public void closeAll(Address principal) {
        sessionsOf(principal).forEach(session -> close(session.id()));
    }

    /** Only memory is read: no transaction is begun for it (it is on every message's path). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<SessionEndpoint> endpoint(String sessionId) {
        return Optional.ofNullable(local.get(sessionId)).map(LocalSession::endpoint);
    }

    /** Whether the session is on this node and its client confirms what it receives (XEP-0198). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean confirmsReceipt(String sessionId) {
        LocalSession session = local.get(sessionId);
        return session != null && session.endpoint().confirmsReceipt();
    }

    /** Of these sessions, those on this node whose clients confirm what they receive: one call for a whole group commit. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Set<String> confirmingReceipt(Collection<String> sessionIds) {
        return sessionIds.stream().filter(this::confirmsReceipt).collect(Collectors.toSet());
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public String node() {
        return settings.node();
    }

    /**
     * Hands content from one session to another, in its protocol: directly on this node, over
     * the event topic to another. Returns false when the target is on this node and cannot
     * take it; content for another node is sent without an answer.
     */
    public boolean direct(ClientSession target, String protocol, String content) {
        if (!target.node().equals(settings.node())) {
            events.publish(new DirectedContent(target.node(), target.id(), target.principal().toString(), protocol, content));
            return true;
        }
        LocalSession session = local.get(target.id());
        return session != null && session.endpoint().direct(protocol, content);
    }

    /**
     * Hands an event to this node's sessions of its recipients. Only memory is read here
     * (endpoints read what they need themselves), so no transaction is begun for it.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void deliver(ParleyEvent event) {
        if (event instanceof RoutedMessage routed) {
            deliverRouted(routed);
        } else if (event instanceof DirectedContent directed) {
            if (directed.node().equals(settings.node()) && local.containsKey(directed.sessionId())) {
                local.get(directed.sessionId()).endpoint().direct(directed.protocol(), directed.content());
            }
        } else if (event instanceof PresenceNotification notification) {
            toRecipients(event, endpoint -> endpoint.presence(notification));
        } else if (event instanceof SubscriptionNotification notification) {
            toRecipients(event, endpoint -> endpoint.subscription(notification));
        } else if (event instanceof WatcherNotification notification) {
            toRecipients(event, endpoint -> endpoint.watcher(notification));
        } else if (event instanceof RosterChange change) {
            toRecipients(event, endpoint -> endpoint.roster(change));
        } else {
            LOG.severe(() -> "No delivery for event " + event);
        }
    }

    /**
     * Hands a group commit's messages to this node's sessions, all in one call: a container
     * call per message cost more than the hand-over itself. Returns those whose hand-over
     * failed; the others' failures do not stop them.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<RoutedMessage> deliverAll(List<RoutedMessage> messages) {
        List<RoutedMessage> failed = new ArrayList<>();
        for (RoutedMessage routed : messages) {
            try {
                deliverRouted(routed);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Message " + routed.message().id() + " not handed to its sessions", e);
                failed.add(routed);
            }
        }
        return failed;
    }

    /**
     * Ends the connections of this node's sessions whose records another node closed while
     * this one was silent (paused, cut off from the database): their users look unavailable
     * and their messages go to their inboxes, so their clients must sign in again. Sessions
     * opened in the last seconds are left alone: their records may not be committed yet.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public int dropSessionsClosedElsewhere() {
        Set<String> recorded = Set.copyOf(em.createQuery("select s.id from ClientSession s where s.node = :node",
                        String.class)
                .setParameter("node", settings.node())
                .getResultList());
        Instant settled = Instant.now().minusSeconds(10);
        int dropped = 0;
        for (LocalSession session : List.copyOf(local.values())) {
            if (!recorded.contains(session.session().id()) && session.session().openedAt().isBefore(settled)) {
                forget(session.session().id());
                session.endpoint().closedElsewhere();
                dropped++;
            }
        }
        return dropped;
    }

    /** The bridge that federates registers here while it runs (null: no federation). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void federateThrough(OtherDomains gateway) {
        otherDomains = gateway;
    }

    /**
     * Hands a NOTIFICATION to the principals of other domains among its recipients; called
     * only on the node that published it, so each crosses over once. Only memory is read.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void deliverToOtherDomains(ParleyEvent event) {
        OtherDomains gateway = otherDomains;
        if (gateway == null || !(event instanceof PresenceNotification || event instanceof SubscriptionNotification)) {
            return;
        }
        String domain = settings.domain();
        Set<String> remote = event.recipients().stream()
                .filter(bare -> !bare.substring(bare.indexOf('@') + 1).equals(domain))
                .collect(Collectors.toSet());
        if (remote.isEmpty()) {
            return;
        }
        if (event instanceof PresenceNotification notification) {
            gateway.presence(notification, remote);
        } else {
            gateway.subscription((SubscriptionNotification) event, remote);
        }
    }

    private void deliverRouted(RoutedMessage routed) {
        if (!routed.node().equals(settings.node())) {
            return;
        }
        int delivered = 0;
        int takenForGood = 0;
        for (var target : routed.sessions().entrySet()) {
            LocalSession session = local.get(target.getKey());
            if (session != null && handOver(session.endpoint(), routed.message(), target.getValue())
                    && target.getValue() == MessageCopy.ORIGINAL) {
                metrics.delivered(routed.message());
                delivered++;
                if (!session.endpoint().confirmsReceipt()) {
                    takenForGood++;
                }
            }
        }
        if (delivered == 0 && !routed.originals().isEmpty()) {
            redelivery.storeUndelivered(routed.message().id());
        } else if (takenForGood > 0 && routed.kept()) {
            // Sessions that confirm receipt let the inbox go once their client confirms.
            confirmations.taken(List.of(routed.message().id()));
        }
    }

    /** Records whether a session wants copies of its principal's messages (XEP-0280). */
    public void setReceivesCopies(String sessionId, boolean receivesCopies) {
        ClientSession session = session(sessionId);
        session.setReceivesCopies(receivesCopies);
        routes.changed(session.principal());
    }

    /** True when the endpoint took the message. */
    public static boolean handOver(SessionEndpoint endpoint, InstantMessageData message, MessageCopy copy) {
        try {
            return endpoint.message(message, copy);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A session endpoint failed to take message " + message.id(), e);
            return false;
        }
    }

    private void toRecipients(ParleyEvent event, Consumer<SessionEndpoint> action) {
        for (String recipient : event.recipients()) {
            for (String sessionId : localByPrincipal.getOrDefault(recipient, Set.of())) {
                LocalSession target = local.get(sessionId);
                if (target == null) {
                    continue;
                }
                try {
                    action.accept(target.endpoint());
                } catch (RuntimeException e) {
                    // One broken wire must not keep the event from the other sessions.
                    LOG.log(Level.WARNING, "Session " + sessionId + " failed to take " + event, e);
                }
            }
        }
    }
}
