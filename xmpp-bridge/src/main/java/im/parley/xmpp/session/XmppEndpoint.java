package im.parley.xmpp.session;

import im.parley.messaging.InstantMessageData;
import im.parley.messaging.MessageCopy;
import im.parley.presence.PresenceNotification;
import im.parley.presence.SubscriptionNotification;
import im.parley.presence.WatcherNotification;
import im.parley.roster.RosterChange;
import im.parley.session.SessionEndpoint;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.roster.RosterPushes;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stream.StreamError;

/**
 * Where the services reach one XMPP session: each notification or message is written to
 * the connection as the stanza RFC 6121 defines for it.
 */
public final class XmppEndpoint implements SessionEndpoint {
    public static final String PROTOCOL = "xmpp";

    private final XmppSession session;
    private final RosterPushes pushes;
    private final String domain;

    public XmppEndpoint(XmppSession session, RosterPushes pushes, String domain) {
        this.session = session;
        this.pushes = pushes;
        this.domain = domain;
    }

    public XmppSession session() {
        return session;
    }

    @Override
    public void presence(PresenceNotification notification) {
        // RFC 6121 section 4.2.2: only available resources receive presence broadcasts;
        // a session does not get its own tuple back.
        boolean own = notification.presentity().equals(session.principal().toString())
                && notification.tuple().tupleKey().equals(session.resource());
        if (session.isAvailable() && !own) {
            session.send(Outbound.presence(notification.presentity(), notification.tuple(), session.address().toString()));
        }
    }

    @Override
    public void subscription(SubscriptionNotification notification) {
        session.send(Outbound.subscription(notification, session.address().toString()));
        boolean iAmTheWatcher = notification.watcher().equals(session.principal().toString());
        pushes.pushTo(session, iAmTheWatcher ? notification.presentity() : notification.watcher());
    }

    /**
     * A change made over another wire (HTTP) is pushed; XMPP's own were pushed as they were
     * made. A subscription's new state is pushed for an item the roster has.
     */
    @Override
    public void roster(RosterChange change) {
        if (RosterChange.BY_SUBSCRIPTION.equals(change.origin())) {
            pushes.pushTo(session, change.contact());
        } else if (!PROTOCOL.equals(change.origin())) {
            pushes.pushChangeTo(session, change.contact());
        }
    }

    @Override
    public void watcher(WatcherNotification notification) {
        // XMPP has no standard stanza for watcher information; HTTP streams carry it.
    }

    @Override
    public boolean message(InstantMessageData message, MessageCopy copy) {
        if (!session.isOpen()) {
            return false;
        }
        String to = session.address().toString();
        if (copy == MessageCopy.ORIGINAL) {
            session.send(Outbound.message(message, to, domain, null), message.id());
        } else {
            session.send(Outbound.carbon(message, copy == MessageCopy.SENT_COPY, session.principal().toString(), to));
        }
        return true;
    }

    /** A stanza another XMPP session addressed to this one (an IQ, directed presence), as it is. */
    @Override
    public void closedElsewhere() {
        session.endWithoutResumption(new StreamError("reset", "this server lost this session; sign in again"));
    }

    /** With stream management the client confirms what it has handled (XEP-0198 section 4). */
    @Override
    public boolean confirmsReceipt() {
        return session.streamManagementEnabled();
    }

    @Override
    public boolean direct(String protocol, String content) {
        if (!PROTOCOL.equals(protocol) || !session.isOpen()) {
            return false;
        }
        session.send(content);
        return true;
    }
}
