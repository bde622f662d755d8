package im.parley.xmpp.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Restricted XML (RFC 6120 section 11.1) however a client's bytes are split between reads. */
class XmlStreamDecoderTest {
    private static final String OPEN = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

    private final EmbeddedChannel channel = new EmbeddedChannel(new XmlStreamDecoder(65_536));

    @Test
    void aDeclarationSplitBetweenTwoReadsIsRestrictedXml() {
        read(OPEN + "<");

        DecoderException refused = assertThrows(DecoderException.class, () -> read("!ENTITY lol 'lol'>"));

        assertEquals("restricted-xml", assertInstanceOf(StreamError.class, refused.getCause()).condition());
    }

    @Test
    void aCommentIsRestrictedXml() {
        DecoderException refused = assertThrows(DecoderException.class, () -> read(OPEN + "<!-- hi -->"));

        assertEquals("restricted-xml", assertInstanceOf(StreamError.class, refused.getCause()).condition());
    }

    @Test
    void aCdataSectionSplitBetweenReadsIsText() {
        read(OPEN + "<message><body><![CD");
        read("ATA[a<b]]></body></message>");

        channel.readInbound(); // the stream header
        StreamEvent.TopLevelElement message = channel.readInbound();
        assertEquals("a<b", message.element().getTextContent());
    }

    private void read(String text) {
        channel.writeInbound(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
    }
}
