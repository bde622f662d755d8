package im.parley.xmpp.handler;

import im.parley.account.Address;
import im.parley.problem.ParleyException;
import im.parley.rules.AccessAction;
import im.parley.rules.AccessRuleData;
import im.parley.rules.RuleScope;
import im.parley.rules.RulesService;
import im.parley.xmpp.connection.XmppSession;
import im.parley.xmpp.session.LocalXmppSessions;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Xml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * XEP-0191 blocking command over the model's ACCESS RULES: a blocked address (or domain) is
 * a POLITE_BLOCK rule of the user's presentity, so it sees the user as offline and can send
 * nothing. Changes are pushed to the user's other resources (XEP-0191 sections 3.3 and 3.4).
 */
public final class IqBlockingHandler implements IqHandler {
    public static final String NAMESPACE = "urn:xmpp:blocking";

    private final RulesService rules;
    private final LocalXmppSessions sessions;
    private final AtomicLong pushIds = new AtomicLong();

    public IqBlockingHandler(RulesService rules, LocalXmppSessions sessions) {
        this.rules = rules;
        this.sessions = sessions;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public void handle(XmppSession session, Element iq, Element payload) {
        Address me = session.principal();
        String type = iq.getAttribute("type");
        String action = payload.getLocalName();
        if ("get".equals(type) && "blocklist".equals(action)) {
            StringBuilder list = new StringBuilder("<blocklist xmlns='" + NAMESPACE + "'>");
            blocked(me).forEach(jid -> list.append("<item jid='").append(Xml.escape(jid)).append("'/>"));
            session.send(Outbound.result(iq, session.address().toString(), list.append("</blocklist>").toString()));
            return;
        }
        if (!"set".equals(type) || !("block".equals(action) || "unblock".equals(action))) {
            throw new StanzaError("bad-request", "expected blocklist get, block or unblock set");
        }
        List<String> jids = new ArrayList<>();
        for (Element item : Xml.children(payload, NAMESPACE, "item")) {
            jids.add(Xml.attribute(item, "jid"));
        }
        if (jids.contains(null) || "block".equals(action) && jids.isEmpty()) {
            throw new StanzaError("bad-request", "every item needs a jid, and a block at least one item");
        }
        try {
            if ("block".equals(action)) {
                for (String jid : jids) {
                    rules.setAccessRule(me, me, rule(jid, AccessAction.POLITE_BLOCK));
                }
            } else {
                // XEP-0191 section 3.4: an unblock without items unblocks everyone.
                for (String jid : jids.isEmpty() ? blocked(me) : jids) {
                    AccessRuleData key = rule(jid, AccessAction.POLITE_BLOCK);
                    if (isBlocked(me, key)) {
                        rules.removeAccessRule(me, me, key.scope(), key.pattern());
                    }
                }
            }
        } catch (ParleyException e) {
            throw new StanzaError("jid-malformed", e.getMessage());
        }
        session.send(Outbound.result(iq, session.address().toString(), null));
        String push = Xml.serialize(payload, null);
        for (XmppSession resource : sessions.of(me)) {
            resource.send("<iq type='set' id='block" + pushIds.incrementAndGet() + "' to='"
                    + Xml.escape(resource.address().toString()) + "'>" + push + "</iq>");
        }
    }

    /** A full or bare address blocks that account; a bare domain blocks the domain. */
    private static AccessRuleData rule(String jid, AccessAction action) {
        Address address = Address.parse(jid);
        return address.localpart().isPresent()
                ? new AccessRuleData(RuleScope.ADDRESS, address.bare().toString(), action)
                : new AccessRuleData(RuleScope.DOMAIN, address.domainpart(), action);
    }

    private List<String> blocked(Address me) {
        return rules.accessRules(me, me).stream()
                .filter(rule -> rule.action() == AccessAction.POLITE_BLOCK && rule.scope() != RuleScope.GROUP)
                .map(AccessRuleData::pattern)
                .sorted()
                .toList();
    }

    private boolean isBlocked(Address me, AccessRuleData key) {
        return rules.accessRules(me, me).stream().anyMatch(rule -> rule.action() == AccessAction.POLITE_BLOCK
                && rule.scope() == key.scope() && rule.pattern().equals(key.pattern()));
    }
}
