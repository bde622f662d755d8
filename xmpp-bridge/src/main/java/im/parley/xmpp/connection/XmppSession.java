package im.parley.xmpp.connection;

import im.parley.account.Address;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.StreamError;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bound XMPP session (RFC 6120 section 7): the connection, its full address and the
 * service session it opened. With XEP-0198 stream management it counts the stanzas each
 * way and keeps what the client has not acknowledged, so a session can outlive a dropped
 * connection and be resumed on a new one without losing anything.
 */
public final class XmppSession {
    private static final String ACK_REQUEST = "<r xmlns='" + Namespaces.SM + "'/>";
    /** How many of the last confirmed messages are remembered (see {@link #messagesGiven}). */
    private static final int CONFIRMED_REMEMBERED = 64;

    private final Address address;
    private volatile Channel channel;
    private volatile String sessionId;
    private volatile boolean available;
    /** Where this session sent directed presence (RFC 6121 section 4.6), to say unavailable there too. */
    private final Set<String> directedPresence = ConcurrentHashMap.newKeySet();

    private String streamId;
    private boolean resumable;
    private long handled;
    private long acknowledged;
    private final Deque<Outgoing> unacknowledged = new ArrayDeque<>();
    /** An {@code <r/>} went out and its {@code <a/>} has not come back yet. */
    private boolean ackRequested;
    /**
     * The messages among {@link #unacknowledged} (an index of them: a session waiting to be
     * resumed may queue thousands, too many to scan per message), and the last ones the
     * client confirmed: so that none is handed to this session twice. The inbox holds a message handed to a session
     * that confirms receipt until its client confirms it (and a moment longer: the inbox lets
     * go asynchronously), and when the session's inbox opens (XEP-0160, at initial presence)
     * it hands over what it holds, perhaps just before or just after the same message was
     * handed to the session directly. Made when stream management is enabled: an idle
     * connection without it costs nothing for them.
     */
    private Set<String> messagesGiven;
    private Set<String> messagesConfirmed;

    /** A stanza sent under stream management, with the message it carries (if any). */
    public record Outgoing(String xml, String messageId) {
    }

    public XmppSession(Channel channel, Address address) {
        this.channel = channel;
        this.address = address;
    }

    /** The service session is open: from now on the session has its id. */
    public void opened(String serviceSessionId) {
        this.sessionId = serviceSessionId;
    }

    public void send(String xml) {
        send(xml, null);
    }

    /**
     * Sends a stanza that carries an instant message, so an unacknowledged one can be kept;
     * a message this session was given already is not sent again.
     */
    public synchronized void send(String xml, String messageId) {
        if (streamId != null) {
            if (messageId != null && (messagesConfirmed.contains(messageId) || !messagesGiven.add(messageId))) {
                return;
            }
            unacknowledged.addLast(new Outgoing(xml, messageId));
        }
        Channel current = channel;
        if (current != null && current.isActive()) {
            current.write(xml);
            requestAcknowledgement(current);
            current.flush();
        }
    }

    /**
     * XEP-0198 section 4: either side may ask for an acknowledgement at any time. The server
     * asks whenever something is unacknowledged and no request is outstanding, so the client
     * confirms about once per round trip while stanzas flow, and what it confirmed leaves
     * the queue (and the inbox) soon, instead of when the session ends.
     */
    private void requestAcknowledgement(Channel current) {
        if (streamId != null && !ackRequested && !unacknowledged.isEmpty()) {
            ackRequested = true;
            current.write(ACK_REQUEST);
        }
    }

    private void remember(String confirmedMessage) {
        messagesGiven.remove(confirmedMessage);
        messagesConfirmed.add(confirmedMessage);
        if (messagesConfirmed.size() > CONFIRMED_REMEMBERED) {
            Iterator<String> oldest = messagesConfirmed.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Ends the stream from the server's side (RFC 6120 section 4.4). */
    public void close() {
        Channel current = channel;
        if (current != null) {
            current.writeAndFlush("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Ends the stream with a stream error, and the session cannot be resumed: its record is
     * gone (RFC 6120 section 4.9: the stream error, then the closing tag).
     */
    public void endWithoutResumption(StreamError error) {
        Channel current;
        synchronized (this) {
            resumable = false;
            current = channel;
        }
        if (current != null) {
            current.writeAndFlush(error.toXml() + "</stream:stream>").addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Whether stanzas sent now will reach the client: connected, or detached but resumable. */
    public boolean isOpen() {
        Channel current = channel;
        return current != null ? current.isActive() : resumable;
    }

    // ---- XEP-0198 ---------------------------------------------------------------------------

    /** Stream management is enabled (XEP-0198 section 3); counting starts now. */
    public synchronized void enableStreamManagement(String id, boolean resume) {
        this.streamId = Objects.requireNonNull(id);
        this.resumable = resume;
        this.messagesGiven = new HashSet<>();
        this.messagesConfirmed = new LinkedHashSet<>();
    }

    public synchronized boolean streamManagementEnabled() {
        return streamId != null;
    }

    public synchronized String streamId() {
        return streamId;
    }

    public synchronized boolean isResumable() {
        return resumable;
    }

    /** One more stanza from the client was handled. */
    public synchronized void handledOne() {
        if (streamId != null) {
            handled++;
        }
    }

    public synchronized long handled() {
        return handled;
    }

    /**
     * The client has handled {@code h} stanzas in all (XEP-0198 section 4): those leave the
     * queue. Returns the messages among them, which the client now has for good.
     */
    public synchronized List<String> acknowledge(long h) {
        long sent = acknowledged + unacknowledged.size();
        if (h > sent) {
            // XEP-0198 section 4: a count above what was sent is answered with this stream error.
            throw new StreamError("undefined-condition", "the client acknowledged " + h + " stanzas of " + sent,
                    "<handled-count-too-high xmlns='" + Namespaces.SM + "' h='" + h + "' send-count='" + sent + "'/>");
        }
        List<String> confirmed = new ArrayList<>();
        long before = acknowledged;
        while (acknowledged < h && !unacknowledged.isEmpty()) {
            String messageId = unacknowledged.removeFirst().messageId();
            if (messageId != null) {
                confirmed.add(messageId);
                remember(messageId);
            }
            acknowledged++;
        }
        ackRequested = false;
        Channel current = channel;
        // What was sent after the answered request is asked about at once; an answer that
        // confirms nothing new waits for the next stanza, so the two sides never ping-pong.
        if (acknowledged > before && current != null && current.isActive()) {
            requestAcknowledgement(current);
            current.flush();
        }
        return confirmed;
    }

    /**
     * A new connection resumes this session while its connection is still open (XEP-0198
     * section 5: the client knows better that it is gone): that connection is told it was
     * replaced and closed; when it has let the session go, the new one takes it.
     */
    public synchronized void replaced() {
        Channel current = channel;
        if (current != null) {
            current.writeAndFlush(new StreamError("conflict", "Replaced by a resumed session").toXml()
                    + "</stream:stream>").addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The connection dropped; the session waits to be resumed. */
    public synchronized void detach() {
        channel = null;
        ackRequested = false;
    }

    /**
     * Resumes on a new connection (XEP-0198 section 5): drops what the client acknowledged,
     * sends {@code resumed}, then everything still unacknowledged, in order.
     */
    public synchronized List<String> resume(Channel newChannel, long h, String resumed) {
        List<String> confirmed = acknowledge(h);
        channel = newChannel;
        newChannel.write(resumed);
        unacknowledged.forEach(outgoing -> newChannel.write(outgoing.xml()));
        requestAcknowledgement(newChannel);
        newChannel.flush();
        return confirmed;
    }

    /** The messages the client never acknowledged, for the offline store when the session ends. */
    public synchronized List<String> unacknowledgedMessages() {
        return unacknowledged.stream().map(Outgoing::messageId).filter(Objects::nonNull).toList();
    }

    /** The full address: {@code local@domain/resource}. */
    public Address address() {
        return address;
    }

    public Address principal() {
        return address.bare();
    }

    public String resource() {
        return address.resourcepart().orElseThrow();
    }

    public String sessionId() {
        return sessionId;
    }

    /** Whether the session has sent available presence (RFC 6121 section 4.2): its inbox is open. */
    public boolean isAvailable() {
        return available;
    }

    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** Records directed presence sent to an address: available adds it, unavailable removes it. */
    public void sentDirectedPresence(String to, boolean availablePresence) {
        if (availablePresence) {
            directedPresence.add(to);
        } else {
            directedPresence.remove(to);
        }
    }

    /** The addresses that had directed available presence from this session; forgets them. */
    public List<String> takeDirectedPresenceRecipients() {
        List<String> recipients = List.copyOf(directedPresence);
        directedPresence.removeAll(recipients);
        return recipients;
    }
}
