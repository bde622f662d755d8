package im.parley.xmpp.stream;

/** The XML namespaces of the protocols the bridge speaks. */
public final class Namespaces {
    public static final String STREAM = "http://etherx.jabber.org/streams";
    public static final String CLIENT = "jabber:client";
    /** The content namespace of server-to-server streams (RFC 6120 section 4.8.3). */
    public static final String SERVER = "jabber:server";
    /** Server dialback (XEP-0220): its elements, and its stream feature. */
    public static final String DIALBACK = "jabber:server:dialback";
    public static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    public static final String ROSTER = "jabber:iq:roster";
    public static final String REGISTER = "jabber:iq:register";
    public static final String REGISTER_FEATURE = "http://jabber.org/features/iq-register";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String PING = "urn:xmpp:ping";
    /** XEP-0198 stream management, version 3. */
    public static final String SM = "urn:xmpp:sm:3";
    public static final String XML = "http://www.w3.org/XML/1998/namespace";
    public static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private Namespaces() {
    }
}
