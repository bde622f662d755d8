package im.parley.xmpp.stanza;

import im.parley.account.Address;
import im.parley.monitoring.ParleyMetrics;
import im.parley.problem.ParleyException;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.federation.Federation;
import im.parley.xmpp.handler.IqHandler;
import im.parley.xmpp.handler.IqLastActivityHandler;
import im.parley.xmpp.handler.IqVCardHandler;
import im.parley.xmpp.handler.MessageHandler;
import im.parley.xmpp.handler.PresenceHandler;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.StreamError;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Routes each stanza of a bound session to its handler: IQs by payload namespace, presence
 * and messages to theirs. Stamps and checks the sender (RFC 6120 section 8.1.2.1) and turns
 * refusals into stanza errors.
 */
public final class StanzaDispatcher {
    private static final Logger LOG = Logger.getLogger(StanzaDispatcher.class.getName());

    /** What the server answers on an account's behalf when an IQ is sent to its bare address. */
    private static final Set<String> ANSWERED_FOR_ACCOUNTS = Set.of(Namespaces.DISCO_INFO,
            IqVCardHandler.NAMESPACE, IqLastActivityHandler.NAMESPACE);

    private static final CompletableFuture<Void> HANDLED = CompletableFuture.completedFuture(null);

    private final Map<String, IqHandler> iqHandlers;
    private final PresenceHandler presence;
    private final MessageHandler messages;
    private final StanzaRouter router;
    private final Federation federation;
    private final String domain;
    private final ParleyMetrics metrics;

    public StanzaDispatcher(List<IqHandler> iqHandlers, PresenceHandler presence, MessageHandler messages,
                            StanzaRouter router, Federation federation, String domain, ParleyMetrics metrics) {
        this.iqHandlers = iqHandlers.stream().collect(Collectors.toMap(IqHandler::namespace, Function.identity()));
        this.presence = presence;
        this.messages = messages;
        this.router = router;
        this.federation = federation;
        this.domain = domain;
        this.metrics = metrics;
    }

    /** The session ended (its connection closed and will not resume): what presence owes others. */
    public void sessionEnded(XmppSession session) {
        presence.unavailableToDirectedRecipients(session);
    }

    /**
     * Whether the stanza is a message for a user of this domain. Such messages all go through
     * the message service's one queue (the group commit), which records and delivers them in
     * the order they came, so a connection may hand one over before the one before it is
     * recorded without breaking RFC 6120 section 10.1's in-order processing.
     */
    public boolean joinsMessageQueue(Element stanza) {
        if (!"message".equals(stanza.getLocalName()) || !Namespaces.CLIENT.equals(stanza.getNamespaceURI())) {
            return false;
        }
        String to = Xml.attribute(stanza, "to");
        try {
            return to != null && Address.parse(to).domainpart().equals(domain);
        } catch (ParleyException e) {
            return false; // answered with an error at once, so it may as well wait its turn
        }
    }

    /**
     * Handles one stanza. The result completes when the stanza is handled: at once for most,
     * once recorded for a message (group commit). The connection takes its next stanza only
     * then, except a next message that {@link #joinsMessageQueue joins the message queue}, so
     * each client's stanzas keep their order (RFC 6120 section 10.1).
     */
    public CompletableFuture<?> dispatch(XmppSession session, Element stanza) {
        metrics.stanzaReceived();
        if (!Namespaces.CLIENT.equals(stanza.getNamespaceURI())) {
            throw new StreamError("unsupported-stanza-type", stanza.getLocalName());
        }
        checkFrom(session, stanza);
        stanza.setAttribute("from", session.address().toString());
        try {
            Address remote = remoteTarget(stanza);
            if (remote != null) {
                return toRemote(session, remote, stanza);
            }
            switch (stanza.getLocalName()) {
                case "iq" -> iq(session, stanza);
                case "presence" -> presence.handle(session, stanza);
                case "message" -> {
                    return messages.handle(session, stanza).exceptionally(failure -> {
                        answerFailure(session, stanza, failure);
                        return null;
                    });
                }
                default -> throw new StreamError("unsupported-stanza-type", stanza.getLocalName());
            }
        } catch (StanzaError | ParleyException refused) {
            answerFailure(session, stanza, refused);
        } catch (StreamError error) {
            throw error;
        } catch (RuntimeException fault) {
            // A fault of ours (a service stopping with the server, a lost database) is the
            // sender's internal-server-error; the stanza counts as handled (XEP-0198) and the
            // stream goes on, as after a refusal. Before, the fault escaped to the connection's
            // thread: the sender heard nothing, and the handled count fell behind for good.
            answerFailure(session, stanza, fault);
        }
        return HANDLED;
    }

    /**
     * The address of another domain a message or IQ is for, or null. Presence for another
     * domain goes through the presence handler, which keeps track of directed presence.
     */
    private Address remoteTarget(Element stanza) {
        String to = Xml.attribute(stanza, "to");
        if (to == null || "presence".equals(stanza.getLocalName())) {
            return null;
        }
        Address target = parse(to);
        return federation.isRemote(target) ? target : null;
    }

    /**
     * RFC 6120 section 10.4: a stanza for another domain goes to that domain's server; if it
     * cannot, the sender gets remote-server-not-found or remote-server-timeout (section
     * 8.3.3.14/15), and an error is never answered with an error (section 8.3.1). A message
     * counts as handled (XEP-0198) only once the other server has it or its sender has the
     * error: an acknowledged message is never lost in our queue.
     */
    private CompletableFuture<?> toRemote(XmppSession session, Address target, Element stanza) {
        String type = Xml.attribute(stanza, "type");
        if ("iq".equals(stanza.getLocalName()) && Xml.attribute(stanza, "id") == null) {
            throw new StanzaError("bad-request", "an IQ needs an id");
        }
        String xml = Xml.serializeFor(stanza, Namespaces.SERVER);
        Consumer<StanzaError> undeliverable = error -> {
            if (!"error".equals(type)) {
                session.send(error.replyTo(stanza));
            }
        };
        if (!"message".equals(stanza.getLocalName())) {
            federation.send(target.domainpart(), xml, undeliverable);
            return HANDLED;
        }
        // Recorded in the sender's archive first, as a message to one of ours is.
        return messages.recordSentToOtherDomain(session.address(), target, stanza)
                .thenCompose(recorded -> federation.send(target.domainpart(), xml, undeliverable))
                .exceptionally(failure -> {
                    answerFailure(session, stanza, failure);
                    return null;
                });
    }

    /**
     * The sender hears why a stanza failed, now or once a message's recording failed: the
     * refusal's stanza error, or internal-server-error for a fault of the server's
     * (RFC 6120 section 8.3.3.5).
     */
    private static void answerFailure(XmppSession session, Element stanza, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StanzaError error) {
            session.send(error.replyTo(stanza));
        } else if (cause instanceof ParleyException refusal) {
            session.send(StanzaError.of(refusal).replyTo(stanza));
        } else if ("error".equals(Xml.attribute(stanza, "type"))) {
            // RFC 6120 section 8.3.1: an error is never answered with an error.
            LOG.log(Level.WARNING, "Error stanza from " + session.address() + " not handled", cause);
        } else {
            LOG.log(Level.WARNING, stanza.getLocalName() + " from " + session.address() + " not handled", cause);
            session.send(new StanzaError("internal-server-error", "the " + stanza.getLocalName()
                    + " could not be handled").replyTo(stanza));
        }
    }

    /** RFC 6120 section 8.1.2.1: a 'from' other than the session's own address is a stream error. */
    private static void checkFrom(XmppSession session, Element stanza) {
        String from = Xml.attribute(stanza, "from");
        if (from == null) {
            return;
        }
        try {
            Address claimed = Address.parse(from);
            if (claimed.equals(session.address()) || claimed.equals(session.principal())) {
                return;
            }
        } catch (ParleyException e) {
            // falls through to the stream error
        }
        throw new StreamError("invalid-from", "'" + from + "' is not this session's address");
    }

    /**
     * RFC 6120 section 8.2.3 and RFC 6121 section 8.5: an IQ for the server or the sender's own
     * account is answered here; one for a full address goes to that session; one for another
     * account's bare address is answered on the account's behalf where a handler can.
     */
    private void iq(XmppSession session, Element iq) {
        String type = Xml.attribute(iq, "type");
        if (Xml.attribute(iq, "id") == null) {
            throw new StanzaError("bad-request", "an IQ needs an id");
        }
        String to = Xml.attribute(iq, "to");
        Address target = to == null ? null : parse(to);
        boolean forServerOrSelf = target == null || target.toString().equals(domain)
                || target.equals(session.principal());
        if ("result".equals(type) || "error".equals(type)) {
            if (!forServerOrSelf && !target.isBare()) {
                answerOn(session, target, iq);
            }
            return; // otherwise an answer to one of our roster pushes
        }
        if (!"get".equals(type) && !"set".equals(type)) {
            throw new StanzaError("bad-request", "unknown IQ type " + type);
        }
        int payloads = 0;
        for (Node n = iq.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                payloads++;
            }
        }
        if (payloads != 1) {
            throw new StanzaError("bad-request", "a " + type + " IQ has exactly one payload");
        }
        if (!forServerOrSelf && !target.isBare()) {
            router.toSession(session.address(), target, iq);
            return;
        }
        Element payload = Xml.firstChild(iq);
        IqHandler handler = iqHandlers.get(payload.getNamespaceURI());
        boolean onBehalf = !forServerOrSelf;
        if (handler == null || onBehalf && !ANSWERED_FOR_ACCOUNTS.contains(payload.getNamespaceURI())) {
            throw new StanzaError("service-unavailable", "Parley does not answer " + payload.getNamespaceURI());
        }
        handler.handle(session, iq, payload);
    }

    /** An answer goes back to the asking session; an answer that cannot be delivered ends here (RFC 6120 8.3.1). */
    private void answerOn(XmppSession session, Address target, Element iq) {
        try {
            router.toSession(session.address(), target, iq);
        } catch (StanzaError | ParleyException undeliverable) {
            LOG.fine(() -> "IQ answer to " + target + " not delivered: " + undeliverable.getMessage());
        }
    }

    private static Address parse(String address) {
        try {
            return Address.parse(address);
        } catch (ParleyException e) {
            throw new StanzaError("jid-malformed", e.getMessage());
        }
    }
}
