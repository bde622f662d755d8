/**
 * The XMPP wire (RFC 6120, RFC 6121): listener, stream negotiation, one handler per
 * protocol concern, mapping stanzas onto the services and notifications onto stanzas.
 * It plugs into the services through {@link im.parley.session.SessionEndpoint}.
 * Not built yet: this module is the place for it (issue 3).
 */
package im.parley.xmpp;
