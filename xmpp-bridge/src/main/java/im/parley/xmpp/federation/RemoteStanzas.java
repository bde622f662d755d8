package im.parley.xmpp.federation;

import im.parley.account.Address;
import im.parley.problem.ParleyException;
import im.parley.xmpp.handler.MessageHandler;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stanza.StanzaRouter;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stanzas from another domain's users, for this domain's (RFC 6121 section 8 for a
 * recipient on this server): messages go to the instant message service like any other,
 * so they reach an open session or the instant inbox; IQs and directed presence go to the
 * session addressed. An undeliverable message or IQ is answered with an error over
 * federation; undeliverable presence ends here.
 */
public final class RemoteStanzas {
    private static final Logger LOG = Logger.getLogger(RemoteStanzas.class.getName());

    private final MessageHandler messages;
    private final StanzaRouter router;
    private final Federation federation;

    public RemoteStanzas(MessageHandler messages, StanzaRouter router, Federation federation) {
        this.messages = messages;
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

    private void presence(Address from, Address to, Element presence) {
        String type = Xml.attribute(presence, "type");
        if (type == null || "unavailable".equals(type)) {
            try {
                router.presenceTo(from, to, Xml.serialize(presence, Namespaces.CLIENT));
            } catch (StanzaError | ParleyException undeliverable) {
                LOG.fine(() -> "Presence from " + from + " to " + to + " dropped: " + undeliverable.getMessage());
            }
            return;
        }
        // Subscriptions across domains are not mapped onto the roster yet (docs/architecture.md,
        // known gaps); RFC 6121 lets a server drop presence it cannot deliver, without an error.
        LOG.fine(() -> "Presence of type " + type + " from " + from + " not handled");
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
