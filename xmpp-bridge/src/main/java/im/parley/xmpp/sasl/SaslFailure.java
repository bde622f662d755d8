package im.parley.xmpp.sasl;

/** A SASL failure with its RFC 6120 section 6.5 condition (e.g. not-authorized, malformed-request). */
public class SaslFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String condition;

    public SaslFailure(String condition, String text) {
        super(text);
        this.condition = condition;
    }

    public String condition() {
        return condition;
    }
}
