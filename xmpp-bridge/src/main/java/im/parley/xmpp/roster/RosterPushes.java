package im.parley.xmpp.roster;

import im.parley.account.Address;
import im.parley.roster.RosterItemData;
import im.parley.roster.RosterService;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.session.LocalXmppSessions;
import im.parley.xmpp.stanza.Outbound;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Roster pushes (RFC 6121 section 2.1.6): when an item changes, every interested resource of
 * its owner that has asked for the roster is told. Reaches the owner's sessions on this node.
 */
public final class RosterPushes {
    private final RosterService roster;
    private final LocalXmppSessions sessions;
    private final AtomicLong ids = new AtomicLong();

    public RosterPushes(RosterService roster, LocalXmppSessions sessions) {
        this.roster = roster;
        this.sessions = sessions;
    }

    /** Pushes the owner's current item for a contact (or its removal) to all the owner's sessions. */
    public void pushToAll(Address owner, String contact) {
        for (XmppSession target : sessions.of(owner)) {
            push(target, contact, true);
        }
    }

    /** Pushes the item, or its removal when it is gone, to one session. */
    public void pushChangeTo(XmppSession session, String contact) {
        push(session, contact, true);
    }

    /** Pushes the item to one session, if the contact is in its owner's roster. */
    public void pushTo(XmppSession session, String contact) {
        push(session, contact, false);
    }

    /**
     * Reads the item and sends it while holding the session: pushes from different threads
     * (the connection's own requests, notifications from the event topic) then reach the client
     * in the order they were read, so the last push always shows the latest state.
     */
    private void push(XmppSession target, String contact, boolean removalToo) {
        synchronized (target) {
            List<RosterItemData> items = roster.items(target.principal());
            String bare = Address.parse(contact).bare().toString();
            items.stream().filter(item -> item.contact().equals(bare)).findFirst()
                    .map(Outbound::rosterItem)
                    .or(() -> removalToo ? Optional.of(Outbound.rosterRemoval(contact)) : Optional.empty())
                    .ifPresent(item -> send(target, item, RosterVersion.of(items)));
        }
    }

    private void send(XmppSession target, String item, String version) {
        target.send(Outbound.rosterPush(item, version, target.address().toString(), "push" + ids.incrementAndGet()));
    }
}
