package im.parley.xmpp.connection;

import im.parley.account.Address;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class XmppSessionTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final XmppSession session = new XmppSession(channel, Address.parse("bob@parley.test/phone"));

    XmppSessionTest() {
        session.enableStreamManagement("stream-1", false);
    }

    private List<String> written() {
        List<String> out = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            out.add((String) message);
        }
        return out;
    }

    @Test
    void aMessageTheSessionWasGivenAndHasNotConfirmedIsNotSentAgain() {
        session.send("<message id='m1'/>", "m1");
        session.send("<message id='m1'/>", "m1");

        assertEquals(List.of("<message id='m1'/>", "<r xmlns='urn:xmpp:sm:3'/>"), written());
        assertEquals(List.of("m1"), session.unacknowledgedMessages());
    }

    @Test
    void aMessageTheClientJustConfirmedIsNotSentAgain() {
        session.send("<message id='m1'/>", "m1");
        assertEquals(List.of("m1"), session.acknowledge(1));
        written();

        session.send("<message id='m1'/>", "m1");

        assertEquals(List.of(), written());
        assertEquals(List.of(), session.unacknowledgedMessages());
    }

    @Test
    void stanzasWithoutAMessageAreAlwaysSent() {
        session.send("<presence/>");
        session.send("<presence/>");

        assertEquals(2, written().stream().filter("<presence/>"::equals).count());
    }
}
