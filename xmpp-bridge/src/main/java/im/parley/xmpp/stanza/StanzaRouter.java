package im.parley.xmpp.stanza;

import im.parley.account.Address;
import im.parley.messaging.MessageService;
import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.session.ClientSession;
import im.parley.session.SessionRegistry;
import im.parley.xmpp.federation.Federation;
import im.parley.xmpp.session.XmppEndpoint;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.util.logging.Logger;

/**
 * Carries stanzas that one entity addresses to a client's sessions as they are (IQs between
 * clients, directed presence), on this node or another, or to another domain. The senders
 * are this domain's clients or, over federation, another domain's. The services decide
 * whether the recipient accepts anything from the sender.
 */
public final class StanzaRouter {
    private static final Logger LOG = Logger.getLogger(StanzaRouter.class.getName());

    private final MessageService messages;
    private final SessionRegistry sessions;
    private final Federation federation;

    public StanzaRouter(MessageService messages, SessionRegistry sessions, Federation federation) {
        this.messages = messages;
        this.sessions = sessions;
        this.federation = federation;
    }

    /**
     * To the session at a full address (RFC 6121 section 8.5.3.1); with no such account or
     * session, or a recipient who blocks the sender, service-unavailable (sections 8.5.2.2.3
     * and 8.5.3.2.3), which tells nothing about who exists.
     */
    public void toSession(Address from, Address target, Element stanza) {
        toSession(from, target, Xml.serialize(stanza, Namespaces.CLIENT));
    }

    /** As {@link #toSession(Address, Address, Element)}, for a stanza already written. */
    public void toSession(Address from, Address target, String content) {
        ClientSession session;
        try {
            session = messages.directTarget(from, target);
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
     * every session of a bare address's account whose inbox is open (section 8.5.2.1.1), or
     * to the server of another domain. Presence is never answered with an error, so what
     * cannot be delivered ends here (sections 8.5.2.2.2, 8.5.3.2.2).
     */
    public void presenceTo(Address from, Address target, String content) {
        if (federation.isRemote(target)) {
            federation.send(target.domainpart(), content,
                    undeliverable -> LOG.fine(() -> "Presence to " + target + " dropped: " + undeliverable.getMessage()));
        } else if (target.isBare()) {
            toOpenSessions(from, target, content);
        } else {
            toSession(from, target, content);
        }
    }

    private void toOpenSessions(Address from, Address account, String content) {
        for (ClientSession session : messages.openSessions(from, account)) {
            sessions.direct(session, XmppEndpoint.PROTOCOL, content);
        }
    }
}
