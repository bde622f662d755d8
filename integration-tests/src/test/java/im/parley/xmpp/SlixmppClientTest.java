package im.parley.xmpp;

import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.XmppClients;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that is not Smack: Debian's slixmpp (Python) talks to a Smack user through Parley. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlixmppClientTest {

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void aSlixmppClientSubscribesSeesPresenceAndChatsWithASmackClient() throws Exception {
        XMPPTCPConnection alice = XmppClients.newUser("alice", "laptop");
        Roster.getInstanceFor(alice).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        alice.addAsyncStanzaListener(stanza -> alice.sendStanza(StanzaBuilder.buildMessage()
                .to(stanza.getFrom()).ofType(Message.Type.chat)
                .setBody("pong: " + ((Message) stanza).getBody()).build()),
                s -> s instanceof Message m && m.getBody() != null);
        alice.sendStanza(StanzaBuilder.buildPresence().build());
        XMPPTCPConnection registration = XmppClients.newUser("bob", "setup");
        String bob = registration.getUser().asBareJid().toString();
        registration.disconnect();

        Process python = new ProcessBuilder("/usr/bin/python3",
                new File(System.getProperty("parley.test.python"), "slixmpp_client.py").getPath(),
                "127.0.0.1", String.valueOf(XmppClients.port()), bob, XmppClients.PASSWORD,
                alice.getUser().asBareJid().toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(python.waitFor(90, TimeUnit.SECONDS), "slixmpp did not finish");
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        alice.disconnect();

        assertEquals(0, python.exitValue(), output);
        assertTrue(output.contains("PRESENCE " + alice.getUser()), output);
        assertTrue(output.contains("MESSAGE pong: ping from slixmpp"), output);
    }
}
