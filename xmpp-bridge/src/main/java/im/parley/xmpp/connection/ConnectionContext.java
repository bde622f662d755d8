package im.parley.xmpp.connection;

import im.parley.xmpp.handler.IqRegisterHandler;
import im.parley.xmpp.roster.RosterPushes;
import im.parley.xmpp.stanza.StanzaDispatcher;
import io.netty.handler.ssl.SslContext;

/**
 * What every connection shares: the domain, the TLS identity, the services, the stanza
 * dispatcher, roster pushes, and in-band registration when it is enabled (else null).
 */
public record ConnectionContext(String domain, SslContext tls, Services services, StanzaDispatcher dispatcher,
                                RosterPushes pushes, IqRegisterHandler registration, SignInLimiter signIns,
                                ResumableSessions resumable) {
}
