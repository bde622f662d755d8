package im.parley.xmpp.handler;

import im.parley.account.Address;
import im.parley.messaging.InstantMessageData;
import im.parley.messaging.MessageService;
import im.parley.presence.BasicStatus;
import im.parley.presence.OtherStatus;
import im.parley.presence.PresenceService;
import im.parley.presence.PresenceTupleData;
import im.parley.presence.SubscriptionState;
import im.parley.problem.ParleyException;
import im.parley.roster.RosterItemData;
import im.parley.roster.RosterService;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.roster.RosterPushes;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stanza.StanzaRouter;
import im.parley.xmpp.session.XmppEndpoint;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Presence stanzas from a client (RFC 6121 sections 3 and 4) turned into presence service
 * calls: available and unavailable presence publish and withdraw the session's tuple;
 * subscription stanzas drive the subscription state machine.
 */
public final class PresenceHandler {
    private static final Logger LOG = Logger.getLogger(PresenceHandler.class.getName());

    private final PresenceService presence;
    private final MessageService messages;
    private final RosterService roster;
    private final RosterPushes pushes;
    private final StanzaRouter router;
    private final String domain;
    /** Whether contacts of other domains are reached (federation on). */
    private final boolean federates;

    public PresenceHandler(PresenceService presence, MessageService messages, RosterService roster,
                           RosterPushes pushes, StanzaRouter router, String domain, boolean federates) {
        this.presence = presence;
        this.messages = messages;
        this.roster = roster;
        this.pushes = pushes;
        this.router = router;
        this.domain = domain;
        this.federates = federates;
    }

    public void handle(XmppSession session, Element stanza) {
        String type = Xml.attribute(stanza, "type");
        String to = Xml.attribute(stanza, "to");
        try {
            if (type == null || "unavailable".equals(type)) {
                if (to == null) {
                    broadcast(session, stanza, type == null);
                } else {
                    directed(session, stanza, to);
                }
                return;
            }
            switch (type) {
                case "subscribe", "subscribed", "unsubscribe", "unsubscribed" -> subscription(session, type, to);
                case "probe", "error" -> {
                    // RFC 6121 section 4.3: probes are the server's business; errors end here.
                }
                default -> throw new StanzaError("bad-request", "unknown presence type " + type);
            }
        } catch (ParleyException e) {
            throw StanzaError.of(e);
        }
    }

    /**
     * Directed presence (RFC 6121 section 4.6) goes to the session addressed or to every open
     * session of the account. Presence that cannot be delivered is dropped, as RFC 6121
     * sections 8.5.2.2.2 and 8.5.3.2.2 say for presence.
     */
    private void directed(XmppSession session, Element stanza, String to) {
        try {
            Address target = Address.parse(to);
            router.presenceTo(session.address(), target, Xml.serialize(stanza, Namespaces.CLIENT));
            session.sentDirectedPresence(target.toString(), Xml.attribute(stanza, "type") == null);
        } catch (ParleyException | StanzaError undeliverable) {
            LOG.fine(() -> "Directed presence to " + to + " dropped: " + undeliverable.getMessage());
        }
    }

    /**
     * RFC 6121 section 4.6.3: when a session goes unavailable (by presence or by ending), the
     * entities it sent directed available presence to are told it is unavailable too.
     */
    public void unavailableToDirectedRecipients(XmppSession session) {
        for (String to : session.takeDirectedPresenceRecipients()) {
            // No namespace: the stanza takes the content namespace of whichever stream carries it.
            String unavailable = "<presence type='unavailable' from='"
                    + Xml.escape(session.address().toString()) + "' to='" + Xml.escape(to) + "'/>";
            try {
                Address target = Address.parse(to);
                router.presenceTo(session.address(), target, unavailable);
            } catch (ParleyException | StanzaError gone) {
                LOG.fine(() -> "Unavailable presence to " + to + " not delivered: " + gone.getMessage());
            }
        }
    }

    private void broadcast(XmppSession session, Element stanza, boolean available) {
        Address me = session.principal();
        if (!available) {
            boolean wasAvailable = session.isAvailable();
            session.setAvailable(false);
            if (wasAvailable) {
                presence.withdraw(me, me, session.resource());
            }
            unavailableToDirectedRecipients(session);
            return;
        }
        boolean initial = !session.isAvailable();
        // Available before publishing: a contact's change committed while the publication is
        // under way must reach this session (RFC 6121 section 4.4.2); it was lost otherwise.
        session.setAvailable(true);
        try {
            presence.publish(me, me, tupleOf(session, stanza), session.sessionId());
        } catch (RuntimeException refused) {
            session.setAvailable(!initial);
            throw refused;
        }
        if (initial) {
            sendCurrentPresenceOfContacts(session);
            sendWaitingRequests(session);
            deliverOfflineMessages(session);
        }
    }

    private PresenceTupleData tupleOf(XmppSession session, Element stanza) {
        String show = Xml.childText(stanza, Namespaces.CLIENT, "show");
        OtherStatus other = null;
        if (show != null) {
            try {
                other = OtherStatus.valueOf(show.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new StanzaError("bad-request", "unknown show value " + show);
            }
        }
        String priorityText = Xml.childText(stanza, Namespaces.CLIENT, "priority");
        int priority;
        try {
            priority = priorityText == null ? 0 : Integer.parseInt(priorityText.strip());
        } catch (NumberFormatException e) {
            throw new StanzaError("bad-request", "priority is not an integer");
        }
        StringBuilder markup = new StringBuilder();
        for (Node n = stanza.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && !(Namespaces.CLIENT.equals(child.getNamespaceURI())
                    && Set.of("show", "status", "priority").contains(child.getLocalName()))) {
                markup.append(Xml.serialize(child, Namespaces.CLIENT));
            }
        }
        return new PresenceTupleData(session.resource(), BasicStatus.OPEN, other,
                Xml.childText(stanza, Namespaces.CLIENT, "status"), "xmpp:" + session.address(),
                markup.isEmpty() ? null : markup.toString(), priority, null);
    }

    /**
     * RFC 6121 section 4.2.2: after initial presence the server probes the contacts the user
     * is subscribed to, and sends the presence of the user's other available resources.
     */
    private void sendCurrentPresenceOfContacts(XmppSession session) {
        Address me = session.principal();
        String to = session.address().toString();
        for (RosterItemData item : roster.items(me)) {
            if (!item.subscription().attribute().equals("to") && !item.subscription().attribute().equals("both")) {
                continue;
            }
            Address contact = Address.parse(item.contact());
            if (federates && !contact.domainpart().equals(domain)) {
                // RFC 6121 section 4.3.1: the contact's server answers a probe with its presence.
                router.presenceTo(me, contact, "<presence type='probe' from='" + Xml.escape(me.toString())
                        + "' to='" + Xml.escape(contact.toString()) + "'/>");
                continue;
            }
            try {
                presence.fetch(me, contact, "xmpp").tuples()
                        .forEach(tuple -> session.send(Outbound.presence(contact.toString(), tuple, to)));
            } catch (ParleyException e) {
                // A contact who may not be seen (any more) simply shows as unavailable.
            }
        }
        presence.fetch(me, me, "xmpp").tuples().stream()
                .filter(tuple -> !tuple.tupleKey().equals(session.resource()))
                .forEach(tuple -> session.send(Outbound.presence(me.toString(), tuple, to)));
    }

    /**
     * RFC 6121 section 3.1.3: a request that came while the user was offline (or that is
     * still unanswered) is delivered when the user next has an available resource.
     */
    private void sendWaitingRequests(XmppSession session) {
        Address me = session.principal();
        for (String watcher : presence.waitingRequests(me, me)) {
            session.send(Outbound.subscription("subscribe", watcher, session.address().toString()));
        }
    }

    /** XEP-0160: messages kept while the inbox was closed are delivered once it opens. */
    private void deliverOfflineMessages(XmppSession session) {
        for (InstantMessageData message : messages.openInbox(session.sessionId())) {
            session.send(Outbound.message(message, session.address().toString(), domain, message.sentAt()), message.id());
        }
    }

    /** RFC 6121 section 3: the user's side of the subscription handshake. */
    private void subscription(XmppSession session, String type, String to) {
        if (to == null) {
            throw new StanzaError("bad-request", "a subscription stanza needs a 'to'");
        }
        Address me = session.principal();
        Address contact = Address.parse(to).bare();
        boolean remote = federates && !contact.domainpart().equals(domain);
        switch (type) {
            case "subscribe" -> {
                if (remote) {
                    // The contact's server holds the subscription: the request goes there.
                    roster.requestRemoteSubscription(me, contact);
                    break;
                }
                // RFC 6121 section 3.1.2: the contact goes into the roster with ask='subscribe'.
                if (roster.item(me, contact).isEmpty()) {
                    roster.setItem(me, contact, null, Set.of(), XmppEndpoint.PROTOCOL);
                }
                try {
                    presence.subscribe(me, contact, null, "xmpp");
                } catch (ParleyException refused) {
                    // RFC 6121 section 3.1.3: a refused or impossible request reads as unsubscribed.
                    session.send(Outbound.subscription("unsubscribed", contact.toString(), session.address().toString()));
                }
            }
            case "subscribed" -> {
                if (roster.item(me, contact).isEmpty()) {
                    roster.setItem(me, contact, null, Set.of(), XmppEndpoint.PROTOCOL);
                }
                presence.approve(me, me, contact);
            }
            case "unsubscribe" -> {
                if (remote) {
                    roster.cancelRemoteSubscription(me, contact);
                } else if (presence.subscription(me, contact).filter(s -> s.state() != SubscriptionState.NONE).isPresent()) {
                    presence.cancel(me, contact);
                }
            }
            default -> {
                if (presence.subscription(contact, me).filter(s -> s.state() != SubscriptionState.NONE
                        || s.preApproved()).isPresent()) {
                    presence.deny(me, me, contact);
                }
            }
        }
        pushes.pushToAll(me, contact.toString());
    }
}
