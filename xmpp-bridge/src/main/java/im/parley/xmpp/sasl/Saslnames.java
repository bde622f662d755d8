package im.parley.xmpp.sasl;

import im.parley.account.Address;
import im.parley.problem.ParleyException;

/** Turning SASL authentication identities (a localpart, or a bare address) into accounts. */
final class Saslnames {

    private Saslnames() {
    }

    static Address account(String authcid, String domain) throws SaslFailure {
        try {
            return authcid.contains("@") ? Address.parse(authcid).bare() : Address.of(authcid, domain, null);
        } catch (ParleyException e) {
            throw new SaslFailure("not-authorized", null);
        }
    }

    static boolean sameAccount(String authzid, Address account, String domain) {
        try {
            return account(authzid, domain).equals(account);
        } catch (SaslFailure e) {
            return false;
        }
    }
}
