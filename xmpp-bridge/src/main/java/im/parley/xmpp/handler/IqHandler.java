package im.parley.xmpp.handler;

import im.parley.xmpp.connection.XmppSession;
import org.w3c.dom.Element;

/** Handles IQ get and set requests of one namespace (RFC 6120 section 8.2.3). */
public interface IqHandler {

    /** The namespace of the IQ payload this handler answers. */
    String namespace();

    /**
     * Answers one request: must send exactly one result or error to the session, or throw a
     * {@link im.parley.xmpp.stanza.StanzaError}.
     */
    void handle(XmppSession session, Element iq, Element payload);
}
