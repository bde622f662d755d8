package im.parley.xmpp.federation;

import im.parley.xmpp.stanza.StanzaError;
import im.parley.xmpp.stream.Namespaces;
import im.parley.xmpp.stream.StreamEvent;
import im.parley.xmpp.stream.Xml;
import im.parley.xmpp.stream.XmlStreamDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.w3c.dom.Element;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * This server's stream to another domain's server (RFC 6120 section 4, XEP-0220): TCP,
 * STARTTLS (required), then server dialback for this domain. Stanzas wait until the other
 * server accepts this domain; whatever cannot be sent is handed back, so its sender hears
 * of it. The stream also carries the dialback checks this server asks the other one to
 * make (section 2.3), which need no accepted domain. A stream that has had nothing to send
 * for a while is closed (RFC 6120 section 4.4); what comes for the domain after that goes to
 * the stream that replaces it. All state lives on one event loop.
 */
@ChannelHandler.Sharable // one channel at a time: the next is tried only after the last failed
final class OutgoingServerStream extends SimpleChannelInboundHandler<StreamEvent> {
    private static final Logger LOG = Logger.getLogger(OutgoingServerStream.class.getName());
    /** How long the other server may take to connect, secure and accept us before stanzas bounce. */
    static final long NEGOTIATION_SECONDS = 30;
    private static final int CONNECT_MILLIS = 10_000;

    private final String localDomain;
    private final String remoteDomain;
    private final DialbackKeys keys;
    private final SslContext tls;
    private final int maxStanzaBytes;
    private final Duration idle;
    private final EventLoop loop;
    private final Consumer<OutgoingServerStream> closed;
    /** The domain's stream after this one, for what comes once this one was closed as idle. */
    private final Supplier<OutgoingServerStream> successor;

    private final Deque<Outgoing> waiting = new ArrayDeque<>();
    private final Map<String, Verification> verifications = new LinkedHashMap<>();
    private XmlStreamDecoder decoder;
    private Channel channel;
    /** The id the other server gave the stream over TLS, which our dialback key names. */
    private String negotiatedStreamId;
    private boolean secured;
    private boolean negotiated;
    private boolean authorized;
    private boolean failed;
    /** Closed for having nothing to send: what still comes goes to the successor. */
    private boolean retired;

    /** A stanza on its way; {@code done} completes once it is written or handed back. */
    private record Outgoing(String xml, Consumer<StanzaError> undeliverable, CompletableFuture<Void> done) {

        void handBack(StanzaError error) {
            try {
                undeliverable.accept(error);
            } finally {
                done.complete(null);
            }
        }
    }

    private record Verification(String key, CompletableFuture<Boolean> result) {
    }

    OutgoingServerStream(String localDomain, String remoteDomain, DialbackKeys keys, SslContext tls, int maxStanzaBytes,
                         Duration idle, EventLoop loop, Consumer<OutgoingServerStream> closed,
                         Supplier<OutgoingServerStream> successor) {
        this.localDomain = localDomain;
        this.remoteDomain = remoteDomain;
        this.keys = keys;
        this.tls = tls;
        this.maxStanzaBytes = maxStanzaBytes;
        this.idle = idle;
        this.loop = loop;
        this.closed = closed;
        this.successor = successor;
    }

    String remoteDomain() {
        return remoteDomain;
    }

    /** Tries the addresses in order (RFC 6120 section 3.2.1); the stream must be accepted in time. */
    void connect(List<InetSocketAddress> addresses) {
        loop.execute(() -> {
            loop.schedule(() -> {
                if (!authorized) {
                    fail(new StanzaError("remote-server-timeout", remoteDomain + " did not accept " + localDomain
                            + " within " + NEGOTIATION_SECONDS + " s"));
                }
            }, NEGOTIATION_SECONDS, TimeUnit.SECONDS);
            attempt(addresses.iterator());
        });
    }

    private void attempt(Iterator<InetSocketAddress> addresses) {
        if (failed) {
            return;
        }
        if (!addresses.hasNext()) {
            fail(new StanzaError("remote-server-not-found", "no server of " + remoteDomain + " could be reached"));
            return;
        }
        InetSocketAddress address = addresses.next();
        decoder = new XmlStreamDecoder(maxStanzaBytes);
        XmlStreamDecoder streamDecoder = decoder;
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel socket) {
                        // Writer-idle: only what this server sends on the stream counts, not the
                        // other server's answers or the TLS layer's own traffic.
                        socket.pipeline().addLast("xml", streamDecoder)
                                .addLast("text", new StringEncoder(StandardCharsets.UTF_8))
                                .addLast("idle", new IdleStateHandler(0, idle.toMillis(), 0, TimeUnit.MILLISECONDS))
                                .addLast("stream", OutgoingServerStream.this);
                    }
                })
                .connect(address)
                .addListener((ChannelFuture connected) -> {
                    if (connected.isSuccess()) {
                        channel = connected.channel();
                        channel.writeAndFlush(header());
                    } else {
                        LOG.fine(() -> "Cannot connect to " + remoteDomain + " at " + address + ": " + connected.cause());
                        attempt(addresses);
                    }
                });
    }

    private String header() {
        return "<?xml version='1.0'?><stream:stream xmlns='" + Namespaces.SERVER + "' xmlns:stream='" + Namespaces.STREAM
                + "' xmlns:db='" + Namespaces.DIALBACK + "' from='" + Xml.escape(localDomain) + "' to='"
                + Xml.escape(remoteDomain) + "' version='1.0'>";
    }

    /**
     * A stanza for the other domain, written for a {@code jabber:server} stream. The result
     * completes once it is written to the other server or handed back to {@code undeliverable}.
     */
    CompletableFuture<Void> deliver(String xml, Consumer<StanzaError> undeliverable) {
        Outgoing outgoing = new Outgoing(xml, undeliverable, new CompletableFuture<>());
        loop.execute(() -> {
            if (retired) {
                successor.get().deliver(xml, undeliverable).whenComplete((done, e) -> outgoing.done().complete(null));
            } else if (failed) {
                outgoing.handBack(new StanzaError("remote-server-not-found", remoteDomain + " cannot be reached"));
            } else if (authorized) {
                write(outgoing);
            } else {
                waiting.add(outgoing);
            }
        });
        return outgoing.done();
    }

    private void write(Outgoing outgoing) {
        channel.writeAndFlush(outgoing.xml()).addListener(written -> {
            if (written.isSuccess()) {
                outgoing.done().complete(null);
            } else {
                outgoing.handBack(new StanzaError("remote-server-timeout", "the stream to " + remoteDomain + " broke"));
            }
        });
    }

    /**
     * Asks the other domain's server whether it made this key for a stream it opened to us
     * (XEP-0220 section 2.3); completes with its answer, or fails if it cannot be asked.
     */
    CompletableFuture<Boolean> verify(String streamId, String key) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        loop.execute(() -> {
            if (retired) {
                successor.get().verify(streamId, key).whenComplete((valid, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(valid);
                    }
                });
                return;
            }
            if (failed) {
                result.completeExceptionally(new StanzaError("remote-server-not-found", remoteDomain + " cannot be reached"));
                return;
            }
            Verification previous = verifications.put(streamId, new Verification(key, result));
            if (previous != null) {
                previous.result().complete(false); // a second claim for one stream replaces the first
            }
            if (negotiated) {
                sendVerification(streamId, key);
            }
        });
        return result;
    }

    private void sendVerification(String streamId, String key) {
        channel.writeAndFlush("<db:verify from='" + Xml.escape(localDomain) + "' to='" + Xml.escape(remoteDomain)
                + "' id='" + Xml.escape(streamId) + "'>" + Xml.escape(key) + "</db:verify>");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, StreamEvent event) {
        if (event instanceof StreamEvent.StreamOpen open) {
            opened(open);
        } else if (event instanceof StreamEvent.TopLevelElement top) {
            element(top.element());
        } else if (retired) {
            ctx.close(); // the other server's answer to our closing tag (RFC 6120 section 4.4)
        } else {
            ctx.writeAndFlush("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Nothing was sent for the idle time: with nothing waiting and no check outstanding the
     * stream is closed, and the domain's next stanza opens a new one.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && ctx.channel() == channel && authorized && !failed
                && waiting.isEmpty() && verifications.isEmpty()) {
            retired = true;
            closed.accept(this);
            LOG.fine(() -> "Stream to " + remoteDomain + " closed after " + idle.toSeconds() + " s without a stanza");
            ctx.writeAndFlush("</stream:stream>");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void opened(StreamEvent.StreamOpen open) {
        String version = open.attributes().get("version");
        if (!Namespaces.SERVER.equals(open.defaultNamespace()) || version == null || !version.startsWith("1.")) {
            // A pre-1.0 server offers no STARTTLS, and RFC 6120 section 13.7.1 wants it.
            fail(new StanzaError("remote-server-not-found", remoteDomain + " does not speak XMPP 1.0 between servers"));
            return;
        }
        if (secured) {
            negotiatedStreamId = open.attributes().get("id");
        }
    }

    private void element(Element element) {
        String namespace = element.getNamespaceURI();
        String name = element.getLocalName();
        if (Namespaces.STREAM.equals(namespace) && "features".equals(name)) {
            features(element);
        } else if (Namespaces.STREAM.equals(namespace) && "error".equals(name)) {
            Element condition = Xml.firstChild(element);
            fail(new StanzaError("remote-server-not-found", remoteDomain + " ended the stream: "
                    + (condition == null ? "no reason" : condition.getLocalName())));
        } else if (Namespaces.TLS.equals(namespace) && "proceed".equals(name)) {
            InetSocketAddress peer = (InetSocketAddress) channel.remoteAddress();
            channel.pipeline().addFirst("tls", tls.newHandler(channel.alloc(), remoteDomain, peer.getPort()));
            decoder.reset();
            secured = true;
            channel.writeAndFlush(header()); // RFC 6120 section 5.4.3.3: a new stream over TLS
        } else if (Namespaces.TLS.equals(namespace)) {
            fail(new StanzaError("remote-server-not-found", "TLS with " + remoteDomain + " failed"));
        } else if (Namespaces.DIALBACK.equals(namespace) && "result".equals(name)) {
            if ("valid".equals(Xml.attribute(element, "type"))) {
                authorized = true;
                while (!waiting.isEmpty()) {
                    write(waiting.poll());
                }
            } else {
                fail(new StanzaError("remote-server-not-found", remoteDomain + " did not accept " + localDomain));
            }
        } else if (Namespaces.DIALBACK.equals(namespace) && "verify".equals(name)) {
            Verification asked = verifications.remove(element.getAttribute("id"));
            if (asked != null) {
                asked.result().complete("valid".equals(Xml.attribute(element, "type")));
            }
        } else {
            LOG.fine(() -> "Ignored from " + remoteDomain + " on our stream: " + name);
        }
    }

    private void features(Element features) {
        if (!secured) {
            if (Xml.child(features, Namespaces.TLS, "starttls") == null) {
                fail(new StanzaError("remote-server-not-found", remoteDomain + " offers no TLS"));
            } else {
                channel.writeAndFlush("<starttls xmlns='" + Namespaces.TLS + "'/>");
            }
            return;
        }
        negotiated = true;
        verifications.forEach((streamId, asked) -> sendVerification(streamId, asked.key()));
        // XEP-0220 section 2.1: the key ties this domain to the id of the stream the other server opened.
        channel.writeAndFlush("<db:result from='" + Xml.escape(localDomain) + "' to='" + Xml.escape(remoteDomain) + "'>"
                + keys.key(remoteDomain, localDomain, negotiatedStreamId) + "</db:result>");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.fine(() -> "Stream to " + remoteDomain + " failed: " + cause);
        fail(new StanzaError("remote-server-timeout", "the stream to " + remoteDomain + " failed"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel() == channel && !retired) {
            fail(new StanzaError("remote-server-timeout", "the stream to " + remoteDomain + " closed"));
        }
    }

    /** Everything still waiting hears why; the next stanza for the domain opens a new stream. */
    private void fail(StanzaError error) {
        if (failed) {
            return;
        }
        failed = true;
        closed.accept(this);
        LOG.fine(() -> "Stream to " + remoteDomain + " ended: " + error.getMessage());
        while (!waiting.isEmpty()) {
            waiting.poll().handBack(error);
        }
        verifications.values().forEach(asked -> asked.result().completeExceptionally(error));
        verifications.clear();
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush("</stream:stream>").addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The application stops: the stream ends cleanly (RFC 6120 section 4.4). */
    void close() {
        loop.execute(() -> fail(new StanzaError("remote-server-timeout", "this server is stopping")));
    }
}
