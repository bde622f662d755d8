package im.parley.presence;

import im.parley.problem.ParleyException;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A COMMUNICATION ADDRESS (RFC 2778 section 2.2): a COMMUNICATION MEANS (the URI scheme:
 * xmpp, tel, sip, mailto...) and a CONTACT ADDRESS (the URI itself).
 */
@Embeddable
public class CommunicationAddress implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int MAX_LENGTH = 3071;

    @Column(name = "means", length = 32)
    private String means;

    @Column(name = "contact_address", length = MAX_LENGTH)
    private String contactAddress;

    protected CommunicationAddress() {
    }

    private CommunicationAddress(String means, String contactAddress) {
        this.means = means;
        this.contactAddress = contactAddress;
    }

    /** Parses a contact URI such as {@code xmpp:alice@example.org/phone} or {@code tel:+15551234}. */
    public static CommunicationAddress of(String contactUri) {
        if (contactUri == null || contactUri.isBlank()) {
            throw ParleyException.invalid("A contact address is required");
        }
        if (contactUri.length() > MAX_LENGTH) {
            throw ParleyException.invalid("The contact address is longer than " + MAX_LENGTH + " characters");
        }
        try {
            URI uri = new URI(contactUri.strip());
            String scheme = uri.getScheme();
            if (scheme == null || scheme.length() > 32) {
                throw ParleyException.invalid("The contact address '" + contactUri + "' has no URI scheme");
            }
            return new CommunicationAddress(scheme.toLowerCase(Locale.ROOT), uri.toString());
        } catch (URISyntaxException e) {
            throw ParleyException.invalid("The contact address '" + contactUri + "' is not a URI: " + e.getReason());
        }
    }

    /** The communication means: the URI scheme. */
    public String means() {
        return means;
    }

    public String contactAddress() {
        return contactAddress;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CommunicationAddress that && contactAddress.equals(that.contactAddress);
    }

    @Override
    public int hashCode() {
        return contactAddress.hashCode();
    }

    @Override
    public String toString() {
        return contactAddress;
    }
}
