package im.parley.xmpp.stanza;

import im.parley.account.Address;
import im.parley.messaging.MessageService;
import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.session.ClientSession;
import im.parley.session.SessionRegistry;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.session.XmppEndpoint;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

/**
 * Carries stanzas that one client addresses to another client's sessions as they are (IQs
 * between clients, directed presence), on this node or another. The services decide whether
 * the recipient accepts anything from the sender.
 */
public final class StanzaRouter {
    private final MessageService messages;
    private final SessionRegistry sessions;

    public StanzaRouter(MessageService messages, SessionRegistry sessions) {
        this.messages = messages;
        this.sessions = sessions;
    }

    /**
     * To the session at a full address (RFC 6121 section 8.5.3.1); with no such account or
     * session, or a recipient who blocks the sender, service-unavailable (sections 8.5.2.2.3
     * and 8.5.3.2.3), which tells nothing about who exists.
     */
    public void toSession(XmppSession from, Address target, Element stanza) {
        toSession(from, target, Xml.serialize(stanza, Namespaces.CLIENT));
    }

    /** As {@link #toSession(XmppSession, Address, Element)}, for a stanza already written. */
    public void toSession(XmppSession from, Address target, String content) {
        ClientSession session;
        try {
            session = messages.directTarget(from.address(), target);
        } catch (ParleyException e) {
            if (e.problem() == Problem.BLOCKED) {
                // XEP-0191 section 3.3: the sender blocks the target, and is told so.
                throw StanzaError.of(e);
            }
            throw new StanzaError("service-unavailable", null);
        }
        if (!sessions.direct(session, XmppEndpoint.PROTOCOL, content)) {
            throw new StanzaError("service-unavailable", target + " cannot take it");
        }
    }

    /**
     * Directed presence (RFC 6121 section 4.6): to the session a full address names, or to
     * every session of a bare address's account whose inbox is open (section 8.5.2.1.1).
     */
    public void presenceTo(XmppSession from, Address target, String content) {
        if (target.isBare()) {
            toOpenSessions(from, target, content);
        } else {
            toSession(from, target, content);
        }
    }

    private void toOpenSessions(XmppSession from, Address account, String content) {
        for (ClientSession session : messages.openSessions(from.address(), account)) {
            sessions.direct(session, XmppEndpoint.PROTOCOL, content);
        }
    }
}
