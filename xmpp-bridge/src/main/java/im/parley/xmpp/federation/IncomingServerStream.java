package im.parley.xmpp.federation;

import im.parley.account.Address;
import im.parley.problem.ParleyException;
import im.parley.xmpp.connection.SignInLimiter;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.StreamError;
import im.parley.xmpp.stream.StreamEvent;
import im.parley.xmpp.stream.Xml;
import im.parley.xmpp.stream.XmlStreamDecoder;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.w3c.dom.Element;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stream another domain's server opened to us (RFC 6120 section 4, XEP-0220): STARTTLS
 * (required), then server dialback. Each domain the other server claims is checked with
 * that domain's own server before its stanzas are taken; the stream also answers the
 * checks other servers make of the keys we gave them. Stream errors close it as RFC 6120
 * section 4.9 says.
 */
public final class IncomingServerStream extends SimpleChannelInboundHandler<StreamEvent> {
    private static final Logger LOG = Logger.getLogger(IncomingServerStream.class.getName());
    /** A stream that has had no domain accepted by then is closed (RFC 6120 section 4.9.3.4). */
    private static final long ACCEPT_SECONDS = 60;

    private final Federation federation;
    private final RemoteStanzas stanzas;
    private final SslContext tls;
    private final XmlStreamDecoder decoder;
    private final SignInLimiter limiter;
    private boolean admitted;

    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> acceptDeadline;
    private boolean headerSent;
    private boolean secured;
    private String streamId;
    /** Domains whose dialback succeeded on this stream (XEP-0220 section 2.5: there may be several). */
    private final Set<String> accepted = new HashSet<>();

    /** @param limiter counts the streams of each address that have no domain accepted yet, as for clients */
    public IncomingServerStream(Federation federation, RemoteStanzas stanzas, SslContext tls, XmlStreamDecoder decoder,
                                SignInLimiter limiter) {
        this.federation = federation;
        this.stanzas = stanzas;
        this.tls = tls;
        this.decoder = decoder;
        this.limiter = limiter;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext handlerContext) {
        this.ctx = handlerContext;
        acceptDeadline = handlerContext.executor().schedule(() -> {
            if (accepted.isEmpty()) {
                fail(new StreamError("connection-timeout", "no domain accepted within " + ACCEPT_SECONDS + " s"));
            }
        }, ACCEPT_SECONDS, TimeUnit.SECONDS);
    }

    /** RFC 6120 section 4.9.3.14: a place that opens too many streams is refused. */
    @Override
    public void channelActive(ChannelHandlerContext handlerContext) {
        admitted = limiter.admit(remoteAddress());
        if (!admitted) {
            fail(new StreamError("policy-violation", "too many streams from your address wait for dialback"));
        }
        handlerContext.fireChannelActive();
    }

    private InetAddress remoteAddress() {
        return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    }

    private void release() {
        if (admitted) {
            admitted = false;
            limiter.release(remoteAddress());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext handlerContext) {
        acceptDeadline.cancel(false);
        release();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext handlerContext, StreamEvent event) {
        try {
            if (event instanceof StreamEvent.StreamOpen open) {
                open(open);
            } else if (event instanceof StreamEvent.TopLevelElement top) {
                element(top.element());
            } else {
                write("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
            }
        } catch (StreamError error) {
            fail(error);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext handlerContext, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof StreamError error) {
            fail(error);
        } else {
            LOG.log(Level.WARNING, "Server-to-server stream failed", reason);
            fail(new StreamError("internal-server-error", null));
        }
    }

    private void open(StreamEvent.StreamOpen open) {
        sendHeader(open.attributes().get("from"));
        open.check(Namespaces.SERVER, federation.domain());
        write(secured
                ? "<stream:features><dialback xmlns='" + Namespaces.DIALBACK_FEATURE + "'><errors/></dialback></stream:features>"
                : "<stream:features><starttls xmlns='" + Namespaces.TLS + "'><required/></starttls></stream:features>");
    }

    private void sendHeader(String peer) {
        headerSent = true;
        streamId = UUID.randomUUID().toString();
        write("<?xml version='1.0'?><stream:stream xmlns='" + Namespaces.SERVER + "' xmlns:stream='" + Namespaces.STREAM
                + "' xmlns:db='" + Namespaces.DIALBACK + "' id='" + streamId + "' from='" + Xml.escape(federation.domain())
                + "'" + (peer == null ? "" : " to='" + Xml.escape(peer) + "'") + " version='1.0'>");
    }

    private void element(Element element) {
        String namespace = element.getNamespaceURI();
        String name = element.getLocalName();
        if (!secured) {
            if (!Namespaces.TLS.equals(namespace) || !"starttls".equals(name)) {
                throw new StreamError("policy-violation", "STARTTLS is required first");
            }
            ctx.pipeline().addFirst("tls", new SslHandler(tls.newEngine(ctx.alloc()), true));
            ctx.channel().eventLoop().execute(decoder::reset);
            headerSent = false;
            secured = true;
            write("<proceed xmlns='" + Namespaces.TLS + "'/>");
        } else if (Namespaces.DIALBACK.equals(namespace) && "result".equals(name)) {
            dialbackResult(element);
        } else if (Namespaces.DIALBACK.equals(namespace) && "verify".equals(name)) {
            dialbackVerify(element);
        } else if (Namespaces.SERVER.equals(namespace) && Set.of("message", "presence", "iq").contains(name)) {
            stanza(element);
        } else {
            throw new StreamError("unsupported-stanza-type", name);
        }
    }

    /**
     * XEP-0220 section 2.2: the other server claims a domain with a key; that domain's own
     * server (found in DNS) tells whether it made the key for this stream.
     */
    private void dialbackResult(Element result) {
        String originating = domainOf(result.getAttribute("from"));
        String receiving = result.getAttribute("to");
        if (!federation.domain().equalsIgnoreCase(receiving)) {
            throw new StreamError("host-unknown", "this server is " + federation.domain());
        }
        if (!federation.isRemote(Address.of(null, originating, null))) {
            throw new StreamError("invalid-from", "only this server speaks for " + originating);
        }
        String answer = "<db:result from='" + Xml.escape(federation.domain()) + "' to='" + Xml.escape(originating) + "'";
        federation.verify(originating, streamId, result.getTextContent()).whenComplete((valid, failure) ->
                ctx.executor().execute(() -> {
                    if (failure != null) {
                        // XEP-0220 section 2.4: the check itself failed.
                        write(answer + " type='error'><error type='cancel'><remote-server-not-found xmlns='"
                                + Namespaces.STANZA_ERRORS + "'/></error></db:result>");
                    } else if (valid) {
                        accepted.add(originating);
                        release();
                        write(answer + " type='valid'/>");
                    } else {
                        write(answer + " type='invalid'/>");
                    }
                }));
    }

    /** XEP-0220 section 2.3: another server asks whether we made a key for a stream we opened to it. */
    private void dialbackVerify(Element verify) {
        String receiving = domainOf(verify.getAttribute("from"));
        String originating = verify.getAttribute("to");
        String id = verify.getAttribute("id");
        boolean valid = federation.domain().equalsIgnoreCase(originating)
                && federation.keys().matches(receiving, federation.domain(), id, verify.getTextContent());
        write("<db:verify from='" + Xml.escape(federation.domain()) + "' to='" + Xml.escape(receiving) + "' id='"
                + Xml.escape(id) + "' type='" + (valid ? "valid" : "invalid") + "'/>");
    }

    /**
     * RFC 6120 section 8.1.1.2 and 4.9.3.9: a stanza's 'from' must be in a domain accepted on
     * this stream, its 'to' in ours.
     */
    private void stanza(Element stanza) {
        String fromText = Xml.attribute(stanza, "from");
        String toText = Xml.attribute(stanza, "to");
        if (fromText == null || toText == null) {
            throw new StreamError("improper-addressing", "a stanza between servers needs 'from' and 'to'");
        }
        Address from = address(fromText);
        Address to = address(toText);
        if (!accepted.contains(from.domainpart())) {
            throw new StreamError("invalid-from", from.domainpart() + " was not accepted on this stream");
        }
        if (federation.isRemote(to)) {
            throw new StreamError("host-unknown", "this server is " + federation.domain());
        }
        stanzas.handle(from, to, Xml.moveNamespace(stanza, Namespaces.SERVER, Namespaces.CLIENT));
    }

    private static Address address(String text) {
        try {
            return Address.parse(text);
        } catch (ParleyException e) {
            throw new StreamError("improper-addressing", e.getMessage());
        }
    }

    private static String domainOf(String text) {
        Address address = address(text);
        if (!address.localpart().isEmpty() || !address.isBare()) {
            throw new StreamError("invalid-from", "'" + text + "' is not a domain");
        }
        return address.domainpart();
    }

    private void fail(StreamError error) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!headerSent) {
            sendHeader(null);
        }
        write(error.toXml() + "</stream:stream>").addListener(ChannelFutureListener.CLOSE);
    }

    private ChannelFuture write(String xml) {
        return ctx.writeAndFlush(xml);
    }
}
