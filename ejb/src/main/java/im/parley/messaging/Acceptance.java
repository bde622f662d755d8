package im.parley.messaging;

import im.parley.problem.ParleyException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A message the instant message service has accepted, on its way to the archive (and, when
 * no session takes it, the offline store) with the next group commit. The sender's
 * {@link #outcome()} completes once the message is durably recorded, or refused.
 */
final class Acceptance {
    private final InstantMessage message;
    private final List<DeliveryTarget> targets;
    /** The principal whose offline store keeps the message; null when sessions take it. */
    private final Long inboxOwner;
    private final int quota;
    private final int recipientSessions;
    private final Retention retention;
    private final CompletableFuture<Delivery> outcome = new CompletableFuture<>();
    private ParleyException refusal;
    private InboxEntry inboxEntry;

    private Acceptance(InstantMessage message, Collection<DeliveryTarget> targets, Long inboxOwner, int quota,
                       int recipientSessions, Retention retention) {
        this.message = message;
        this.targets = List.copyOf(targets);
        this.inboxOwner = inboxOwner;
        this.quota = quota;
        this.recipientSessions = recipientSessions;
        this.retention = retention;
    }

    /** A message for sessions of the recipient (and perhaps copies for others). */
    static Acceptance forSessions(InstantMessage message, Collection<DeliveryTarget> targets, int recipientSessions,
                                  Retention retention) {
        message.delivered();
        return new Acceptance(message, targets, null, 0, recipientSessions, retention);
    }

    /** A message for the offline store of a principal with no session to take it (copies may still go out). */
    static Acceptance forInbox(InstantMessage message, Collection<DeliveryTarget> copies, long owner, int quota) {
        return new Acceptance(message, copies, owner, quota, 0, Retention.KEPT);
    }

    /** Whether the message goes into the archive; a live-only one just passes through the commit, in order. */
    boolean archived() {
        return retention == Retention.KEPT;
    }

    InstantMessage message() {
        return message;
    }

    /** The recorded message for its target sessions, one per node, as the event topic carries it. */
    Map<String, RoutedMessage> routedByNode() {
        Map<String, Map<String, MessageCopy>> byNode = new LinkedHashMap<>();
        targets.forEach(t -> byNode.computeIfAbsent(t.session().node(), n -> new LinkedHashMap<>())
                .put(t.session().sessionId(), t.copy()));
        InstantMessageData data = message.data();
        boolean kept = inboxEntry != null && !forInbox();
        Map<String, RoutedMessage> routed = new LinkedHashMap<>();
        byNode.forEach((node, sessions) -> routed.put(node, new RoutedMessage(node, sessions, data, kept)));
        return routed;
    }

    /**
     * Whether the recipient's inbox also keeps the message until one of the sessions it is
     * for (not a copy) has really taken it: a session on another node has it once that node
     * handed it over, a session here that confirms receipt (XEP-0198) once its client
     * confirms. A session here that does not confirm takes it at hand-over: nothing is kept.
     */
    boolean keptUntilTaken(String here, Predicate<String> confirmsReceiptHere) {
        return archived() && !forInbox() && recipientSessions > 0 && originalsOn(here).allMatch(confirmsReceiptHere);
    }

    /** The sessions on a node that the message is for (not copies). */
    Stream<String> originalsOn(String node) {
        return targets.stream().filter(t -> t.copy() == MessageCopy.ORIGINAL && t.session().node().equals(node))
                .map(t -> t.session().sessionId());
    }

    /** The recipient's inbox keeps the message until a session has taken it. */
    void keepUntilTaken(InstantInbox inbox) {
        inboxEntry = inbox.holdUntilTaken(message);
    }

    boolean forInbox() {
        return inboxOwner != null;
    }

    Long inboxOwner() {
        return inboxOwner;
    }

    int quota() {
        return quota;
    }

    CompletableFuture<Delivery> outcome() {
        return outcome;
    }

    /** Refused while being recorded (a full offline store); the rest of its batch goes on. */
    void refuse(ParleyException reason) {
        refusal = reason;
    }

    /** Forgets a refusal from a batch that was rolled back, before the acceptance is recorded again. */
    void retry() {
        refusal = null;
        inboxEntry = null;
    }

    /** The offline store has room: the message waits there. */
    void keep(InstantInbox inbox) {
        inboxEntry = inbox.keep(message);
    }

    Optional<InboxEntry> inboxEntry() {
        return Optional.ofNullable(inboxEntry);
    }

    boolean refused() {
        return refusal != null;
    }

    /** Tells the sender: refused, or recorded (delivered to sessions or kept in the inbox). */
    void complete() {
        if (refusal != null) {
            outcome.completeExceptionally(refusal);
        } else {
            outcome.complete(new Delivery(message.id(), message.state(), recipientSessions));
        }
    }

    void fail(Throwable cause) {
        outcome.completeExceptionally(cause);
    }
}
