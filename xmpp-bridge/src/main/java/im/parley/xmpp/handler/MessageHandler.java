package im.parley.xmpp.handler;

import im.parley.account.Address;
import im.parley.messaging.MessageService;
import im.parley.messaging.MessageType;
import im.parley.messaging.Retention;
import im.parley.problem.ParleyException;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Message stanzas from a client (RFC 6121 section 5) handed to the instant message service;
 * a refusal comes back to the sender as a message error (RFC 6121 section 8.5.2.2.1).
 */
public final class MessageHandler {
    private static final CompletableFuture<Void> HANDLED = CompletableFuture.completedFuture(null);
    private static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
    private static final String HINTS = "urn:xmpp:hints";
    private static final String STANZA_IDS = "urn:xmpp:sid:0";

    private final MessageService messages;
    private final String domain;

    public MessageHandler(MessageService messages, String domain) {
        this.messages = messages;
        this.domain = domain;
    }

    /**
     * Hands the message to the service. The result completes once the message is recorded
     * (the stanza is handled then, for XEP-0198), or fails with the error for the sender.
     */
    public CompletableFuture<?> handle(XmppSession session, Element stanza) {
        return accept(session.address(), stanza);
    }

    /** As {@link #handle}, for a message from any sender, of this domain or (over federation) another. */
    public CompletableFuture<?> accept(Address sender, Element stanza) {
        String typeText = Xml.attribute(stanza, "type");
        if ("error".equals(typeText)) {
            return HANDLED; // RFC 6120 section 8.3.1: an error is never answered with an error.
        }
        MessageType type = typeOf(typeText);
        String to = Xml.attribute(stanza, "to");
        if (to == null) {
            throw new StanzaError("service-unavailable", "messages to the server are not handled");
        }
        Address recipient;
        try {
            recipient = Address.parse(to);
        } catch (ParleyException e) {
            throw new StanzaError("jid-malformed", e.getMessage());
        }
        if (recipient.localpart().isEmpty()) {
            throw new StanzaError("service-unavailable", "messages to a domain are not handled");
        }
        if (!recipient.domainpart().equals(domain)) {
            throw new StanzaError("remote-server-not-found", "no route to " + recipient.domainpart());
        }
        Content content = Content.of(stanza);
        try {
            return messages.accept(sender, recipient, type, content.body(), content.payload(),
                            Xml.attribute(stanza, "id"), content.copies(), content.retention())
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                            failure instanceof ParleyException refusal ? errorFor(refusal) : failure));
        } catch (ParleyException e) {
            throw errorFor(e);
        }
    }

    /**
     * A chat or normal message of our user's for another domain, before it goes there: kept
     * in the sender's archive (XEP-0313) and copied to the sender's other sessions (XEP-0280),
     * as one for a user of ours would be. Completes once recorded.
     */
    public CompletableFuture<?> recordSentToOtherDomain(Address sender, Address recipient, Element stanza) {
        String typeText = Xml.attribute(stanza, "type");
        if (typeText != null && !"chat".equals(typeText) && !"normal".equals(typeText)) {
            return HANDLED; // errors, headlines and groupchat are not archived
        }
        Content content = Content.of(stanza);
        if (content.body() == null && content.payload() == null) {
            return HANDLED;
        }
        try {
            return messages.recordSentToOtherDomain(sender, recipient, typeOf(typeText), content.body(),
                    content.payload(), Xml.attribute(stanza, "id"), content.copies(), content.retention());
        } catch (ParleyException e) {
            throw StanzaError.of(e);
        }
    }

    /** A message's body, the rest of its children as they came, whether it may be copied, and what is kept of it. */
    private record Content(String body, String payload, boolean copies, Retention retention) {

        static Content of(Element stanza) {
            Element body = Xml.child(stanza, Namespaces.CLIENT, "body");
            StringBuilder payload = new StringBuilder();
            boolean chatState = false;
            boolean content = body != null;
            for (Node n = stanza.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child && child != body) {
                    payload.append(Xml.serialize(child, Namespaces.CLIENT));
                    chatState |= CHAT_STATES.equals(child.getNamespaceURI());
                    content |= carriesContent(child);
                }
            }
            // XEP-0280 section 6 and XEP-0334: a private or no-copy message gets no carbons.
            boolean copies = Xml.child(stanza, Outbound.CARBONS, "private") == null
                    && Xml.child(stanza, HINTS, "no-copy") == null;
            // XEP-0085 section 5.8 and XEP-0160 section 3: a standalone chat state notification
            // is not stored offline (nor archived: it says nothing once the moment has passed);
            // XEP-0334: neither is a message marked no-store.
            boolean liveOnly = (chatState && !content) || Xml.child(stanza, HINTS, "no-store") != null;
            return new Content(body == null ? null : body.getTextContent(), payload.isEmpty() ? null : payload.toString(),
                    copies, liveOnly ? Retention.LIVE_ONLY : Retention.KEPT);
        }

        /** Anything but a chat state, a thread, a processing hint (XEP-0334) or a stanza id (XEP-0359). */
        private static boolean carriesContent(Element child) {
            String namespace = child.getNamespaceURI();
            return !(CHAT_STATES.equals(namespace) || HINTS.equals(namespace) || STANZA_IDS.equals(namespace)
                    || (Namespaces.CLIENT.equals(namespace) && "thread".equals(child.getLocalName())));
        }
    }

    /**
     * RFC 6121 section 8.5.2.2.1: an unknown or unreachable recipient is service-unavailable,
     * which also keeps from telling whether an account exists.
     */
    private static StanzaError errorFor(ParleyException refusal) {
        StanzaError error = StanzaError.of(refusal);
        return "item-not-found".equals(error.condition())
                ? new StanzaError("service-unavailable", refusal.getMessage()) : error;
    }

    private static MessageType typeOf(String type) {
        if (type == null) {
            return MessageType.NORMAL;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "normal" -> MessageType.NORMAL;
            case "chat" -> MessageType.CHAT;
            case "headline" -> MessageType.HEADLINE;
            case "groupchat" -> throw new StanzaError("service-unavailable", "no multi-user chat here");
            default -> throw new StanzaError("bad-request", "unknown message type " + type);
        };
    }
}
