package im.parley.xmpp.stream;

/**
 * A stream-level error (RFC 6120 section 4.9): the connection is told the condition and
 * closed. Thrown from anywhere in a connection's handling.
 */
public class StreamError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String condition;
    /** An application-specific condition element (RFC 6120 section 4.9.4), or null. */
    private final String applicationCondition;

    public StreamError(String condition, String text) {
        this(condition, text, null);
    }

    public StreamError(String condition, String text, String applicationCondition) {
        super(condition + (text == null ? "" : ": " + text));
        this.condition = condition;
        this.applicationCondition = applicationCondition;
    }

    /** The defined condition, e.g. {@code not-well-formed} (RFC 6120 section 4.9.3). */
    public String condition() {
        return condition;
    }

    public String toXml() {
        String text = getMessage().equals(condition) ? null : getMessage().substring(condition.length() + 2);
        return "<stream:error><" + condition + " xmlns='" + Namespaces.STREAM_ERRORS + "'/>"
                + (text == null ? "" : "<text xmlns='" + Namespaces.STREAM_ERRORS + "'>" + Xml.escape(text) + "</text>")
                + (applicationCondition == null ? "" : applicationCondition)
                + "</stream:error>";
    }
}
