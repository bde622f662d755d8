package im.parley.http;

import im.parley.account.AccountData;
import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.config.ParleySettings;
import im.parley.problem.ParleyException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns an Authorization header (RFC 7617 Basic with an account's password, or an RFC 6750
 * bearer token) into the caller, with the same accounts XMPP clients sign in with.
 */
@ApplicationScoped
public class Authentication {
    /** The challenge sent with every 401 (RFC 9110 section 11.6.1). */
    public static final String CHALLENGE = "Basic realm=\"Parley\", charset=\"UTF-8\", Bearer realm=\"Parley\"";

    @EJB
    private AccountService accounts;

    @Inject
    private ParleySettings settings;

    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ParleyException.notAuthorized("Authentication is required (Basic or Bearer)");
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String credentials = space < 0 ? "" : authorization.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return bearer(credentials);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(credentials);
        }
        throw ParleyException.notAuthorized("Unsupported authentication scheme " + scheme);
    }

    /** A token given as the {@code access_token} query parameter (RFC 6750 section 2.3), for WebSockets. */
    public Caller bearer(String token) {
        return Caller.of(accounts.authenticateToken(token));
    }

    private Caller basic(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ParleyException.notAuthorized("Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw ParleyException.notAuthorized("Basic credentials need a user and a password");
        }
        String user = decoded.substring(0, colon);
        // A bare local part means an account of this server's domain, as clients ask for "alice".
        Address address = parseUser(user.contains("@") ? user : user + "@" + settings.domain());
        AccountData account = accounts.authenticate(address, decoded.substring(colon + 1));
        return Caller.of(account);
    }

    private static Address parseUser(String user) {
        try {
            return Address.parse(user).bare();
        } catch (ParleyException e) {
            throw ParleyException.notAuthorized("Wrong address or password");
        }
    }
}
