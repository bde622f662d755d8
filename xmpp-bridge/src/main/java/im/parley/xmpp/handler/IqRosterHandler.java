package im.parley.xmpp.handler;

import im.parley.account.Address;
import im.parley.problem.ParleyException;
import im.parley.roster.RosterItemData;
import im.parley.roster.RosterService;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.roster.RosterPushes;
import im.parley.xmpp.roster.RosterVersion;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.session.XmppEndpoint;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** RFC 6121 section 2: roster get, set and remove, with pushes to the owner's resources. */
public final class IqRosterHandler implements IqHandler {
    private final RosterService roster;
    private final RosterPushes pushes;

    public IqRosterHandler(RosterService roster, RosterPushes pushes) {
        this.roster = roster;
        this.pushes = pushes;
    }

    @Override
    public String namespace() {
        return Namespaces.ROSTER;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element query) {
        String to = Xml.attribute(iq, "to");
        // RFC 6121 section 2.1.3: the roster is the user's own; a request for anyone else's is refused.
        if (to != null && !Address.parse(to).bare().equals(session.principal())) {
            throw new StanzaError("forbidden", "a roster belongs to its owner");
        }
        if ("get".equals(iq.getAttribute("type"))) {
            // Read and sent under the session's lock, like pushes: a push never overtakes an older roster.
            synchronized (session) {
                List<RosterItemData> current = roster.items(session.principal());
                String version = RosterVersion.of(current);
                // RFC 6121 section 2.6.3: a client that has this version gets an empty result.
                if (version.equals(Xml.attribute(query, "ver"))) {
                    session.send(Outbound.result(iq, session.address().toString(), null));
                    return;
                }
                StringBuilder items = new StringBuilder("<query xmlns='").append(Namespaces.ROSTER)
                        .append("' ver='").append(version).append("'>");
                current.forEach(item -> items.append(Outbound.rosterItem(item)));
                session.send(Outbound.result(iq, session.address().toString(), items.append("</query>").toString()));
            }
            return;
        }
        List<Element> items = Xml.children(query, Namespaces.ROSTER, "item");
        // RFC 6121 section 2.3.3: a set holds exactly one item.
        if (items.size() != 1) {
            throw new StanzaError("bad-request", "a roster set holds exactly one item");
        }
        Element item = items.get(0);
        Address contact = contactOf(item);
        try {
            if ("remove".equals(Xml.attribute(item, "subscription"))) {
                roster.removeItem(session.principal(), contact, XmppEndpoint.PROTOCOL);
            } else {
                roster.setItem(session.principal(), contact, Xml.attribute(item, "name"), groupsOf(item),
                        XmppEndpoint.PROTOCOL);
            }
        } catch (ParleyException e) {
            throw StanzaError.of(e);
        }
        // RFC 6121 section 2.3.2: the push reaches every interested resource, the asking one
        // included, before the result does; a client that goes on at the result (Smack's
        // removeEntry) would otherwise act on the roster as it was.
        pushes.pushToAll(session.principal(), contact.toString());
        session.send(Outbound.result(iq, session.address().toString(), null));
    }

    private static Address contactOf(Element item) {
        String jid = Xml.attribute(item, "jid");
        if (jid == null) {
            throw new StanzaError("bad-request", "a roster item needs a jid");
        }
        try {
            return Address.parse(jid).bare();
        } catch (ParleyException e) {
            throw new StanzaError("jid-malformed", e.getMessage());
        }
    }

    private static Set<String> groupsOf(Element item) {
        Set<String> groups = new LinkedHashSet<>();
        for (Element group : Xml.children(item, Namespaces.ROSTER, "group")) {
            // RFC 6121 section 2.3.3: duplicate groups and empty group names are bad requests.
            if (group.getTextContent().isEmpty() || !groups.add(group.getTextContent())) {
                throw new StanzaError("bad-request", "empty or duplicate roster group");
            }
        }
        return groups;
    }
}
