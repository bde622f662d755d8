package im.parley.xmpp.stanza;

import im.parley.problem.ParleyException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StanzaErrorTest {

    @Test
    void aNodeNotReadyYetAsksTheClientToTryAgainLater() {
        StanzaError error = StanzaError.of(ParleyException.notReady("still starting"));

        // RFC 6120 section 8.3.3.18: resource-constraint, of type wait.
        assertEquals("resource-constraint", error.condition());
        assertEquals("wait", StanzaError.typeOf(error.condition()));
    }

    @Test
    void anInternalServerErrorIsNotWorthRetrying() {
        // RFC 6120 section 8.3.3.6: the associated type is cancel.
        assertEquals("cancel", StanzaError.typeOf("internal-server-error"));
    }
}
