package im.parley.xmpp.stream;

import org.w3c.dom.Element;

import java.util.Map;

/** What the XML stream decoder reads from a connection. */
public sealed interface StreamEvent {

    /** The opening {@code <stream:stream>} tag (RFC 6120 section 4.7). */
    record StreamOpen(String namespace, String localName, String defaultNamespace, Map<String, String> attributes)
            implements StreamEvent {
    }

    /** A complete first-level child of the stream: a stanza or a negotiation element. */
    record TopLevelElement(Element element) implements StreamEvent {
    }

    /** The closing {@code </stream:stream>} tag. */
    record StreamClose() implements StreamEvent {
    }
}
