package im.parley.xmpp.sasl;

import im.parley.account.Address;

/**
 * The server side of one SASL exchange. Each step takes the client's data and returns
 * either a challenge or, when done, the authenticated address.
 */
public interface SaslMechanism {

    /** The result of one step. */
    record Step(byte[] challenge, Address authenticated, byte[] additionalData) {
        static Step challenge(byte[] data) {
            return new Step(data, null, null);
        }

        static Step success(Address address, byte[] additionalData) {
            return new Step(null, address, additionalData);
        }

        public boolean done() {
            return authenticated != null;
        }
    }

    Step step(byte[] response) throws SaslFailure;
}
