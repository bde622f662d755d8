package im.parley.xmpp.connection;

import im.parley.account.Address;
import im.parley.account.ScramMechanism;
import im.parley.problem.ParleyException;
import im.parley.session.ClientSession;
import im.parley.xmpp.handler.IqRegisterHandler;
import im.parley.xmpp.sasl.PlainMechanism;
import im.parley.xmpp.sasl.SaslFailure;
import im.parley.xmpp.sasl.SaslMechanism;
import im.parley.xmpp.sasl.ScramMechanismServer;
import im.parley.xmpp.session.XmppEndpoint;
import im.parley.xmpp.stanza.Outbound;
import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.StreamError;
import im.parley.xmpp.stream.StreamEvent;
import im.parley.xmpp.stream.XmlStreamDecoder;
import im.parley.xmpp.stream.Xml;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.w3c.dom.Element;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection through RFC 6120's stream negotiation: STARTTLS (required), SASL,
 * resource binding; then its stanzas go to the dispatcher. Stream errors close the
 * connection as section 4.9 says; a connection that ends, cleanly or not, ends its session,
 * so its contacts see it unavailable.
 */
public final class XmppConnection extends SimpleChannelInboundHandler<StreamEvent> {
    private static final Logger LOG = Logger.getLogger(XmppConnection.class.getName());

    private final ConnectionContext context;
    private final XmlStreamDecoder decoder;
    private final Backpressure backpressure;

    /** RFC 6120 section 6.4.5: a few retries, then the stream ends. */
    private static final int MAX_SASL_FAILURES = 3;
    /** A connection that has not signed in by then is closed (RFC 6120 section 4.9.3.4). */
    private static final long SIGN_IN_SECONDS = 60;

    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> signInDeadline;
    private int saslFailures;
    private boolean admitted;
    private boolean headerSent;
    private boolean secured;
    private SaslMechanism sasl;
    private Address authenticated;
    private XmppSession session;
    /**
     * Stanzas whose handling is under way, in the order they came: either one stanza of any
     * kind, or up to {@link #MESSAGES_UNDER_WAY} messages that share the message queue.
     */
    private final Deque<Underway> underway = new ArrayDeque<>();
    /** Events that came while they had to wait for those under way, in order. */
    private final Deque<StreamEvent> held = new ArrayDeque<>();
    private boolean inactiveWhileBusy;
    /** A resumption waits for its session's old connection to let it go (XEP-0198 section 5). */
    private boolean resuming;

    /**
     * How many of a client's messages may wait for their group commit together. One at a
     * time made every commit carry at most one message per connection; a few more let a
     * busy client's messages share commits (and the archive's index pages they touch).
     */
    private static final int MESSAGES_UNDER_WAY = 16;

    /** A stanza under way, of the bound session (which stays the same while any is under way). */
    private record Underway(boolean queued, CompletableFuture<?> handling) {
    }

    public XmppConnection(ConnectionContext context, XmlStreamDecoder decoder, Backpressure backpressure) {
        this.context = context;
        this.decoder = decoder;
        this.backpressure = backpressure;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext handlerContext) {
        this.ctx = handlerContext;
        signInDeadline = handlerContext.executor().schedule(() -> {
            if (authenticated == null) {
                fail(new StreamError("connection-timeout", "not signed in within " + SIGN_IN_SECONDS + " s"));
            }
        }, SIGN_IN_SECONDS, TimeUnit.SECONDS);
    }

    /** RFC 6120 section 4.9.3.14: a place that opens too many connections is refused. */
    @Override
    public void channelActive(ChannelHandlerContext handlerContext) {
        admitted = context.signIns().admit(remoteAddress());
        if (!admitted) {
            fail(new StreamError("policy-violation", "too many connections from your address wait to sign in"));
        }
        handlerContext.fireChannelActive();
    }

    private InetAddress remoteAddress() {
        return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    }

    private void signedIn() {
        if (admitted) {
            admitted = false;
            context.signIns().release(remoteAddress());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext handlerContext, StreamEvent event) {
        held.add(event);
        takeHeld();
    }

    /** Handles what came, in order, until an event has to wait for those under way. */
    private void takeHeld() {
        while (!held.isEmpty() && mayStart(held.peek())) {
            process(held.poll());
        }
        if (underway.isEmpty() && inactiveWhileBusy) {
            inactiveWhileBusy = false;
            ended();
        }
    }

    private boolean mayStart(StreamEvent event) {
        if (resuming) {
            return false;
        }
        if (underway.isEmpty()) {
            return true;
        }
        return underway.size() < MESSAGES_UNDER_WAY && underway.peek().queued()
                && event instanceof StreamEvent.TopLevelElement element
                && context.dispatcher().joinsMessageQueue(element.element());
    }

    private void process(StreamEvent event) {
        try {
            if (event instanceof StreamEvent.StreamOpen open) {
                openStream(open);
            } else if (event instanceof StreamEvent.TopLevelElement element) {
                element(element.element());
            } else {
                // RFC 6120 section 4.4: answer the closing tag with ours, then close.
                write("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
            }
        } catch (StreamError error) {
            fail(error);
        } finally {
            backpressure.handled();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext handlerContext, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof StreamError error) {
            fail(error);
        } else {
            LOG.log(Level.WARNING, "XMPP connection failed", reason);
            fail(new StreamError("internal-server-error", null));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext handlerContext) {
        if (!underway.isEmpty()) {
            inactiveWhileBusy = true; // what the client sent before it left is handled first
        } else {
            ended();
        }
    }

    private void ended() {
        signInDeadline.cancel(false);
        signedIn();
        XmppSession ended = session;
        session = null;
        if (ended == null) {
            return;
        }
        if (ended.isResumable()) {
            // XEP-0198 section 5: the session stays (contacts still see it) and waits to be resumed.
            ended.detach();
            context.resumable().park(ended, () -> end(ended));
        } else {
            end(ended);
        }
    }

    /**
     * The session is over: messages the client never confirmed go to the offline store, and
     * the session closes, so its contacts see it unavailable.
     */
    private void end(XmppSession ended) {
        context.resumable().ended(ended);
        try {
            context.dispatcher().sessionEnded(ended);
            ended.unacknowledgedMessages().forEach(context.services().messages()::storeUnconfirmed);
            context.services().sessions().close(ended.sessionId());
        } catch (RuntimeException e) {
            // The node is stopping, say; its next start closes the session's leftovers.
            LOG.log(Level.WARNING, "Could not close session " + ended.sessionId(), e);
        }
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

    private io.netty.channel.ChannelFuture write(String xml) {
        return ctx.writeAndFlush(xml);
    }

    // ---- stream header and features --------------------------------------------------------

    private void openStream(StreamEvent.StreamOpen open) {
        sendHeader(open.attributes().get("from"));
        open.check(Namespaces.CLIENT, context.domain());
        write(features());
    }

    private void sendHeader(String clientAddress) {
        headerSent = true;
        write("<?xml version='1.0'?><stream:stream xmlns='" + Namespaces.CLIENT + "' xmlns:stream='"
                + Namespaces.STREAM + "' id='" + UUID.randomUUID() + "' from='" + Xml.escape(context.domain()) + "'"
                + (clientAddress == null ? "" : " to='" + Xml.escape(clientAddress) + "'")
                + " version='1.0' xml:lang='en'>");
    }

    private String features() {
        StringBuilder out = new StringBuilder("<stream:features>");
        if (!secured) {
            out.append("<starttls xmlns='").append(Namespaces.TLS).append("'><required/></starttls>");
        } else if (authenticated == null) {
            out.append("<mechanisms xmlns='").append(Namespaces.SASL).append("'>")
                    .append("<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism>")
                    .append("<mechanism>PLAIN</mechanism></mechanisms>");
            if (context.registration() != null) {
                out.append("<register xmlns='").append(Namespaces.REGISTER_FEATURE).append("'/>");
            }
        } else {
            out.append("<bind xmlns='").append(Namespaces.BIND).append("'/>")
                    .append("<session xmlns='").append(Namespaces.SESSION).append("'><optional/></session>")
                    .append("<ver xmlns='urn:xmpp:features:rosterver'/>")
                    .append("<sm xmlns='").append(Namespaces.SM).append("'/>");
        }
        return out.append("</stream:features>").toString();
    }

    // ---- elements, by negotiation phase ----------------------------------------------------

    private void element(Element element) {
        if (!secured) {
            startTls(element);
        } else if (authenticated == null) {
            authenticate(element);
        } else if (Namespaces.SM.equals(element.getNamespaceURI())) {
            streamManagement(element);
        } else if (session == null) {
            bind(element);
        } else {
            boolean queued = context.dispatcher().joinsMessageQueue(element);
            CompletableFuture<?> handling = context.dispatcher().dispatch(session, element);
            underway.add(new Underway(queued, handling));
            if (handling.isDone()) {
                countHandled();
            } else {
                // A message waits for its group commit; what may not overtake it waits in held.
                handling.whenComplete((result, failure) -> ctx.executor().execute(() -> {
                    countHandled();
                    takeHeld();
                }));
            }
        }
    }

    /** XEP-0198 counts stanzas handled in the order they came, so a later one that finished first waits. */
    private void countHandled() {
        while (!underway.isEmpty() && underway.peek().handling().isDone()) {
            underway.poll();
            session.handledOne();
        }
    }

    /** XEP-0198: enable, acknowledgement requests and answers, resumption. */
    private void streamManagement(Element element) {
        switch (element.getLocalName()) {
            case "enable" -> {
                if (session == null || session.streamManagementEnabled()) {
                    write("<failed xmlns='" + Namespaces.SM + "'><unexpected-request xmlns='" + Namespaces.STANZA_ERRORS
                            + "'/></failed>");
                    return;
                }
                boolean resume = "true".equals(element.getAttribute("resume")) || "1".equals(element.getAttribute("resume"));
                session.enableStreamManagement(UUID.randomUUID().toString(), resume);
                if (resume) {
                    context.resumable().connected(session);
                }
                write("<enabled xmlns='" + Namespaces.SM + "' id='" + session.streamId() + "'"
                        + (resume ? " resume='true' max='" + context.resumable().seconds() + "'" : "") + "/>");
            }
            case "r" -> {
                if (session != null && session.streamManagementEnabled()) {
                    write("<a xmlns='" + Namespaces.SM + "' h='" + session.handled() + "'/>");
                }
            }
            case "a" -> {
                if (session != null) {
                    confirmed(session.acknowledge(handledCount(element)));
                }
            }
            case "resume" -> resume(element);
            default -> throw new StreamError("unsupported-stanza-type", element.getLocalName());
        }
    }

    /**
     * XEP-0198 section 5: a new connection takes over a session of the same account, once its
     * old connection let it go (at once if it dropped already). What the client sends
     * meanwhile waits.
     */
    private void resume(Element element) {
        if (session != null) {
            resumeFailed();
            return;
        }
        long h = handledCount(element);
        resuming = true;
        context.resumable().takeOver(element.getAttribute("previd"), authenticated)
                .whenComplete((waiting, failure) -> ctx.executor().execute(() -> {
                    resuming = false;
                    try {
                        resumeWith(waiting, h);
                    } catch (StreamError error) {
                        fail(error);
                    }
                    takeHeld();
                }));
    }

    private void resumeWith(XmppSession waiting, long h) {
        if (waiting == null) {
            resumeFailed();
        } else if (!ctx.channel().isActive()) {
            // This connection went too while it waited: the session waits again.
            context.resumable().park(waiting, () -> end(waiting));
        } else {
            session = waiting;
            confirmed(waiting.resume(ctx.channel(), h, "<resumed xmlns='" + Namespaces.SM + "' previd='"
                    + waiting.streamId() + "' h='" + waiting.handled() + "'/>"));
        }
    }

    private void resumeFailed() {
        write("<failed xmlns='" + Namespaces.SM + "'><item-not-found xmlns='" + Namespaces.STANZA_ERRORS + "'/></failed>");
    }

    /** The 'h' of an {@code <a/>} or {@code <resume/>}: an unsigned 32-bit count (XEP-0198 section 4). */
    private static long handledCount(Element element) {
        String h = element.getAttribute("h");
        long count = h.matches("[0-9]{1,10}") ? Long.parseLong(h) : -1;
        if (count < 0 || count > 0xFFFF_FFFFL) {
            throw new StreamError("bad-format", "h is not an unsigned 32-bit number");
        }
        return count;
    }

    /** The client has these messages for good: the inbox need not keep them any more. */
    private void confirmed(List<String> messageIds) {
        if (!messageIds.isEmpty()) {
            context.services().messages().confirmed(messageIds);
        }
    }

    /** RFC 6120 section 5.4.2: only STARTTLS is acceptable before TLS, since TLS is required. */
    private void startTls(Element element) {
        if (!Namespaces.TLS.equals(element.getNamespaceURI()) || !"starttls".equals(element.getLocalName())) {
            throw new StreamError("policy-violation", "STARTTLS is required first");
        }
        SslContext tls = context.tls();
        ctx.pipeline().addFirst("tls", new SslHandler(tls.newEngine(ctx.alloc()), true));
        restartStream();
        secured = true;
        write("<proceed xmlns='" + Namespaces.TLS + "'/>");
    }

    /** The next bytes start a new stream (RFC 6120 sections 5.4.3.3 and 6.4.6). */
    private void restartStream() {
        ctx.channel().eventLoop().execute(decoder::reset);
        headerSent = false;
    }

    private void authenticate(Element element) {
        String namespace = element.getNamespaceURI();
        if (Namespaces.CLIENT.equals(namespace) && "iq".equals(element.getLocalName())) {
            register(element);
            return;
        }
        if (!Namespaces.SASL.equals(namespace)) {
            throw new StreamError("not-authorized", "authenticate first");
        }
        try {
            switch (element.getLocalName()) {
                case "auth" -> {
                    sasl = mechanism(element.getAttribute("mechanism"));
                    saslStep(element.getTextContent().strip());
                }
                case "response" -> {
                    if (sasl == null) {
                        throw new SaslFailure("malformed-request", "no exchange under way");
                    }
                    saslStep(element.getTextContent().strip());
                }
                case "abort" -> throw new SaslFailure("aborted", null);
                default -> throw new StreamError("not-authorized", "authenticate first");
            }
        } catch (SaslFailure failure) {
            sasl = null;
            write("<failure xmlns='" + Namespaces.SASL + "'><" + failure.condition() + "/>"
                    + (failure.getMessage() == null ? "" : "<text>" + Xml.escape(failure.getMessage()) + "</text>")
                    + "</failure>");
            if (++saslFailures >= MAX_SASL_FAILURES) {
                throw new StreamError("policy-violation", "too many failed authentication attempts");
            }
        }
    }

    private SaslMechanism mechanism(String name) throws SaslFailure {
        Services services = context.services();
        return switch (name) {
            case "SCRAM-SHA-256" -> new ScramMechanismServer(ScramMechanism.SCRAM_SHA_256, services.accounts(), context.domain());
            case "SCRAM-SHA-1" -> new ScramMechanismServer(ScramMechanism.SCRAM_SHA_1, services.accounts(), context.domain());
            case "PLAIN" -> new PlainMechanism(services.accounts(), context.domain());
            default -> throw new SaslFailure("invalid-mechanism", name);
        };
    }

    private void saslStep(String base64) throws SaslFailure {
        byte[] response;
        try {
            // RFC 6120 section 6.4.2: an empty response is sent as "=".
            response = base64.isEmpty() || base64.equals("=") ? new byte[0] : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("incorrect-encoding", null);
        }
        SaslMechanism.Step step = sasl.step(response);
        if (!step.done()) {
            write("<challenge xmlns='" + Namespaces.SASL + "'>" + Base64.getEncoder().encodeToString(step.challenge())
                    + "</challenge>");
            return;
        }
        authenticated = step.authenticated();
        signedIn();
        sasl = null;
        restartStream();
        write("<success xmlns='" + Namespaces.SASL + "'>"
                + (step.additionalData() == null ? "" : Base64.getEncoder().encodeToString(step.additionalData()))
                + "</success>");
    }

    /** XEP-0077 before authentication, when enabled; otherwise a stanza before authentication. */
    private void register(Element iq) {
        IqRegisterHandler registration = context.registration();
        Element query = Xml.firstChild(iq);
        if (registration == null || query == null || !Namespaces.REGISTER.equals(query.getNamespaceURI())) {
            throw new StreamError("not-authorized", "authenticate first");
        }
        try {
            write(registration.register(iq, query));
        } catch (StanzaError error) {
            write(error.replyTo(iq));
        }
    }

    /** RFC 6120 section 7: binds a resource, the client's or a generated one, and opens the session. */
    private void bind(Element iq) {
        Element bind = Xml.firstChild(iq);
        boolean isBind = Namespaces.CLIENT.equals(iq.getNamespaceURI()) && "iq".equals(iq.getLocalName())
                && "set".equals(iq.getAttribute("type")) && bind != null
                && Namespaces.BIND.equals(bind.getNamespaceURI());
        if (!isBind) {
            throw new StreamError("not-authorized", "bind a resource first");
        }
        String requested = Xml.childText(bind, Namespaces.BIND, "resource");
        String resource = requested == null || requested.isBlank() ? "parley-" + UUID.randomUUID().toString().substring(0, 8)
                : requested.strip();
        Address full;
        try {
            full = authenticated.withResource(resource);
        } catch (ParleyException e) {
            write(new StanzaError("bad-request", e.getMessage()).replyTo(iq));
            return;
        }
        XmppSession bound = new XmppSession(ctx.channel(), full);
        ClientSession opened;
        try {
            opened = context.services().sessions().open(full, "xmpp",
                    new XmppEndpoint(bound, context.pushes(), context.domain()));
        } catch (ParleyException e) {
            // RFC 6120 section 7.7.2.2: Parley refuses a second session with a resource in use.
            write(StanzaError.of(e).replyTo(iq));
            return;
        }
        bound.opened(opened.id());
        session = bound;
        write(Outbound.result(iq, null, "<bind xmlns='" + Namespaces.BIND + "'><jid>"
                + Xml.escape(full.toString()) + "</jid></bind>"));
    }
}
