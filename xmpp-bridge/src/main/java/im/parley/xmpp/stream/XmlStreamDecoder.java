package im.parley.xmpp.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an XMPP stream incrementally (Aalto's non-blocking parser, so an idle connection
 * holds no thread) and emits the stream header, each complete first-level element as a
 * DOM element, and the stream's end. Enforces RFC 6120 section 11.1: no DTD, no entity
 * references beyond the predefined ones, no comments, no processing instructions; and
 * the maximum size of one element.
 */
public class XmlStreamDecoder extends ByteToMessageDecoder {
    private static final AsyncXMLInputFactory FACTORY = new InputFactoryImpl();
    /**
     * Makes the empty document each stream's elements belong to. Taken once: a document
     * builder is a whole XML parser, and building one for each stream (three per sign-in)
     * cost more than the document itself.
     */
    private static final DOMImplementation DOCUMENTS = domImplementation();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    }

    private static final String CDATA = "<![CDATA[";

    private final int maxElementBytes;
    /** How many bytes of {@link #CDATA} the stream's last bytes matched (0 when none). */
    private int markerMatched;
    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private Document document;
    private Element current;
    private int depth;
    private long elementStartOffset;

    public XmlStreamDecoder(int maxElementBytes) {
        this.maxElementBytes = maxElementBytes;
        reset();
    }

    /** A new stream begins on the same connection (after STARTTLS or SASL, RFC 6120 4.3.3). */
    public final void reset() {
        reader = FACTORY.createAsyncForByteArray();
        markerMatched = 0;
        depth = 0;
        current = null;
        document = DOCUMENTS.createDocument(null, null, null);
    }

    private static DOMImplementation domImplementation() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try {
            return factory.newDocumentBuilder().getDOMImplementation();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("No DOM implementation", e);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        rejectDeclarations(bytes);
        try {
            reader.getInputFeeder().feedInput(bytes, 0, bytes.length);
            int event;
            while ((event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                handle(event, out);
            }
            if (depth >= 2 && reader.getLocationInfo().getEndingByteOffset() - elementStartOffset > maxElementBytes) {
                throw new StreamError("policy-violation", "a stanza is larger than " + maxElementBytes + " bytes");
            }
        } catch (XMLStreamException e) {
            throw new StreamError("not-well-formed", e.getMessage());
        }
    }

    /**
     * The parser cannot read a DTD's internal subset, so declarations (and comments) are
     * caught before it sees them: any {@code <!} that does not open a CDATA section is
     * restricted XML. How much of {@code <![CDATA[} the last bytes matched carries over to
     * the next chunk, for a marker split between chunks; the bytes are read in place, since
     * every byte a client sends passes here.
     */
    private void rejectDeclarations(byte[] bytes) {
        int matched = markerMatched;
        for (byte b : bytes) {
            if (matched < 2) {
                matched = b == '<' ? 1 : matched == 1 && b == '!' ? 2 : 0;
            } else if (b == CDATA.charAt(matched)) {
                matched = matched + 1 == CDATA.length() ? 0 : matched + 1;
            } else {
                throw new StreamError("restricted-xml", "DTDs, entity declarations and comments are not allowed");
            }
        }
        markerMatched = matched;
    }

    private void handle(int event, List<Object> out) throws XMLStreamException {
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> startElement(out);
            case XMLStreamConstants.END_ELEMENT -> endElement(out);
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                if (depth >= 2) {
                    current.appendChild(document.createTextNode(reader.getText()));
                } else if (depth == 1 && !reader.isWhiteSpace()) {
                    throw new StreamError("not-well-formed", "text between stanzas");
                }
                // Whitespace between stanzas is a keepalive (RFC 6120 section 4.6.1).
            }
            case XMLStreamConstants.DTD -> throw new StreamError("restricted-xml", "a DTD is not allowed");
            case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw new StreamError("restricted-xml", "entity references are not allowed");
            case XMLStreamConstants.COMMENT -> throw new StreamError("restricted-xml", "comments are not allowed");
            case XMLStreamConstants.PROCESSING_INSTRUCTION ->
                    throw new StreamError("restricted-xml", "processing instructions are not allowed");
            default -> {
                // START_DOCUMENT (the XML declaration) and END_DOCUMENT need nothing.
            }
        }
    }

    private void startElement(List<Object> out) {
        depth++;
        if (depth == 1) {
            Map<String, String> attributes = new HashMap<>();
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                String prefix = reader.getAttributePrefix(i);
                String name = reader.getAttributeLocalName(i);
                attributes.put(prefix == null || prefix.isEmpty() ? name : prefix + ":" + name, reader.getAttributeValue(i));
            }
            String defaultNamespace = reader.getNamespaceContext().getNamespaceURI("");
            out.add(new StreamEvent.StreamOpen(reader.getNamespaceURI(), reader.getLocalName(), defaultNamespace, attributes));
            return;
        }
        if (depth == 2) {
            elementStartOffset = reader.getLocationInfo().getStartingByteOffset();
        }
        String namespace = reader.getNamespaceURI();
        Element element = document.createElementNS(namespace == null || namespace.isEmpty() ? null : namespace,
                reader.getLocalName());
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attrNamespace = reader.getAttributeNamespace(i);
            if (attrNamespace == null || attrNamespace.isEmpty()) {
                element.setAttribute(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
            } else {
                element.setAttributeNS(attrNamespace, reader.getAttributePrefix(i) + ":" + reader.getAttributeLocalName(i),
                        reader.getAttributeValue(i));
            }
        }
        if (current != null) {
            current.appendChild(element);
        }
        current = element;
    }

    private void endElement(List<Object> out) {
        if (depth == 1) {
            depth = 0;
            out.add(new StreamEvent.StreamClose());
            return;
        }
        Element finished = current;
        current = finished.getParentNode() instanceof Element parent ? parent : null;
        depth--;
        if (depth == 1) {
            out.add(new StreamEvent.TopLevelElement(finished));
        }
    }
}
