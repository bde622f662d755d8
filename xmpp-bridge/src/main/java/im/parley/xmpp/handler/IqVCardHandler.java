package im.parley.xmpp.handler;

import im.parley.account.AccountService;
import im.parley.account.Address;
import im.parley.problem.ParleyException;
import im.parley.problem.Problem;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

/**
 * XEP-0054 vCards, kept as the account's profile: anyone may read an account's vCard
 * (it is public, section 3.1); only the account itself may set it (section 3.2).
 */
public final class IqVCardHandler implements IqHandler {
    public static final String NAMESPACE = "vcard-temp";

    private final AccountService accounts;

    public IqVCardHandler(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element vcard) {
        String to = Xml.attribute(iq, "to");
        Address owner = to == null ? session.principal() : Address.parse(to).bare();
        try {
            if ("get".equals(iq.getAttribute("type"))) {
                String card = accounts.profile(owner).orElse("<vCard xmlns='" + NAMESPACE + "'/>");
                session.send(Outbound.result(iq, session.address().toString(), card));
                return;
            }
            if (!owner.equals(session.principal())) {
                throw new StanzaError("forbidden", "only the account itself sets its vCard");
            }
            accounts.setProfile(owner, Xml.serialize(vcard, null));
        } catch (ParleyException e) {
            throw e.problem() == Problem.NOT_FOUND
                    ? new StanzaError("service-unavailable", null) : StanzaError.of(e);
        }
        session.send(Outbound.result(iq, session.address().toString(), null));
    }
}
