package im.parley.xmpp.handler;

import im.parley.account.Address;
import im.parley.messaging.ArchiveQuery;
import im.parley.messaging.HistoryPage;
import im.parley.messaging.InstantMessageData;
import im.parley.messaging.MessageService;
import im.parley.problem.ParleyException;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * XEP-0313 message archive management over the message service's archive: a query with
 * the optional filters with/start/end (XEP-0004 form) pages through the user's archive with
 * XEP-0059 result sets; each message comes as a forwarded result, then the fin.
 */
public final class IqMamHandler implements IqHandler {
    public static final String NAMESPACE = "urn:xmpp:mam:2";
    private static final String DATA = "jabber:x:data";
    private static final String RSM = "http://jabber.org/protocol/rsm";
    private static final int DEFAULT_PAGE = 50;

    private final MessageService messages;

    public IqMamHandler(MessageService messages) {
        this.messages = messages;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element query) {
        String me = session.address().toString();
        if ("prefs".equals(query.getLocalName())) {
            // XEP-0313 section 7: Parley archives every message (the archive is the message
            // store), so the preferences in effect are always "always"; a set is answered with them.
            session.send(Outbound.result(iq, me, "<prefs xmlns='" + NAMESPACE + "' default='always'><always/><never/></prefs>"));
            return;
        }
        if (!"query".equals(query.getLocalName())) {
            throw new StanzaError("feature-not-implemented", "Parley does not implement MAM's " + query.getLocalName());
        }
        if ("get".equals(iq.getAttribute("type"))) {
            session.send(Outbound.result(iq, me, "<query xmlns='" + NAMESPACE + "'><x xmlns='" + DATA + "' type='form'>"
                    + "<field type='hidden' var='FORM_TYPE'><value>" + NAMESPACE + "</value></field>"
                    + "<field type='jid-single' var='with'/><field type='text-single' var='start'/>"
                    + "<field type='text-single' var='end'/></x></query>"));
            return;
        }
        HistoryPage page;
        try {
            page = messages.history(session.principal(), queryOf(query));
        } catch (ParleyException e) {
            // XEP-0313 section 4.3.2: an unknown paging id is item-not-found.
            throw StanzaError.of(e);
        }
        String queryId = Xml.attribute(query, "queryid");
        for (InstantMessageData message : page.messages()) {
            session.send("<message to='" + Xml.escape(me) + "'><result xmlns='" + NAMESPACE + "'"
                    + (queryId == null ? "" : " queryid='" + Xml.escape(queryId) + "'")
                    + " id='" + message.id() + "'>" + Outbound.forwarded(message, true) + "</result></message>");
        }
        List<InstantMessageData> found = page.messages();
        String set = found.isEmpty() ? "<set xmlns='" + RSM + "'/>"
                : "<set xmlns='" + RSM + "'><first>" + found.get(0).id() + "</first><last>"
                + found.get(found.size() - 1).id() + "</last></set>";
        session.send(Outbound.result(iq, me, "<fin xmlns='" + NAMESPACE + "' complete='" + page.complete() + "'>"
                + set + "</fin>"));
    }

    private static ArchiveQuery queryOf(Element query) {
        Address with = null;
        Instant start = null;
        Instant end = null;
        Element form = Xml.child(query, DATA, "x");
        if (form != null) {
            for (Element field : Xml.children(form, DATA, "field")) {
                String value = Xml.childText(field, DATA, "value");
                switch (field.getAttribute("var")) {
                    case "with" -> with = address(value);
                    case "start" -> start = instant(value);
                    case "end" -> end = instant(value);
                    case "FORM_TYPE" -> { }
                    default -> throw new StanzaError("feature-not-implemented", "no field " + field.getAttribute("var"));
                }
            }
        }
        Element set = Xml.child(query, RSM, "set");
        int max = DEFAULT_PAGE;
        String after = null;
        String before = null;
        boolean last = false;
        if (set != null) {
            String maxText = Xml.childText(set, RSM, "max");
            try {
                max = maxText == null ? DEFAULT_PAGE : Math.min(MessageService.MAX_HISTORY_PAGE, Integer.parseInt(maxText.strip()));
            } catch (NumberFormatException e) {
                throw new StanzaError("bad-request", "max is not a number");
            }
            after = blankToNull(Xml.childText(set, RSM, "after"));
            String beforeText = Xml.childText(set, RSM, "before");
            before = blankToNull(beforeText);
            last = beforeText != null && before == null; // an empty <before/> asks for the last page
        }
        if (max < 1) {
            throw new StanzaError("bad-request", "max must be positive");
        }
        return new ArchiveQuery(with, start, end, after, before, last, max);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Address address(String value) {
        try {
            return Address.parse(value);
        } catch (ParleyException e) {
            throw new StanzaError("jid-malformed", e.getMessage());
        }
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new StanzaError("bad-request", "not an XEP-0082 date-time: " + value);
        }
    }
}
