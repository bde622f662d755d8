package im.parley.xmpp.handler;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

/**
 * XEP-0077 in-band registration, when enabled: before authentication it creates accounts;
 * afterwards it changes the password or cancels the account.
 */
public final class IqRegisterHandler implements IqHandler {
    private final AccountService accounts;
    private final String domain;

    public IqRegisterHandler(AccountService accounts, String domain) {
        this.accounts = accounts;
        this.domain = domain;
    }

    @Override
    public String namespace() {
        return Namespaces.REGISTER;
    }

    /** The registration form (XEP-0077 section 3.1). */
    public static String form(boolean registered, String username) {
        return "<query xmlns='" + Namespaces.REGISTER + "'>"
                + (registered ? "<registered/><username>" + Xml.escape(username) + "</username>"
                : "<instructions>Choose a username and password.</instructions><username/>")
                + "<password/></query>";
    }

    /** Registration before authentication: answers the get with the form, the set by creating the account. */
    public String register(Element iq, Element query) {
        String id = Xml.escape(iq.getAttribute("id"));
        if ("get".equals(iq.getAttribute("type"))) {
            return "<iq type='result' id='" + id + "'>" + form(false, null) + "</iq>";
        }
        if (Xml.child(query, Namespaces.REGISTER, "remove") != null) {
            throw new StanzaError("not-allowed", "sign in to cancel an account");
        }
        String username = Xml.childText(query, Namespaces.REGISTER, "username");
        String password = Xml.childText(query, Namespaces.REGISTER, "password");
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            throw new StanzaError("not-acceptable", "username and password are required");
        }
        try {
            accounts.create(Address.of(username, domain, null), password, false);
        } catch (ParleyException e) {
            // XEP-0077 section 3.1: a taken username is a conflict, a bad one not-acceptable.
            throw e.problem() == Problem.CONFLICT ? StanzaError.of(e) : new StanzaError("not-acceptable", e.getMessage());
        }
        return "<iq type='result' id='" + id + "'/>";
    }

    @Override
    public void handle(XmppSession session, Element iq, Element query) {
        if ("get".equals(iq.getAttribute("type"))) {
            session.send(Outbound.result(iq, session.address().toString(),
                    form(true, session.principal().localpart().orElse(""))));
            return;
        }
        if (Xml.child(query, Namespaces.REGISTER, "remove") != null) {
            // XEP-0077 section 3.2: the account is gone, and so is the stream that used it.
            accounts.delete(session.principal());
            session.send(Outbound.result(iq, session.address().toString(), null));
            session.close();
            return;
        }
        String password = Xml.childText(query, Namespaces.REGISTER, "password");
        if (password == null || password.isEmpty()) {
            throw new StanzaError("not-acceptable", "a new password is required");
        }
        try {
            accounts.changePassword(session.principal(), password);
        } catch (ParleyException e) {
            throw new StanzaError("not-acceptable", e.getMessage());
        }
        session.send(Outbound.result(iq, session.address().toString(), null));
    }
}
