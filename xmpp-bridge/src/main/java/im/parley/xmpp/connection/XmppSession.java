package im.parley.xmpp.connection;

import im.parley.account.Address;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * A bound XMPP session (RFC 6120 section 7): the connection, its full address and the
 * service session it opened. What the stanza handlers work with.
 */
public final class XmppSession {
    private final Channel channel;
    private final Address address;
    private volatile String sessionId;
    private volatile boolean available;

    public XmppSession(Channel channel, Address address) {
        this.channel = channel;
        this.address = address;
    }

    /** The service session is open: from now on the session has its id. */
    public void opened(String serviceSessionId) {
        this.sessionId = serviceSessionId;
    }

    public void send(String xml) {
        channel.writeAndFlush(xml);
    }

    /** Ends the stream from the server's side (RFC 6120 section 4.4). */
    public void close() {
        channel.writeAndFlush("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
    }

    public boolean isOpen() {
        return channel.isActive();
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
}
