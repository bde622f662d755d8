package im.parley.xmpp.stanza;

import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

/**
 * A stanza-level error (RFC 6120 section 8.3): the stanza is answered with an error of the
 * same kind, addressed back to its sender, and nothing else happens.
 */
public final class StanzaError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An application-specific condition element (RFC 6120 section 8.3.4), or null. */
    private String applicationCondition;

    private final String condition;

    public StanzaError(String condition, String text) {
        super(text);
        this.condition = condition;
    }

    public String condition() {
        return condition;
    }

    /** How the wire reports a service's refusal. */
    public static StanzaError of(ParleyException refusal) {
        String condition = switch (refusal.problem()) {
            case INVALID_INPUT -> "bad-request";
            case NOT_FOUND -> "item-not-found";
            case CONFLICT -> "conflict";
            case FORBIDDEN -> "forbidden";
            case REFUSED -> "service-unavailable";
            case BLOCKED -> "not-acceptable";
            case NOT_AUTHORIZED -> "not-authorized";
            case NOT_READY -> "resource-constraint";
        };
        StanzaError error = new StanzaError(condition, refusal.getMessage());
        if (refusal.problem() == Problem.BLOCKED) {
            // XEP-0191 section 3.3: the application-specific condition says why.
            error.applicationCondition = "<blocked xmlns='urn:xmpp:blocking:errors'/>";
        }
        return error;
    }

    /** The error type that RFC 6120 section 8.3.3 gives each condition. */
    static String typeOf(String condition) {
        return switch (condition) {
            case "bad-request", "jid-malformed", "not-acceptable", "policy-violation" -> "modify";
            case "forbidden", "not-authorized", "registration-required" -> "auth";
            case "recipient-unavailable", "remote-server-timeout", "resource-constraint" -> "wait";
            default -> "cancel";
        };
    }

    /** The error reply to a received stanza: same element name and id, addresses swapped. */
    public String replyTo(Element stanza) {
        StringBuilder out = new StringBuilder("<").append(stanza.getLocalName()).append(" type='error'");
        String id = Xml.attribute(stanza, "id");
        if (id != null) {
            out.append(" id='").append(Xml.escape(id)).append('\'');
        }
        String to = Xml.attribute(stanza, "to");
        if (to != null) {
            out.append(" from='").append(Xml.escape(to)).append('\'');
        }
        String from = Xml.attribute(stanza, "from");
        if (from != null) {
            out.append(" to='").append(Xml.escape(from)).append('\'');
        }
        out.append("><error type='").append(typeOf(condition)).append("'><").append(condition)
                .append(" xmlns='").append(Namespaces.STANZA_ERRORS).append("'/>");
        if (getMessage() != null) {
            out.append("<text xmlns='").append(Namespaces.STANZA_ERRORS).append("'>")
                    .append(Xml.escape(getMessage())).append("</text>");
        }
        if (applicationCondition != null) {
            out.append(applicationCondition);
        }
        return out.append("</error></").append(stanza.getLocalName()).append('>').toString();
    }
}
