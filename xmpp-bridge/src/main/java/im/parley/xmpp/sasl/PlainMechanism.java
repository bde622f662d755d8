package im.parley.xmpp.sasl;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.problem.ParleyException;

import java.nio.charset.StandardCharsets;

/** SASL PLAIN (RFC 4616), offered only on TLS-protected streams. */
public final class PlainMechanism implements SaslMechanism {
    private final AccountService accounts;
    private final String domain;

    public PlainMechanism(AccountService accounts, String domain) {
        this.accounts = accounts;
        this.domain = domain;
    }

    @Override
    public Step step(byte[] response) throws SaslFailure {
        String message = new String(response, StandardCharsets.UTF_8);
        String[] parts = message.split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            throw new SaslFailure("malformed-request", "PLAIN expects authzid NUL authcid NUL password");
        }
        Address address = Saslnames.account(parts[1], domain);
        if (!parts[0].isEmpty() && !Saslnames.sameAccount(parts[0], address, domain)) {
            throw new SaslFailure("invalid-authzid", "Parley does not act on behalf of other principals");
        }
        try {
            accounts.authenticate(address, parts[2]);
        } catch (ParleyException e) {
            throw new SaslFailure("not-authorized", null);
        }
        return Step.success(address, null);
    }
}
