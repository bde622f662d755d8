package im.parley.xmpp.stanza;

import im.parley.messaging.InstantMessageData;
import im.parley.presence.BasicStatus;
import im.parley.presence.PresenceTupleData;
import im.parley.presence.SubscriptionNotification;
import im.parley.roster.RosterItemData;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;

import java.time.Instant;
import java.util.Locale;

/** The stanzas Parley writes: the model's notifications and messages in XMPP form. */
public final class Outbound {

    private Outbound() {
    }

    /**
     * A presence tuple as presence from {@code presentity/tupleKey} (RFC 6121 section 4):
     * OPEN as available with show, status and priority and the other markup verbatim; CLOSED
     * as unavailable.
     */
    public static String presence(String presentity, PresenceTupleData tuple, String to) {
        StringBuilder out = new StringBuilder("<presence from='")
                .append(Xml.escape(presentity + "/" + tuple.tupleKey())).append("' to='").append(Xml.escape(to)).append('\'');
        if (tuple.status() == BasicStatus.CLOSED) {
            return out.append(" type='unavailable'/>").toString();
        }
        out.append('>');
        if (tuple.otherStatus() != null) {
            out.append("<show>").append(tuple.otherStatus().name().toLowerCase(Locale.ROOT)).append("</show>");
        }
        if (tuple.note() != null) {
            out.append("<status>").append(Xml.escape(tuple.note())).append("</status>");
        }
        if (tuple.priority() != 0) {
            out.append("<priority>").append(tuple.priority()).append("</priority>");
        }
        if (tuple.otherMarkup() != null) {
            out.append(tuple.otherMarkup());
        }
        return out.append("</presence>").toString();
    }

    /**
     * The subscription stanza a change is told by (RFC 6121 section 3). It comes from the
     * side that acted: the watcher asks and cancels, the presentity approves and refuses
     * (or the subscription expired on its side).
     */
    public static String subscription(SubscriptionNotification notification, String to) {
        return switch (notification.change()) {
            case REQUESTED -> subscription("subscribe", notification.watcher(), to);
            case CANCELLED -> subscription("unsubscribe", notification.watcher(), to);
            case APPROVED -> subscription("subscribed", notification.presentity(), to);
            case DENIED, EXPIRED -> subscription("unsubscribed", notification.presentity(), to);
        };
    }

    /** A subscription stanza (RFC 6121 section 3): subscribe, subscribed, unsubscribe, unsubscribed. */
    public static String subscription(String type, String from, String to) {
        return "<presence type='" + type + "' from='" + Xml.escape(from) + "' to='" + Xml.escape(to) + "'/>";
    }

    /** A message for a session; {@code delayedSince} adds XEP-0203 delay for one kept offline. */
    public static String message(InstantMessageData message, String to, String domain, Instant delayedSince) {
        // Sized for the usual stanza at once: growing the buffer copied it two or three times per message.
        StringBuilder out = new StringBuilder(160 + length(message.body()) + length(message.payload()));
        out.append("<message from='");
        Xml.escape(message.sender(), out).append("' to='");
        Xml.escape(to, out).append("' type='").append(message.type().name().toLowerCase(Locale.ROOT)).append('\'');
        if (message.clientId() != null) {
            Xml.escape(message.clientId(), out.append(" id='")).append('\'');
        }
        out.append('>');
        if (message.body() != null) {
            Xml.escape(message.body(), out.append("<body>")).append("</body>");
        }
        if (message.payload() != null) {
            out.append(message.payload());
        }
        if (delayedSince != null) {
            Xml.escape(domain, out.append("<delay xmlns='urn:xmpp:delay' from='")).append("' stamp='")
                    .append(delayedSince).append("'/>");
        }
        return out.append("</message>").toString();
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /**
     * A XEP-0280 carbon: the message, forwarded (XEP-0297) from the principal's bare address
     * to another of its sessions, as sent or as received.
     */
    public static String carbon(InstantMessageData message, boolean sent, String principal, String to) {
        String kind = sent ? "sent" : "received";
        return "<message from='" + Xml.escape(principal) + "' to='" + Xml.escape(to) + "' type='"
                + message.type().name().toLowerCase(Locale.ROOT) + "'><" + kind + " xmlns='" + CARBONS + "'>"
                + forwarded(message, false) + "</" + kind + "></message>";
    }

    /** The message as XEP-0297 forwards it, optionally with the time it was sent (XEP-0203). */
    public static String forwarded(InstantMessageData message, boolean withDelay) {
        String original = message(message, message.recipient(), null, null)
                .replaceFirst("<message ", "<message xmlns='" + Namespaces.CLIENT + "' ");
        return "<forwarded xmlns='urn:xmpp:forward:0'>"
                + (withDelay ? "<delay xmlns='urn:xmpp:delay' stamp='" + message.sentAt() + "'/>" : "")
                + original + "</forwarded>";
    }

    public static final String CARBONS = "urn:xmpp:carbons:2";

    /** One roster item as in a roster result or push (RFC 6121 section 2.1.2). */
    public static String rosterItem(RosterItemData item) {
        StringBuilder out = new StringBuilder("<item jid='").append(Xml.escape(item.contact())).append('\'');
        if (item.name() != null) {
            out.append(" name='").append(Xml.escape(item.name())).append('\'');
        }
        out.append(" subscription='").append(item.subscription().attribute()).append('\'');
        if (item.subscription().pendingOut()) {
            out.append(" ask='subscribe'");
        }
        if (item.preApproved()) {
            out.append(" approved='true'");
        }
        if (item.groups().isEmpty()) {
            return out.append("/>").toString();
        }
        out.append('>');
        item.groups().stream().sorted().forEach(group ->
                out.append("<group>").append(Xml.escape(group)).append("</group>"));
        return out.append("</item>").toString();
    }

    /** A roster push (RFC 6121 section 2.1.6) to one resource. */
    public static String rosterPush(String itemXml, String version, String to, String id) {
        return "<iq type='set' id='" + id + "' to='" + Xml.escape(to) + "'><query xmlns='" + Namespaces.ROSTER
                + "' ver='" + version + "'>" + itemXml + "</query></iq>";
    }

    public static String rosterRemoval(String contact) {
        return "<item jid='" + Xml.escape(contact) + "' subscription='remove'/>";
    }

    /** The result of an IQ request, from whom it was addressed to, optionally with a payload. */
    public static String result(org.w3c.dom.Element request, String to, String payload) {
        String from = Xml.attribute(request, "to");
        return "<iq type='result' id='" + Xml.escape(request.getAttribute("id")) + "'"
                + (from == null ? "" : " from='" + Xml.escape(from) + "'")
                + (to == null ? "" : " to='" + Xml.escape(to) + "'")
                + (payload == null ? "/>" : ">" + payload + "</iq>");
    }
}
