package im.parley.xmpp.handler;

import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stream.Namespaces;
import org.w3c.dom.Element;

/** XEP-0199: the server answers a ping with an empty result. */
public final class IqPingHandler implements IqHandler {

    @Override
    public String namespace() {
        return Namespaces.PING;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element payload) {
        session.send(Outbound.result(iq, session.address().toString(), null));
    }
}
