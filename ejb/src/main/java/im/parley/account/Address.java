package im.parley.account;

import im.parley.problem.ParleyException;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An address in Parley's namespace: {@code local@domain} (a principal, a presentity,
 * an instant inbox) or {@code local@domain/resource} (one session). Follows the shape
 * and length limits of RFC 7622: each part at most 1023 octets, a localpart without
 * the characters of RFC 7622 section 3.3.1, no control characters anywhere. Localpart and
 * domainpart compare case-insensitively and are kept in lower case; the resourcepart is
 * case-sensitive.
 */
public final class Address implements Serializable {
    private static final long serialVersionUID = 1L;

    /** RFC 7622 section 3.1: each part is at most 1023 octets. */
    public static final int MAX_PART_OCTETS = 1023;
    private static final String LOCALPART_FORBIDDEN = "\"&'/:<>@";

    private final String localpart;
    private final String domainpart;
    private final String resourcepart;
    /**
     * The text form, made once: addresses are map keys and compared on every stanza, and
     * building the text each time was about a twelfth of what the server allocated per message.
     */
    private transient String text;
    /** This address without its resourcepart, made once for the same reason. */
    private transient Address bare;

    private Address(String localpart, String domainpart, String resourcepart) {
        this.localpart = localpart;
        this.domainpart = domainpart;
        this.resourcepart = resourcepart;
    }

    /** Parses and validates an address; a bad one is refused with {@code INVALID_INPUT}. */
    public static Address parse(String text) {
        if (text == null || text.isBlank()) {
            throw ParleyException.invalid("An address is required");
        }
        String whole = text.strip();
        String rest = whole;
        String resource = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            resource = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (resource.isEmpty()) {
                throw ParleyException.invalid("Empty resourcepart in address '" + text + "'");
            }
        }
        String local = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            local = rest.substring(0, at);
            rest = rest.substring(at + 1);
            if (local.isEmpty()) {
                throw ParleyException.invalid("Empty localpart in address '" + text + "'");
            }
        }
        Address parsed = of(local, rest, resource);
        // Most addresses arrive in their canonical form (lower case, no trailing dot): then
        // the text received is the text, and need not be built again.
        if (Objects.equals(parsed.localpart, local) && parsed.domainpart.equals(rest)) {
            parsed.text = whole;
        }
        return parsed;
    }

    public static Address of(String localpart, String domainpart, String resourcepart) {
        String local = localpart == null ? null : localpart.toLowerCase(Locale.ROOT);
        String domain = domainpart == null ? "" : domainpart.toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1); // RFC 7622 section 3.2: trailing dot is ignored
        }
        checkDomainpart(domain);
        if (local != null) {
            checkLocalpart(local);
        }
        if (resourcepart != null) {
            checkResourcepart(resourcepart);
        }
        return new Address(local, domain, resourcepart);
    }

    private static void checkDomainpart(String domain) {
        if (domain.isEmpty()) {
            throw ParleyException.invalid("An address needs a domainpart");
        }
        checkLength("domainpart", domain);
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '@' || c == '/') {
                throw ParleyException.invalid("Invalid character in domainpart '" + domain + "'");
            }
        }
    }

    private static void checkLocalpart(String local) {
        checkLength("localpart", local);
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || LOCALPART_FORBIDDEN.indexOf(c) >= 0) {
                throw ParleyException.invalid("Invalid character in localpart '" + local + "'");
            }
        }
    }

    private static void checkResourcepart(String resource) {
        checkLength("resourcepart", resource);
        for (int i = 0; i < resource.length(); i++) {
            if (Character.isISOControl(resource.charAt(i))) {
                throw ParleyException.invalid("Control character in resourcepart");
            }
        }
    }

    private static void checkLength(String part, String value) {
        // UTF-8 takes at most three octets per UTF-16 unit: a short value needs no encoding to tell.
        if (value.length() * 3 > MAX_PART_OCTETS && value.getBytes(StandardCharsets.UTF_8).length > MAX_PART_OCTETS) {
            throw ParleyException.invalid("The " + part + " is longer than " + MAX_PART_OCTETS + " octets");
        }
    }

    public Optional<String> localpart() {
        return Optional.ofNullable(localpart);
    }

    public String domainpart() {
        return domainpart;
    }

    public Optional<String> resourcepart() {
        return Optional.ofNullable(resourcepart);
    }

    public boolean isBare() {
        return resourcepart == null;
    }

    /** This address without its resourcepart. */
    public Address bare() {
        if (isBare()) {
            return this;
        }
        Address known = bare;
        if (known == null) {
            // As with the text, two threads may both make it: equal addresses, so either may win.
            known = new Address(localpart, domainpart, null);
            bare = known;
        }
        return known;
    }

    public Address withResource(String resource) {
        return of(localpart, domainpart, resource);
    }

    @Override
    public String toString() {
        String known = text;
        if (known == null) {
            StringBuilder built = new StringBuilder();
            if (localpart != null) {
                built.append(localpart).append('@');
            }
            built.append(domainpart);
            if (resourcepart != null) {
                built.append('/').append(resourcepart);
            }
            // Two threads may both build it: the same immutable string, so either may win.
            known = built.toString();
            text = known;
        }
        return known;
    }

    @Override
    public boolean equals(Object other) {
        // The parts determine the text and back (RFC 7622 keeps '@' and '/' out of localpart and domainpart).
        return other instanceof Address that && domainpart.equals(that.domainpart)
                && Objects.equals(localpart, that.localpart) && Objects.equals(resourcepart, that.resourcepart);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
