package im.parley.xmpp.handler;

import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stream.Namespaces;
import org.w3c.dom.Element;

/**
 * The legacy session establishment of RFC 3921 section 3: a no-op since RFC 6121, announced
 * as optional, answered with success for older clients that still ask.
 */
public final class IqSessionHandler implements IqHandler {

    @Override
    public String namespace() {
        return Namespaces.SESSION;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element payload) {
        session.send(Outbound.result(iq, session.address().toString(), null));
    }
}
