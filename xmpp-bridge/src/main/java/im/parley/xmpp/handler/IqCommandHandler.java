package im.parley.xmpp.handler;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.problem.ParleyException;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * XEP-0050 ad-hoc commands carrying XEP-0133 service administration: an administrator adds
 * and deletes accounts from an XMPP client. Each command has two steps: executing it returns
 * the form (status "executing"), submitting the form does the work (status "completed").
 * Nothing is kept between the steps; the form carries everything.
 */
public final class IqCommandHandler implements IqHandler {
    public static final String NAMESPACE = "http://jabber.org/protocol/commands";
    public static final String ADD_USER = "http://jabber.org/protocol/admin#add-user";
    public static final String DELETE_USER = "http://jabber.org/protocol/admin#delete-user";
    private static final String ADMIN_FORM = "http://jabber.org/protocol/admin";
    private static final String DATA = "jabber:x:data";

    private final AccountService accounts;
    private final String domain;

    public IqCommandHandler(AccountService accounts, String domain) {
        this.accounts = accounts;
        this.domain = domain;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    /** The commands this session may run, as disco#items of the commands node (XEP-0050 section 2.2). */
    public String items(XmppSession session) {
        if (!isAdmin(session)) {
            return "";
        }
        return item(ADD_USER, "Add a User") + item(DELETE_USER, "Delete a User");
    }

    public static boolean isCommand(String node) {
        return ADD_USER.equals(node) || DELETE_USER.equals(node);
    }

    @Override
    public void handle(XmppSession session, Element iq, Element command) {
        if (!"set".equals(iq.getAttribute("type"))) {
            throw new StanzaError("bad-request", "commands are executed with a set");
        }
        String node = Xml.attribute(command, "node");
        if (!isCommand(node)) {
            throw new StanzaError("item-not-found", "no command " + node);
        }
        if (!isAdmin(session)) {
            throw new StanzaError("forbidden", "only an administrator may run " + node);
        }
        String action = Xml.attribute(command, "action");
        String sessionId = Xml.attribute(command, "sessionid");
        String me = session.address().toString();
        if ("cancel".equals(action)) {
            session.send(Outbound.result(iq, me, commandElement(node, sessionId, "canceled", "")));
            return;
        }
        Element form = Xml.child(command, DATA, "x");
        if (sessionId == null || form == null) {
            // XEP-0050 section 3.3: the first execution starts the session and returns the form.
            String started = UUID.randomUUID().toString();
            session.send(Outbound.result(iq, me, commandElement(node, started, "executing",
                    "<actions execute='complete'><complete/></actions>" + form(node))));
            return;
        }
        String note = ADD_USER.equals(node) ? addUser(form) : deleteUsers(form);
        session.send(Outbound.result(iq, me, commandElement(node, sessionId, "completed",
                "<note type='info'>" + Xml.escape(note) + "</note>")));
    }

    private String addUser(Element form) {
        Address account = account(value(form, "accountjid"));
        String password = value(form, "password");
        String verify = value(form, "password-verify");
        if (password == null || password.isEmpty()) {
            throw new StanzaError("not-acceptable", "a password is required");
        }
        if (verify != null && !verify.equals(password)) {
            throw new StanzaError("not-acceptable", "the passwords differ");
        }
        try {
            accounts.create(account, password, false);
        } catch (ParleyException e) {
            throw StanzaError.of(e);
        }
        return "Added " + account;
    }

    private String deleteUsers(Element form) {
        List<Address> targets = new ArrayList<>();
        for (String jid : values(form, "accountjids")) {
            targets.add(account(jid));
        }
        if (targets.isEmpty()) {
            throw new StanzaError("not-acceptable", "name at least one account");
        }
        for (Address target : targets) {
            try {
                accounts.delete(target);
            } catch (ParleyException e) {
                throw StanzaError.of(e);
            }
        }
        return "Deleted " + targets.size() + " account(s)";
    }

    private Address account(String jid) {
        if (jid == null || jid.isBlank()) {
            throw new StanzaError("not-acceptable", "an account address is required");
        }
        Address address;
        try {
            address = Address.parse(jid).bare();
        } catch (ParleyException e) {
            throw new StanzaError("jid-malformed", e.getMessage());
        }
        if (!address.domainpart().equals(domain)) {
            throw new StanzaError("not-acceptable", "accounts live in " + domain);
        }
        return address;
    }

    private boolean isAdmin(XmppSession session) {
        return accounts.account(session.principal()).admin();
    }

    private static String form(String node) {
        StringBuilder form = new StringBuilder("<x xmlns='" + DATA + "' type='form'>")
                .append("<field type='hidden' var='FORM_TYPE'><value>" + ADMIN_FORM + "</value></field>");
        if (ADD_USER.equals(node)) {
            form.append("<title>Adding a User</title>")
                    .append("<field type='jid-single' var='accountjid' label='The address of the account to add'><required/></field>")
                    .append("<field type='text-private' var='password' label='The password for this account'><required/></field>")
                    .append("<field type='text-private' var='password-verify' label='Retype password'/>");
        } else {
            form.append("<title>Deleting a User</title>")
                    .append("<field type='jid-multi' var='accountjids' label='The accounts to delete'><required/></field>");
        }
        return form.append("</x>").toString();
    }

    private static String value(Element form, String var) {
        List<String> values = values(form, var);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> values(Element form, String var) {
        List<String> values = new ArrayList<>();
        for (Element field : Xml.children(form, DATA, "field")) {
            if (var.equals(field.getAttribute("var"))) {
                Xml.children(field, DATA, "value").forEach(v -> values.add(v.getTextContent().strip()));
            }
        }
        return values;
    }

    private static String commandElement(String node, String sessionId, String status, String content) {
        return "<command xmlns='" + NAMESPACE + "' node='" + Xml.escape(node) + "'"
                + (sessionId == null ? "" : " sessionid='" + Xml.escape(sessionId) + "'")
                + " status='" + status + "'>" + content + "</command>";
    }

    private String item(String node, String name) {
        return "<item jid='" + Xml.escape(domain) + "' node='" + node + "' name='" + name + "'/>";
    }
}
