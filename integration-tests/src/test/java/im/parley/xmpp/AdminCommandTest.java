package im.parley.xmpp;

import im.parley.testsupport.HttpApi;
import im.parley.testsupport.ParleyApplication;
import im.parley.testsupport.XmppClients;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0133 service administration over XEP-0050 ad-hoc commands, from a Smack client. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminCommandTest {
    private static final String ADD_USER = "http://jabber.org/protocol/admin#add-user";
    private static final String DELETE_USER = "http://jabber.org/protocol/admin#delete-user";

    @Deployment(testable = false)
    static EnterpriseArchive parley() {
        return ParleyApplication.asBuilt();
    }

    @Test
    void anAdministratorSeesTheAdminCommands() throws Exception {
        XMPPTCPConnection admin = admin();
        try {
            var items = AdHocCommandManager.getInstance(admin).discoverCommands(JidCreate.domainBareFrom(XmppClients.DOMAIN));
            List<String> nodes = items.getItems().stream().map(item -> item.getNode()).toList();
            assertTrue(nodes.containsAll(List.of(ADD_USER, DELETE_USER)), nodes::toString);
        } finally {
            admin.disconnect();
        }
    }

    @Test
    void anAdministratorAddsAnAccountThatThenSignsIn() throws Exception {
        String local = "frank-" + UUID.randomUUID().toString().substring(0, 8);
        XMPPTCPConnection admin = admin();
        try {
            AdHocCommand command = command(admin, ADD_USER);
            FillableForm form = command.execute().asExecutingOrThrow().getFillableForm();
            form.setAnswer("accountjid", JidCreate.entityBareFrom(local + "@" + XmppClients.DOMAIN));
            form.setAnswer("password", "frank's secret");
            form.setAnswer("password-verify", "frank's secret");

            assertTrue(command.complete(form.getSubmitForm()).isCompleted());
        } finally {
            admin.disconnect();
        }
        XMPPTCPConnection frank = new XMPPTCPConnection(XmppClients.configuration().build());
        try {
            frank.connect().login(local, "frank's secret", Resourcepart.from("gajim"));
            assertTrue(frank.isAuthenticated());
        } finally {
            frank.disconnect();
        }
    }

    @Test
    void anAdministratorDeletesAnAccount() throws Exception {
        XMPPTCPConnection grace = XmppClients.newUser("grace", "phone");
        String address = grace.getUser().asBareJid().toString();
        String local = grace.getUser().getLocalpart().toString();
        grace.disconnect();
        XMPPTCPConnection admin = admin();
        try {
            AdHocCommand command = command(admin, DELETE_USER);
            FillableForm form = command.execute().asExecutingOrThrow().getFillableForm();
            form.setAnswer("accountjids", List.of(address));

            assertTrue(command.complete(form.getSubmitForm()).isCompleted());
        } finally {
            admin.disconnect();
        }
        XMPPTCPConnection again = new XMPPTCPConnection(XmppClients.configuration().build());
        try {
            again.connect();
            assertThrows(SASLErrorException.class, () -> again.login(local, XmppClients.PASSWORD));
        } finally {
            again.disconnect();
        }
    }

    @Test
    void anAccountThatIsNotAnAdministratorMayNotRunThem() throws Exception {
        XMPPTCPConnection mallory = XmppClients.newUser("mallory", "laptop");
        try {
            var items = AdHocCommandManager.getInstance(mallory).discoverCommands(JidCreate.domainBareFrom(XmppClients.DOMAIN));
            assertEquals(0, items.getItems().size());

            XMPPException.XMPPErrorException refused = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> command(mallory, ADD_USER).execute());
            assertEquals(StanzaError.Condition.forbidden, refused.getStanzaError().getCondition());
        } finally {
            mallory.disconnect();
        }
    }

    private static AdHocCommand command(XMPPTCPConnection connection, String node) throws Exception {
        return AdHocCommandManager.getInstance(connection).getRemoteCommand(JidCreate.domainBareFrom(XmppClients.DOMAIN), node);
    }

    private static XMPPTCPConnection admin() throws Exception {
        XMPPTCPConnection admin = new XMPPTCPConnection(XmppClients.configuration().build());
        admin.setReplyTimeout(20_000);
        String local = HttpApi.ADMIN.substring(0, HttpApi.ADMIN.indexOf('@'));
        try {
            // A resource of its own each time: Parley refuses a resource still in use (RFC 6120 7.7.2.2).
            admin.connect().login(local, HttpApi.ADMIN_PASSWORD,
                    Resourcepart.from("console-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (SmackException | XMPPException e) {
            admin.disconnect();
            throw e;
        }
        return admin;
    }
}
