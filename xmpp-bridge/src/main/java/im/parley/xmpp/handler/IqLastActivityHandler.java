package im.parley.xmpp.handler;

import im.parley.account.Address;
import im.parley.presence.LastActivity;
import im.parley.presence.PresenceService;
import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.time.Duration;
import java.time.Instant;

/**
 * XEP-0012 last activity: asked of the server, its uptime (section 5); asked of an account's
 * bare address, how long ago the account was last available, for those who may see its
 * presence (section 4).
 */
public final class IqLastActivityHandler implements IqHandler {
    public static final String NAMESPACE = "jabber:iq:last";

    private final PresenceService presence;
    private final Instant started = Instant.now();

    public IqLastActivityHandler(PresenceService presence) {
        this.presence = presence;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element payload) {
        if (!"get".equals(iq.getAttribute("type"))) {
            throw new StanzaError("bad-request", "last activity is a get");
        }
        String to = Xml.attribute(iq, "to");
        if (to == null || to.indexOf('@') < 0) {
            reply(session, iq, Duration.between(started, Instant.now()), null);
            return;
        }
        try {
            LastActivity last = presence.lastActivity(session.principal(), Address.parse(to));
            if (last.since() == null) {
                throw new StanzaError("item-not-found", "never available");
            }
            reply(session, iq, last.since(), last.note());
        } catch (ParleyException e) {
            throw e.problem() == Problem.NOT_FOUND ? new StanzaError("service-unavailable", null) : StanzaError.of(e);
        }
    }

    private static void reply(XmppSession session, Element iq, Duration since, String note) {
        session.send(Outbound.result(iq, session.address().toString(), "<query xmlns='" + NAMESPACE + "' seconds='"
                + since.toSeconds() + "'" + (note == null ? "/>" : ">" + Xml.escape(note) + "</query>")));
    }
}
