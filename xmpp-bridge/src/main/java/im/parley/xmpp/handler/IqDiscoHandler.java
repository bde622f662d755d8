package im.parley.xmpp.handler;

import im.parley.account.Address;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.util.List;

/**
 * XEP-0030 service discovery of the server and of accounts: lists exactly the features
 * this server implements.
 */
public final class IqDiscoHandler implements IqHandler {
    private final List<String> serverFeatures;

    public IqDiscoHandler(boolean registration) {
        List<String> features = new java.util.ArrayList<>(List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS,
                Namespaces.PING, Namespaces.ROSTER, IqBlockingHandler.NAMESPACE, Outbound.CARBONS, IqVCardHandler.NAMESPACE,
                IqLastActivityHandler.NAMESPACE, IqCommandHandler.NAMESPACE));
        if (registration) {
            features.add(Namespaces.REGISTER);
        }
        serverFeatures = List.copyOf(features);
    }

    @Override
    public String namespace() {
        return Namespaces.DISCO_INFO;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element payload) {
        if (!"get".equals(iq.getAttribute("type"))) {
            throw new StanzaError("bad-request", "disco#info is a get");
        }
        String node = Xml.attribute(payload, "node");
        String to = Xml.attribute(iq, "to");
        if (node != null) {
            boolean toServer = to == null || to.indexOf('@') < 0;
            if (!toServer || !IqCommandHandler.isCommand(node) && !IqCommandHandler.NAMESPACE.equals(node)) {
                throw new StanzaError("item-not-found", "no such node");
            }
            // XEP-0050 section 2.3: a command node is an automation command-node.
            String identity = IqCommandHandler.NAMESPACE.equals(node)
                    ? "<identity category='automation' type='command-list'/>"
                    : "<identity category='automation' type='command-node'/><feature var='jabber:x:data'/>";
            session.send(Outbound.result(iq, session.address().toString(), "<query xmlns='" + Namespaces.DISCO_INFO
                    + "' node='" + Xml.escape(node) + "'>" + identity + "<feature var='" + IqCommandHandler.NAMESPACE
                    + "'/></query>"));
            return;
        }
        StringBuilder query = new StringBuilder("<query xmlns='").append(Namespaces.DISCO_INFO).append("'>");
        if (to == null || to.indexOf('@') < 0) {
            query.append("<identity category='server' type='im' name='Parley'/>");
            serverFeatures.forEach(f -> query.append("<feature var='").append(f).append("'/>"));
        } else {
            // XEP-0030 section 3.1 and XEP-0115: an account answers for itself as registered.
            query.append("<identity category='account' type='registered'/>")
                    .append("<feature var='").append(Namespaces.DISCO_INFO).append("'/>");
            // XEP-0313 section 6.1: an account's archive is announced on its bare address.
            if (Address.parse(to).bare().equals(session.principal())) {
                query.append("<feature var='").append(IqMamHandler.NAMESPACE).append("'/>");
            }
        }
        query.append("</query>");
        session.send(Outbound.result(iq, session.address().toString(), query.toString()));
    }

    /** The items of the server: no services; the commands node lists what the session may run. */
    public static final class Items implements IqHandler {
        private final IqCommandHandler commands;

        public Items(IqCommandHandler commands) {
            this.commands = commands;
        }

        @Override
        public String namespace() {
            return Namespaces.DISCO_ITEMS;
        }

        @Override
        public void handle(XmppSession session, Element iq, Element payload) {
            String node = Xml.attribute(payload, "node");
            String me = session.address().toString();
            if (node == null) {
                session.send(Outbound.result(iq, me, "<query xmlns='" + Namespaces.DISCO_ITEMS + "'/>"));
            } else if (IqCommandHandler.NAMESPACE.equals(node)) {
                session.send(Outbound.result(iq, me, "<query xmlns='" + Namespaces.DISCO_ITEMS + "' node='"
                        + IqCommandHandler.NAMESPACE + "'>" + commands.items(session) + "</query>"));
            } else {
                throw new StanzaError("item-not-found", "no such node");
            }
        }
    }
}
