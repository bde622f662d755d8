package im.parley.xmpp.federation;

import im.parley.account.Address;
import im.parley.presence.PresenceService;
import im.parley.presence.PresenceTupleData;
import im.parley.presence.SubscriptionState;
import im.parley.problem.ParleyException;
import im.parley.roster.RosterService;
import im.parley.xmpp.handler.MessageHandler;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stanza.StanzaRouter;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stanzas from another domain's users, for this domain's (RFC 6121 section 8 for a
 * recipient on this server): messages go to the instant message service like any other,
 * so they reach an open session or the instant inbox; IQs and directed presence go to the
 * session addressed; subscription stanzas and probes go to the presence service and the
 * roster. An undeliverable message or IQ is answered with an error over federation;
 * undeliverable presence ends here.
 */
public final class RemoteStanzas {
    private static final Logger LOG = Logger.getLogger(RemoteStanzas.class.getName());

    private final MessageHandler messages;
    private final PresenceService presenceService;
    private final RosterService roster;
    private final StanzaRouter router;
    private final Federation federation;

    public RemoteStanzas(MessageHandler messages, PresenceService presenceService, RosterService roster,
                         StanzaRouter router, Federation federation) {
        this.messages = messages;
        this.presenceService = presenceService;
        this.roster = roster;
        this.router = router;
        this.federation = federation;
    }

    /** A stanza whose 'from' is an accepted remote domain and whose 'to' is this domain, in {@code jabber:client}. */
    void handle(Address from, Address to, Element stanza) {
        try {
            switch (stanza.getLocalName()) {
                case "message" -> message(from, to, stanza);
                case "iq" -> iq(from, to, stanza);
                case "presence" -> presence(from, to, stanza);
                default -> throw new StanzaError("bad-request", "not a stanza: " + stanza.getLocalName());
            }
        } catch (StanzaError error) {
            bounce(from, stanza, error);
        } catch (ParleyException refusal) {
            bounce(from, stanza, StanzaError.of(refusal));
        }
    }

    private void message(Address from, Address to, Element stanza) {
        if ("error".equals(Xml.attribute(stanza, "type"))) {
            // An answer to one of our users' messages (a bounce): to that session, if it is still there.
            if (!to.isBare()) {
                deliverOrDrop(from, to, stanza);
            }
            return;
        }
        messages.accept(from, stanza).whenComplete((recorded, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof StanzaError error) {
                    bounce(from, stanza, error);
                } else if (cause instanceof ParleyException refusal) {
                    bounce(from, stanza, StanzaError.of(refusal));
                } else {
                    LOG.log(Level.WARNING, "Message from " + from + " not recorded", cause);
                    bounce(from, stanza, new StanzaError("internal-server-error", "the message could not be recorded"));
                }
            }
        });
    }

    /**
     * RFC 6120 section 8.2.3 and RFC 6121 section 8.5: a ping for this server is answered;
     * a request for a full address goes to that session, an answer too; anything else that
     * asks is service-unavailable.
     */
    private void iq(Address from, Address to, Element iq) {
        String type = Xml.attribute(iq, "type");
        if (Xml.attribute(iq, "id") == null) {
            throw new StanzaError("bad-request", "an IQ needs an id");
        }
        boolean request = "get".equals(type) || "set".equals(type);
        if (!request) {
            if (!to.isBare()) {
                deliverOrDrop(from, to, iq); // RFC 6120 section 8.3.1: an answer is never answered
            }
            return;
        }
        Element payload = Xml.firstChild(iq);
        if (to.localpart().isEmpty() && payload != null && Namespaces.PING.equals(payload.getNamespaceURI())) {
            federation.send(from.domainpart(), "<iq type='result' id='" + Xml.escape(iq.getAttribute("id"))
                    + "' from='" + Xml.escape(to.toString()) + "' to='" + Xml.escape(from.toString()) + "'/>", dropped -> {
            });
            return;
        }
        if (to.isBare()) {
            throw new StanzaError("service-unavailable", "Parley does not answer this for other domains");
        }
        router.toSession(from, to, iq);
    }

    /**
     * Presence from another domain: broadcast and directed presence go to the sessions
     * addressed; subscription stanzas (RFC 6121 section 3, the "contact's server" or "user's
     * server" side) and probes (section 4.3) change or read our side of a subscription.
     * Presence is never answered with an error.
     */
    private void presence(Address from, Address to, Element presence) {
        String type = Xml.attribute(presence, "type");
        try {
            if (type == null || "unavailable".equals(type)) {
                router.presenceTo(from, to, Xml.serialize(presence, Namespaces.CLIENT));
                return;
            }
            Address user = to.bare();
            Address contact = from.bare();
            if (user.localpart().isEmpty()) {
                return; // presence for the server itself carries nothing Parley keeps
            }
            switch (type) {
                case "subscribe" -> subscribe(contact, user);
                case "unsubscribe" -> {
                    // Section 3.3.3: the watcher there ends its subscription to our presentity.
                    if (presenceService.subscription(contact, user).filter(s -> s.state() != SubscriptionState.NONE).isPresent()) {
                        presenceService.cancel(contact, user);
                    }
                }
                case "subscribed" -> roster.remoteSubscriptionApproved(user, contact);
                case "unsubscribed" -> roster.remoteSubscriptionEnded(user, contact);
                case "probe" -> probe(contact, user);
                default -> LOG.fine(() -> "Presence of type " + type + " from " + from + " ignored");
            }
        } catch (StanzaError | ParleyException undeliverable) {
            LOG.fine(() -> "Presence from " + from + " to " + to + " dropped: " + undeliverable.getMessage());
        }
    }

    /**
     * RFC 6121 section 3.1.3: a request for one of our presentities goes to the presence
     * service, which approves it at once (pre-approval, a rule, an active subscription) or
     * asks the presentity's principals; one that cannot be granted (no such account, a rule
     * that denies) is answered {@code unsubscribed}.
     */
    private void subscribe(Address watcher, Address presentity) {
        try {
            presenceService.subscribe(watcher, presentity, null, "xmpp");
        } catch (ParleyException refused) {
            answer(presentity, watcher, "unsubscribed");
        }
    }

    /**
     * RFC 6121 section 4.3.2: a watcher with an active subscription gets the presentity's
     * current presence (unavailable when nothing is available); any other gets
     * {@code unsubscribed}, which reveals nothing and corrects its server's roster.
     */
    private void probe(Address watcher, Address presentity) {
        List<PresenceTupleData> tuples;
        try {
            tuples = presenceService.probe(watcher, presentity, "xmpp");
        } catch (ParleyException notSubscribed) {
            answer(presentity, watcher, "unsubscribed");
            return;
        }
        if (tuples.isEmpty()) {
            answer(presentity, watcher, "unavailable");
        }
        for (PresenceTupleData tuple : tuples) {
            federation.send(watcher.domainpart(), Outbound.presence(presentity.toString(), tuple, watcher.toString()),
                    undeliverable -> LOG.fine(() -> "Presence for " + watcher + " dropped"));
        }
    }

    private void answer(Address from, Address to, String type) {
        federation.send(to.domainpart(), Outbound.subscription(type, from.toString(), to.toString()),
                undeliverable -> LOG.fine(() -> "Presence for " + to + " dropped"));
    }

    private void deliverOrDrop(Address from, Address to, Element stanza) {
        try {
            router.toSession(from, to, stanza);
        } catch (StanzaError | ParleyException undeliverable) {
            LOG.fine(() -> "Answer from " + from + " to " + to + " not delivered: " + undeliverable.getMessage());
        }
    }

    /** The remote sender hears why (RFC 6120 section 8.3); an error is never answered with one. */
    private void bounce(Address from, Element stanza, StanzaError error) {
        if ("error".equals(Xml.attribute(stanza, "type"))) {
            return;
        }
        federation.send(from.domainpart(), error.replyTo(stanza),
                undeliverable -> LOG.fine(() -> "Error for " + from + " not sent: " + undeliverable.getMessage()));
    }
}
