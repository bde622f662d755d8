package im.parley.xmpp.session;

import im.parley.account.Address;
import im.parley.session.ClientSession;
import im.parley.session.SessionRegistry;
import im.parley.xmpp.connection.XmppSession;

import java.util.List;

/** The XMPP sessions of a principal that are connected to this node. */
public final class LocalXmppSessions {
    private final SessionRegistry sessions;

    public LocalXmppSessions(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    public List<XmppSession> of(Address principal) {
        return sessions.sessionsOf(principal).stream()
                .map(ClientSession::id)
                .flatMap(id -> sessions.endpoint(id).stream())
                .filter(XmppEndpoint.class::isInstance)
                .map(endpoint -> ((XmppEndpoint) endpoint).session())
                .toList();
    }
}
