package im.parley.xmpp.stream;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Writing XML text: escaping, and serialising received elements back to text. */
public final class Xml {

    private Xml() {
    }

    public static String escape(String text) {
        int first = firstToEscape(text);
        if (first < 0) {
            return text; // most text needs no escaping: no copy for it
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        out.append(text, 0, first);
        escapeFrom(text, first, out);
        return out.toString();
    }

    /** Appends the text, escaped, to {@code out}: what a stanza being written needs, without a string between. */
    public static StringBuilder escape(String text, StringBuilder out) {
        int first = firstToEscape(text);
        if (first < 0) {
            return out.append(text);
        }
        out.append(text, 0, first);
        escapeFrom(text, first, out);
        return out;
    }

    private static int firstToEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '&', '<', '>', '"', '\'' -> {
                    return i;
                }
                default -> {
                }
            }
        }
        return -1;
    }

    private static void escapeFrom(String text, int from, StringBuilder out) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
    }

    /** The element's children with the given local name and namespace. */
    public static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())
                    && Objects.equals(namespace, e.getNamespaceURI())) {
                found.add(e);
            }
        }
        return found;
    }

    public static Element child(Element parent, String namespace, String localName) {
        List<Element> found = children(parent, namespace, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The first child element, whatever its name: the payload of an IQ. */
    public static Element firstChild(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    public static String childText(Element parent, String namespace, String localName) {
        Element child = child(parent, namespace, localName);
        return child == null ? null : child.getTextContent();
    }

    /** An attribute's value, or null when absent (DOM says "" for absent). */
    public static String attribute(Element element, String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }

    /** The element as XML text, its namespace declared where it differs from {@code inherited}. */
    public static String serialize(Element element, String inherited) {
        StringBuilder out = new StringBuilder();
        write(element, inherited, out);
        return out.toString();
    }

    /**
     * A stanza as XML text for a stream of another content namespace (RFC 6120 section
     * 4.8.3: {@code jabber:client} on client streams, {@code jabber:server} between servers):
     * the stanza and its children of its own namespace are written in the stream's, which
     * they inherit.
     */
    public static String serializeFor(Element stanza, String streamNamespace) {
        StringBuilder out = new StringBuilder();
        write(stanza, streamNamespace, stanza.getNamespaceURI(), streamNamespace, out);
        return out.toString();
    }

    /** Moves a received stanza and its children of {@code from} into namespace {@code to}, in place. */
    public static Element moveNamespace(Element stanza, String from, String to) {
        Element moved = (Element) stanza.getOwnerDocument().renameNode(stanza, to, stanza.getLocalName());
        for (Node n = moved.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && from.equals(child.getNamespaceURI())) {
                n = moveNamespace(child, from, to);
            }
        }
        return moved;
    }

    private static void write(Element element, String inherited, StringBuilder out) {
        write(element, inherited, null, null, out);
    }

    private static void write(Element element, String inherited, String renamedFrom, String renamedTo,
                              StringBuilder out) {
        String namespace = element.getNamespaceURI() == null ? "" : element.getNamespaceURI();
        if (namespace.equals(renamedFrom)) {
            namespace = renamedTo;
        }
        out.append('<').append(element.getLocalName());
        if (!namespace.equals(inherited)) {
            out.append(" xmlns='").append(escape(namespace)).append('\'');
        }
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attr = (Attr) attributes.item(i);
            String attrNamespace = attr.getNamespaceURI();
            if (Namespaces.XMLNS.equals(attrNamespace)) {
                continue;
            }
            out.append(' ');
            if (Namespaces.XML.equals(attrNamespace)) {
                out.append("xml:");
            } else if (attrNamespace != null && !attrNamespace.isEmpty()) {
                out.append("a").append(i).append(':').append(attr.getLocalName())
                        .append("='").append(escape(attr.getValue())).append("' xmlns:a").append(i).append("='")
                        .append(escape(attrNamespace)).append('\'');
                continue;
            }
            out.append(attr.getLocalName() == null ? attr.getName() : attr.getLocalName())
                    .append("='").append(escape(attr.getValue())).append('\'');
        }
        if (!element.hasChildNodes()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                write(child, namespace, renamedFrom, renamedTo, out);
            } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                out.append(escape(n.getNodeValue()));
            }
        }
        out.append("</").append(element.getLocalName()).append('>');
    }
}
