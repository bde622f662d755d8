package im.parley.xmpp.stream;

import org.w3c.dom.Element;

import java.util.Map;

/** What the XML stream decoder reads from a connection. */
public sealed interface StreamEvent {

    /** The opening {@code <stream:stream>} tag (RFC 6120 section 4.7). */
    record StreamOpen(String namespace, String localName, String defaultNamespace, Map<String, String> attributes)
            implements StreamEvent {

        /**
         * RFC 6120 sections 4.8 and 4.9.3: the stream's namespaces, the domain it is for and
         * the version, checked in this order; the first wrong one is the stream error.
         */
        public void check(String contentNamespace, String domain) {
            if (!Namespaces.STREAM.equals(namespace) || !"stream".equals(localName)) {
                throw new StreamError("invalid-namespace", "the stream element is not in " + Namespaces.STREAM);
            }
            if (!contentNamespace.equals(defaultNamespace)) {
                throw new StreamError("invalid-namespace", "the content namespace must be " + contentNamespace);
            }
            String to = attributes.get("to");
            if (to == null || !to.equalsIgnoreCase(domain)) {
                throw new StreamError("host-unknown", "this server is " + domain);
            }
            String version = attributes.get("version");
            if (version == null || !version.startsWith("1.")) {
                throw new StreamError("unsupported-version", "XMPP 1.0 is required");
            }
        }
    }

    /** A complete first-level child of the stream: a stanza or a negotiation element. */
    record TopLevelElement(Element element) implements StreamEvent {
    }

    /** The closing {@code </stream:stream>} tag. */
    record StreamClose() implements StreamEvent {
    }
}
