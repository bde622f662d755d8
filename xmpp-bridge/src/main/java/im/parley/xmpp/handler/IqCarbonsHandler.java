package im.parley.xmpp.handler;

import im.parley.session.SessionRegistry;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import org.w3c.dom.Element;

/**
 * XEP-0280 message carbons: a session enables or disables copies of the chat messages its
 * principal sends and receives in other sessions. The services make the copies.
 */
public final class IqCarbonsHandler implements IqHandler {
    private final SessionRegistry sessions;

    public IqCarbonsHandler(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public String namespace() {
        return Outbound.CARBONS;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element payload) {
        boolean enable = "enable".equals(payload.getLocalName());
        if (!"set".equals(iq.getAttribute("type")) || !enable && !"disable".equals(payload.getLocalName())) {
            throw new StanzaError("bad-request", "carbons are enabled or disabled with a set");
        }
        sessions.setReceivesCopies(session.sessionId(), enable);
        session.send(Outbound.result(iq, session.address().toString(), null));
    }
}
