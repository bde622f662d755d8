package im.parley.xmpp.handler;

import im.parley.account.Address;
import im.parley.messaging.MessageService;
import im.parley.messaging.MessageType;
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
        Element body = Xml.child(stanza, Namespaces.CLIENT, "body");
        StringBuilder payload = new StringBuilder();
        for (Node n = stanza.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && child != body) {
                payload.append(Xml.serialize(child, Namespaces.CLIENT));
            }
        }
        // XEP-0280 section 6 and XEP-0334: a private or no-copy message gets no carbons.
        boolean copies = Xml.child(stanza, Outbound.CARBONS, "private") == null
                && Xml.child(stanza, "urn:xmpp:hints", "no-copy") == null;
        try {
            return messages.accept(sender, recipient, type, body == null ? null : body.getTextContent(),
                            payload.isEmpty() ? null : payload.toString(), Xml.attribute(stanza, "id"), copies)
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                            failure instanceof ParleyException refusal ? errorFor(refusal) : failure));
        } catch (ParleyException e) {
            throw errorFor(e);
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
