package im.parley.xmpp.connection;

import im.parley.account.AccountService;
import im.parley.messaging.MessageService;
import im.parley.presence.PresenceService;
import im.parley.roster.RosterService;
import im.parley.rules.RulesService;
import im.parley.session.SessionRegistry;

/** The services a connection translates stanzas into calls of. */
public record Services(AccountService accounts, PresenceService presence, MessageService messages,
                       RosterService roster, RulesService rules, SessionRegistry sessions) {
}
