package im.parley.xmpp.stream;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Stanzas crossing between client and server streams (RFC 6120 section 4.8.3). */
class XmlTest {

    @Test
    void theFiveSpecialCharactersAreEscapedWhereverTheyStand() {
        assertEquals("&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos;", Xml.escape("<b> & \"q\" 'a'"));
        assertEquals("tom &amp; jerry", Xml.escape("tom & jerry"));
        assertEquals("x&lt;", Xml.escape("x<"));
    }

    @Test
    void textWithoutSpecialCharactersIsWrittenAsItIs() {
        String plain = "juliet@example.com/balcony";

        assertSame(plain, Xml.escape(plain));
    }

    @Test
    void textEscapedIntoAStanzaBeingWrittenFollowsWhatIsThere() {
        StringBuilder stanza = new StringBuilder("<body>");

        Xml.escape("a<b", stanza).append("</body>");

        assertEquals("<body>a&lt;b</body>", stanza.toString());
    }

    @Test
    void aClientStanzaWrittenForAServerStreamTakesTheServerNamespaceAndKeepsItsExtensions() throws Exception {
        Element message = parse("<message xmlns='jabber:client' to='bob@peer.test' type='chat'>"
                + "<body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");

        assertEquals("<message to='bob@peer.test' type='chat'><body>hi</body>"
                        + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>",
                Xml.serializeFor(message, Namespaces.SERVER));
    }

    @Test
    void aServerStanzaMovedIntoTheClientNamespaceReadsAsAClientStanza() throws Exception {
        Element message = parse("<message xmlns='jabber:server' from='bob@peer.test'><body>hi</body>"
                + "<x xmlns='jabber:x:oob'><url>https://peer.test/a</url></x></message>");

        Element moved = Xml.moveNamespace(message, Namespaces.SERVER, Namespaces.CLIENT);

        assertEquals(Namespaces.CLIENT, moved.getNamespaceURI());
        assertEquals("hi", Xml.childText(moved, Namespaces.CLIENT, "body"));
        assertEquals("<message from='bob@peer.test'><body>hi</body><x xmlns='jabber:x:oob'>"
                + "<url>https://peer.test/a</url></x></message>", Xml.serialize(moved, Namespaces.CLIENT));
    }

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    }
}
