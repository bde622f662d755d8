package im.parley.messaging;

import im.parley.account.Address;
import im.parley.account.Directory;
import im.parley.account.Principal;
import im.parley.config.ParleySettings;
import im.parley.problem.ParleyException;
import im.parley.rules.AccessControl;
import im.parley.rules.AccessDecision;
import im.parley.rules.AcceptFrom;
import im.parley.rules.DeliveryProfile;
import im.parley.rules.DeliveryProfiles;
import im.parley.rules.DeliveryRuleData;
import im.parley.session.ClientSession;
import im.parley.session.SessionRegistry;
import im.parley.session.SessionRoute;
import im.parley.session.SessionRoutes;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * The INSTANT MESSAGE SERVICE (RFC 2778 section 2.5): accepts instant messages, applies the
 * recipient's DELIVERY RULES, and delivers each to the open sessions of the recipient's
 * INSTANT INBOX or keeps it in the inbox's offline store. A message is either refused
 * (the sender hears why) or accepted, and an accepted message is delivered or stored.
 */
@Stateless
public class MessageService {
    public static final int MAX_HISTORY_PAGE = 100;

    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private Directory directory;

    @Inject
    private AccessControl access;

    @Inject
    private ParleySettings settings;

    @EJB
    private SessionRegistry sessions;

    @EJB
    private Redelivery redelivery;

    @Inject
    private GroupCommit groupCommit;

    @Inject
    private Confirmations confirmations;

    @Inject
    private DeliveryProfiles profiles;

    @Inject
    private SessionRoutes routes;

    /**
     * Accepts a message from a sender for a recipient, or refuses it, and waits until it is
     * recorded; sessions that asked for copies get them.
     *
     * @param clientId the sender's own id for the message, kept for receipts and errors; may be null
     * @param payload  extension markup carried verbatim; may be null
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Delivery send(Address sender, Address recipient, MessageType type, String body, String payload,
                         String clientId) {
        return send(sender, recipient, type, body, payload, clientId, true);
    }

    /**
     * As {@link #send(Address, Address, MessageType, String, String, String)}; {@code copies}
     * false keeps the message from other sessions' copies (XEP-0280 section 6, private messages).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Delivery send(Address sender, Address recipient, MessageType type, String body, String payload,
                         String clientId, boolean copies) {
        try {
            return accept(sender, recipient, type, body, payload, clientId, copies).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Accepts a message or refuses it (a {@link ParleyException} now, or a full offline store
     * later through the outcome). The outcome completes once the message is recorded with the
     * next group commit and handed to this node's sessions; its sender's wire tells the
     * sender then, not before.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public CompletableFuture<Delivery> accept(Address sender, Address recipient, MessageType type, String body,
                                              String payload, String clientId, boolean copies) {
        return accept(sender, recipient, type, body, payload, clientId, copies, Retention.KEPT);
    }

    /**
     * As {@link #accept(Address, Address, MessageType, String, String, String, boolean)}, with
     * what is kept of the message: a live-only one that no session takes completes as
     * {@link MessageState#DISCARDED}, without an error, which would tell the sender that the
     * recipient is offline.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public CompletableFuture<Delivery> accept(Address sender, Address recipient, MessageType type, String body,
                                              String payload, String clientId, boolean copies, Retention retention) {
        checkSizes(body, payload, clientId);
        if (type == null) {
            throw ParleyException.invalid("A message type is required");
        }
        if (!recipient.domainpart().equals(settings.domain())) {
            throw ParleyException.refused("No route to domain " + recipient.domainpart());
        }
        DeliveryProfile owner = profileOf(recipient);
        DeliveryRuleData rule = owner.rule();
        checkDeliveryRules(sender, owner);

        InstantMessage message = new InstantMessage(clientId, sender, senderId(sender), recipient, owner.principalId(),
                type, body, payload);
        List<SessionRoute> recipientRoutes = routes.of(recipient);
        List<SessionRoute> recipients = targetsFor(recipient, rule, recipientRoutes);
        Map<String, DeliveryTarget> targets = new LinkedHashMap<>();
        recipients.forEach(route -> targets.put(route.sessionId(), new DeliveryTarget(route, MessageCopy.ORIGINAL)));
        if (copies && type == MessageType.CHAT) {
            if (!recipients.isEmpty()) {
                wantingCopies(recipientRoutes).forEach(r ->
                        targets.putIfAbsent(r.sessionId(), new DeliveryTarget(r, MessageCopy.RECEIVED_COPY)));
            }
            wantingCopies(sender.bare().equals(recipient.bare()) ? recipientRoutes : routes.of(sender))
                    .filter(r -> !r.address().equals(sender))
                    .forEach(r -> targets.putIfAbsent(r.sessionId(), new DeliveryTarget(r, MessageCopy.SENT_COPY)));
        }
        if (!recipients.isEmpty()) {
            return groupCommit.submit(Acceptance.forSessions(message, targets.values(), recipients.size(), retention));
        }
        if (retention == Retention.LIVE_ONLY) {
            return CompletableFuture.completedFuture(new Delivery(message.id(), MessageState.DISCARDED, 0));
        }
        if (!type.storableOffline()) {
            // RFC 6121 section 8.5.2.2.1 lets a server ignore such a message; Parley tells the sender instead.
            throw ParleyException.refused(recipient.bare() + " has no open session for a " + type + " message");
        }
        if (!rule.offlineStorage()) {
            throw ParleyException.refused(recipient.bare() + " is offline and keeps no messages");
        }
        return groupCommit.submit(Acceptance.forInbox(message, targets.values(), owner.principalId(),
                rule.effectiveQuota(settings.offlineQuota())));
    }

    /**
     * A message one of our principals sends to a principal of another domain, which the
     * federating wire then hands to that domain's server: recorded in the sender's archive
     * (unless live only) and copied to the sender's other sessions that want copies
     * (XEP-0280), as a message to one of ours would be. Completes once recorded.
     */
    public CompletableFuture<Delivery> recordSentToOtherDomain(Address sender, Address recipient, MessageType type,
                                                               String body, String payload, String clientId,
                                                               boolean copies, Retention retention) {
        checkSizes(body, payload, clientId);
        if (type == null) {
            throw ParleyException.invalid("A message type is required");
        }
        if (recipient.domainpart().equals(settings.domain())) {
            throw ParleyException.invalid(recipient + " is of this domain");
        }
        InstantMessage message = new InstantMessage(clientId, sender, senderId(sender), recipient, null,
                type, body, payload);
        List<DeliveryTarget> targets = copies && type == MessageType.CHAT
                ? wantingCopies(routes.of(sender)).filter(r -> !r.address().equals(sender))
                        .map(r -> new DeliveryTarget(r, MessageCopy.SENT_COPY)).toList()
                : List.of();
        return groupCommit.submit(Acceptance.forSessions(message, targets, 0, retention));
    }

    /**
     * The sending principal's id, for its archive; none for a sender of another domain, whose
     * message reaches us over federation and is archived only on its recipient's side.
     */
    private Long senderId(Address sender) {
        if (!sender.domainpart().equals(settings.domain())) {
            return null;
        }
        return profiles.of(sender)
                .orElseThrow(() -> ParleyException.notFound("No principal " + sender.bare() + " sends messages"))
                .principalId();
    }

    /** A principal's sessions that asked for copies (XEP-0280). */
    private static Stream<SessionRoute> wantingCopies(List<SessionRoute> routes) {
        return routes.stream().filter(SessionRoute::receivesCopies);
    }

    private static void checkSizes(String body, String payload, String clientId) {
        if (body != null && body.length() > InstantMessage.MAX_BODY_LENGTH) {
            throw ParleyException.invalid("The body is longer than " + InstantMessage.MAX_BODY_LENGTH + " characters");
        }
        if (payload != null && payload.length() > InstantMessage.MAX_PAYLOAD_LENGTH) {
            throw ParleyException.invalid("The payload is longer than " + InstantMessage.MAX_PAYLOAD_LENGTH + " characters");
        }
        if (clientId != null && clientId.length() > InstantMessage.MAX_CLIENT_ID_LENGTH) {
            throw ParleyException.invalid("The message id is longer than " + InstantMessage.MAX_CLIENT_ID_LENGTH + " characters");
        }
        if ((body == null || body.isEmpty()) && (payload == null || payload.isEmpty())) {
            throw ParleyException.invalid("A message needs a body or a payload");
        }
    }

    /** Polite blocks refuse messages too (XEP-0191); a roster-only inbox refuses strangers. */
    private void checkDeliveryRules(Address sender, DeliveryProfile owner) {
        if (owner.address().equals(sender.bare())) {
            return;
        }
        checkSenderDoesNotBlock(sender, owner.address());
        checkNotBlocked(owner, sender);
        if (owner.rule().acceptFrom() == AcceptFrom.ROSTER && !inRoster(owner, sender)) {
            throw ParleyException.refused(owner.address() + " accepts messages from contacts only");
        }
    }

    private boolean inRoster(DeliveryProfile owner, Address sender) {
        return !em.createQuery("select i.id from RosterItem i where i.owner.id = :owner and i.contact = :contact", Long.class)
                .setParameter("owner", owner.principalId())
                .setParameter("contact", sender.bare().toString())
                .getResultList().isEmpty();
    }

    /**
     * RFC 6121 section 8.5: a message to a connected full address goes to that session; to a
     * bare address (or an unconnected resource, section 8.5.3.2.1) it goes to the open
     * sessions with the highest non-negative priority, or to all of them when the delivery
     * rule asks for every resource.
     */
    private List<SessionRoute> targetsFor(Address recipient, DeliveryRuleData rule, List<SessionRoute> routes) {
        if (!recipient.isBare()) {
            // Clients write to the full address of a contact's resource once it answered
            // (RFC 6121 section 5.1), so this is the common case: taken from the kept routes.
            Optional<SessionRoute> known = routes.stream().filter(r -> r.address().equals(recipient)).findFirst();
            if (known.isPresent()) {
                return List.of(known.get());
            }
            // Read when not kept: a session that has just bound is addressable by its full
            // address before it publishes any presence, which is what updates the routes.
            Optional<ClientSession> connected = sessions.find(recipient);
            if (connected.isPresent()) {
                ClientSession session = connected.get();
                return List.of(new SessionRoute(session.id(), session.node(), session.address(),
                        session.receivesCopies(), true, 0));
            }
        }
        List<SessionRoute> open = routes.stream().filter(SessionRoute::open).toList();
        if (open.isEmpty() || rule.deliverToAll()) {
            return open;
        }
        int highest = open.stream().mapToInt(SessionRoute::priority).max().orElseThrow();
        return open.stream().filter(r -> r.priority() == highest).toList();
    }

    /**
     * The session at a full address, for content a sender addresses to it directly (an XMPP
     * IQ or directed presence). Refused when the recipient blocks the sender (XEP-0191 blocks
     * every kind of stanza); NOT_FOUND when no such session is connected.
     */
    public ClientSession directTarget(Address sender, Address recipient) {
        checkNotBlocked(sender, recipient);
        return sessions.find(recipient)
                .orElseThrow(() -> ParleyException.notFound("No session " + recipient));
    }

    /** The sessions of a principal whose inbox is open, for content addressed to its bare address. */
    public List<ClientSession> openSessions(Address sender, Address recipient) {
        checkNotBlocked(sender, recipient);
        return targetsFor(recipient.bare(), new DeliveryRuleData(AcceptFrom.EVERYONE, false, null, true),
                routes.of(recipient)).stream()
                .map(route -> em.find(ClientSession.class, route.sessionId()))
                .filter(Objects::nonNull)
                .toList();
    }

    private void checkNotBlocked(Address sender, Address recipient) {
        if (!recipient.domainpart().equals(settings.domain())) {
            throw ParleyException.refused("No route to domain " + recipient.domainpart());
        }
        DeliveryProfile owner = profileOf(recipient);
        if (!owner.address().equals(sender.bare())) {
            checkSenderDoesNotBlock(sender, owner.address());
            checkNotBlocked(owner, sender);
        }
    }

    /**
     * XEP-0191 section 3.3: a user's stanzas to a contact the user blocks are not delivered,
     * and the user is told so (not-acceptable with a blocked condition).
     */
    private void checkSenderDoesNotBlock(Address sender, Address recipient) {
        profiles.of(sender)
                .filter(DeliveryProfile::blocksAnyone)
                .flatMap(profile -> directory.findPresentity(profile.address()))
                .filter(presentity -> access.decide(presentity, recipient) == AccessDecision.POLITE_BLOCK)
                .ifPresent(presentity -> {
                    throw ParleyException.blocked("You block " + recipient.bare() + "; unblock it to write to it");
                });
    }

    private void checkNotBlocked(DeliveryProfile owner, Address sender) {
        if (!owner.blocksAnyone()) {
            return;
        }
        directory.findPresentity(owner.address()).ifPresent(presentity -> {
            if (access.decide(presentity, sender) == AccessDecision.POLITE_BLOCK) {
                throw ParleyException.refused(owner.address() + " does not accept anything from " + sender.bare());
            }
        });
    }

    /**
     * The inbox of a session's principal opens: every message kept for it while it was
     * closed is handed over, oldest first. To a session whose client does not confirm receipt
     * they are handed exactly once: they leave the inbox now (the inbox row is locked, so two
     * sessions opening at the same moment do not both get them). A session that confirms
     * receipt (XEP-0198) leaves them there until its client confirms each ({@link #confirmed}).
     */
    public List<InstantMessageData> openInbox(String sessionId) {
        ClientSession session = sessions.session(sessionId);
        Principal owner = directory.principal(session.principal());
        InstantInbox inbox = lockedInbox(owner);
        List<InboxEntry> waiting = waitingIn(owner).getResultList();
        if (!sessions.confirmsReceipt(sessionId)) {
            waiting.forEach(entry -> {
                inbox.handedOver(entry);
                em.remove(entry);
            });
        }
        return waiting.stream().map(entry -> entry.message().data()).toList();
    }

    /**
     * The client of a session that confirms receipt (XEP-0198) has these messages: what the
     * inbox kept of them until then goes. Returns at once; the inbox is updated shortly after.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void confirmed(List<String> messageIds) {
        confirmations.taken(messageIds);
    }

    /**
     * The messages waiting in the actor's INSTANT INBOX, oldest first, without taking them:
     * an application that reads its inbox over HTTP acknowledges each one it has handled.
     */
    public List<InstantMessageData> storedMessages(Address actor, int max) {
        if (max < 1 || max > MAX_HISTORY_PAGE) {
            throw ParleyException.invalid("A page holds 1 to " + MAX_HISTORY_PAGE + " messages");
        }
        return waitingIn(directory.principal(actor)).setMaxResults(max)
                .getResultStream().map(entry -> entry.message().data()).toList();
    }

    private TypedQuery<InboxEntry> waitingIn(Principal owner) {
        return em.createQuery("select e from InboxEntry e join fetch e.message where e.inbox = :owner"
                        + " order by e.sentAt, e.messageId", InboxEntry.class)
                .setParameter("owner", owner.id());
    }

    /** The actor has handled a stored message: it leaves the inbox (it stays in the archive). */
    public void acknowledge(Address actor, String messageId) {
        Principal owner = directory.principal(actor);
        InstantInbox inbox = lockedInbox(owner);
        InboxEntry entry = messageId == null ? null : em.find(InboxEntry.class, messageId);
        if (entry == null || !entry.inbox().equals(owner.id())) {
            throw ParleyException.notFound("No message " + messageId + " waits in the inbox of " + owner.address());
        }
        inbox.handedOver(entry);
        em.remove(entry);
    }

    /**
     * A message handed to a session that then ended without the client confirming it
     * (XEP-0198): it goes to the recipient's offline store, to be delivered at next sign-in.
     */
    public void storeUnconfirmed(String messageId) {
        redelivery.storeUndelivered(messageId);
    }

    /** How many messages wait in all offline stores together. */
    public long totalStored() {
        return em.createQuery("select coalesce(sum(i.storedCount), 0) from InstantInbox i", Long.class)
                .getSingleResult();
    }

    /** How many messages wait in a principal's offline store. */
    public int storedCount(Address actor) {
        return em.find(InstantInbox.class, directory.principal(actor).id()).storedCount();
    }

    /**
     * A page of the actor's archive, optionally only the conversation with one address,
     * newest page first: {@code before} is the id of the oldest message of the previous
     * page (null for the newest page).
     */
    public HistoryPage history(Address actor, Address with, String before, int max) {
        return history(actor, before == null ? ArchiveQuery.newestPage(with, max)
                : ArchiveQuery.pageBefore(with, before, max));
    }

    /** One page of the actor's archive (XEP-0313 over XEP-0059 paging), oldest message first. */
    public HistoryPage history(Address actor, ArchiveQuery query) {
        if (query.max() < 1 || query.max() > MAX_HISTORY_PAGE) {
            throw ParleyException.invalid("A page holds 1 to " + MAX_HISTORY_PAGE + " messages");
        }
        Principal owner = directory.principal(actor);
        StringBuilder jpql = new StringBuilder("select m from InstantMessage m where ");
        if (query.with() == null) {
            jpql.append("(m.senderId = :owner or m.recipientId = :owner)");
        } else {
            jpql.append("((m.senderId = :owner and m.recipientBare = :with)"
                    + " or (m.senderBare = :with and m.recipientId = :owner))");
        }
        if (query.start() != null) {
            jpql.append(" and m.sentAt >= :start");
        }
        if (query.end() != null) {
            jpql.append(" and m.sentAt <= :end");
        }
        String anchorId = query.before() != null ? query.before() : query.after();
        InstantMessage anchor = null;
        if (anchorId != null) {
            anchor = em.find(InstantMessage.class, anchorId);
            if (anchor == null || !anchor.involves(owner.id())) {
                throw ParleyException.notFound("No message " + anchorId + " in the archive");
            }
            jpql.append(query.backwards()
                    ? " and (m.sentAt < :at or (m.sentAt = :at and m.id < :id))"
                    : " and (m.sentAt > :at or (m.sentAt = :at and m.id > :id))");
        }
        jpql.append(query.backwards() ? " order by m.sentAt desc, m.id desc" : " order by m.sentAt, m.id");
        var select = em.createQuery(jpql.toString(), InstantMessage.class).setParameter("owner", owner.id());
        if (query.with() != null) {
            select.setParameter("with", query.with().bare().toString());
        }
        if (query.start() != null) {
            select.setParameter("start", query.start());
        }
        if (query.end() != null) {
            select.setParameter("end", query.end());
        }
        if (anchor != null) {
            select.setParameter("at", anchor.data().sentAt()).setParameter("id", anchor.id());
        }
        List<InstantMessage> rows = select.setMaxResults(query.max() + 1).getResultList();
        boolean complete = rows.size() <= query.max();
        List<InstantMessageData> page = new ArrayList<>(rows.stream().limit(query.max()).map(InstantMessage::data).toList());
        if (query.backwards()) {
            Collections.reverse(page);
        }
        return new HistoryPage(page, complete);
    }

    private DeliveryProfile profileOf(Address recipient) {
        return profiles.of(recipient)
                .orElseThrow(() -> ParleyException.notFound("No principal " + recipient.bare()));
    }

    private InstantInbox lockedInbox(Principal owner) {
        return em.find(InstantInbox.class, owner.id(), LockModeType.PESSIMISTIC_WRITE);
    }
}
