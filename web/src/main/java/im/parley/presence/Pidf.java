package im.parley.presence;

import im.parley.problem.ParleyException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PRESENCE INFORMATION as a Presence Information Data Format document (RFC 3863), the form
 * SIP/SIMPLE systems exchange: one {@code <tuple>} per presence tuple.
 */
public final class Pidf {
    public static final String MEDIA_TYPE = "application/pidf+xml";
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:pidf";

    // RFC 3863 section 4.1.4: a tuple id is an xs:ID, so an NCName.
    private static final Pattern NC_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");

    private Pidf() {
    }

    /**
     * The document for a presentity's information. A tuple key that is not a valid xs:ID
     * (an XMPP resource may hold spaces) is written as "t" and the hex of its UTF-8 bytes.
     */
    public static String write(PresenceInformation information) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(NAMESPACE);
            xml.writeStartElement(NAMESPACE, "presence");
            xml.writeDefaultNamespace(NAMESPACE);
            // RFC 3863 section 4.1.1: the entity is the presentity's pres: URI (RFC 3859).
            xml.writeAttribute("entity", "pres:" + information.presentity());
            for (PresenceTupleData tuple : information.tuples()) {
                xml.writeStartElement(NAMESPACE, "tuple");
                xml.writeAttribute("id", tupleId(tuple.tupleKey()));
                xml.writeStartElement(NAMESPACE, "status");
                text(xml, "basic", tuple.status().name().toLowerCase(Locale.ROOT));
                xml.writeEndElement();
                if (tuple.contact() != null) {
                    text(xml, "contact", tuple.contact());
                }
                if (tuple.note() != null) {
                    text(xml, "note", tuple.note());
                }
                if (tuple.timestamp() != null) {
                    text(xml, "timestamp", tuple.timestamp().toString());
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Cannot write PIDF", e);
        }
        return out.toString();
    }

    static String tupleId(String key) {
        return NC_NAME.matcher(key).matches() ? key
                : "t" + HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The tuples of a published document, each keyed by its id. Only what the model holds
     * is read: basic status, contact, the first note. A DTD is refused, as in XMPP.
     */
    public static List<PresenceTupleData> read(String document) {
        Element presence = parse(document).getDocumentElement();
        if (!NAMESPACE.equals(presence.getNamespaceURI()) || !"presence".equals(presence.getLocalName())) {
            throw ParleyException.invalid("Not a PIDF document: the root must be {" + NAMESPACE + "}presence");
        }
        List<PresenceTupleData> tuples = new ArrayList<>();
        for (Element tuple : children(presence, "tuple")) {
            String id = tuple.getAttribute("id");
            Element status = children(tuple, "status").stream().findFirst()
                    .orElseThrow(() -> ParleyException.invalid("Tuple '" + id + "' has no status"));
            String basic = children(status, "basic").stream().findFirst().map(Node::getTextContent)
                    .map(String::strip).orElse("");
            BasicStatus basicStatus = switch (basic) {
                case "open" -> BasicStatus.OPEN;
                case "closed" -> BasicStatus.CLOSED;
                default -> throw ParleyException.invalid("Tuple '" + id + "' has basic status '" + basic
                        + "'; PIDF allows open or closed");
            };
            String contact = children(tuple, "contact").stream().findFirst()
                    .map(Node::getTextContent).map(String::strip).orElse(null);
            String note = children(tuple, "note").stream().findFirst().map(Node::getTextContent).orElse(null);
            tuples.add(new PresenceTupleData(id, basicStatus, null, note, contact, null, 0, null));
        }
        return tuples;
    }

    private static Document parse(String document) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(document)));
        } catch (SAXException | IOException e) {
            throw ParleyException.invalid("The PIDF document is not well-formed XML (or has a DTD): " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("No secure XML parser", e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && NAMESPACE.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static void text(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }
}
