package im.parley.xmpp.sasl;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.account.ScramCredential;
import im.parley.account.ScramMechanism;
import im.parley.problem.ParleyException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of SCRAM (RFC 5802; SCRAM-SHA-256 is RFC 7677) over the keys Parley
 * stores: the client proves it knows the password, the server proves it knows ServerKey.
 * Channel binding (the -PLUS variants) is not offered, so a client that asks for it fails.
 */
public final class ScramMechanismServer implements SaslMechanism {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScramMechanism mechanism;
    private final AccountService accounts;
    private final String domain;

    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private ScramCredential credential;
    private Address account;

    public ScramMechanismServer(ScramMechanism mechanism, AccountService accounts, String domain) {
        this.mechanism = mechanism;
        this.accounts = accounts;
        this.domain = domain;
    }

    @Override
    public Step step(byte[] response) throws SaslFailure {
        String message = new String(response, StandardCharsets.UTF_8);
        return serverFirst == null ? first(message) : last(message);
    }

    private Step first(String clientFirst) throws SaslFailure {
        // gs2-header: "n,," or "y,," (no channel binding); "p=" asks for binding we do not offer.
        if (!(clientFirst.startsWith("n,") || clientFirst.startsWith("y,"))) {
            throw new SaslFailure("malformed-request", "channel binding is not supported");
        }
        int headerEnd = clientFirst.indexOf(',', 2);
        if (headerEnd < 0) {
            throw new SaslFailure("malformed-request", "no GS2 header");
        }
        String authzid = clientFirst.substring(2, headerEnd);
        clientFirstBare = clientFirst.substring(headerEnd + 1);
        String username = attribute(clientFirstBare, 'n');
        String clientNonce = attribute(clientFirstBare, 'r');
        account = Saslnames.account(username.replace("=2C", ",").replace("=3D", "="), domain);
        if (!authzid.isEmpty() && !Saslnames.sameAccount(authzid.substring(2), account, domain)) {
            throw new SaslFailure("invalid-authzid", "Parley does not act on behalf of other principals");
        }
        try {
            credential = accounts.credential(account, mechanism);
        } catch (ParleyException e) {
            // An unknown account gets a made-up salt and fails at the proof, like a wrong password.
            credential = null;
        }
        byte[] serverNonce = new byte[18];
        RANDOM.nextBytes(serverNonce);
        nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
        byte[] salt = credential == null ? fakeSalt(account) : credential.salt();
        int iterations = credential == null ? ScramCredential.ITERATIONS : credential.iterations();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        return Step.challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private Step last(String clientFinal) throws SaslFailure {
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new SaslFailure("malformed-request", "no proof");
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        if (!nonce.equals(attribute(withoutProof, 'r'))) {
            throw new SaslFailure("not-authorized", "nonce mismatch");
        }
        if (credential == null) {
            throw new SaslFailure("not-authorized", null);
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("incorrect-encoding", "the proof is not base64");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] storedKey = credential.storedKey();
        byte[] clientSignature = hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            throw new SaslFailure("not-authorized", null);
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(digest(clientKey), storedKey)) {
            throw new SaslFailure("not-authorized", null);
        }
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(hmac(credential.serverKey(), authMessage));
        return Step.success(account, serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    private static String attribute(String message, char name) throws SaslFailure {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw new SaslFailure("malformed-request", "missing attribute " + name);
    }

    private byte[] fakeSalt(Address address) {
        return digest(("parley-unknown-" + address).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hmac(byte[] key, String text) {
        return ScramCredential.hmac(mechanism, key, text);
    }

    private byte[] digest(byte[] data) {
        return ScramCredential.digest(mechanism, data);
    }
}
