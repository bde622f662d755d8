package im.parley.bench;

import im.parley.xmpp.stream.StreamEvent;
import im.parley.xmpp.stream.Xml;
import im.parley.xmpp.stream.XmlStreamDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One simulated client: connects, negotiates STARTTLS, optionally registers in-band
 * (XEP-0077), signs in with SASL PLAIN, binds a resource, and then sends and receives
 * stanzas. Written against RFC 6120 only, so it works with any XMPP server.
 */
final class BenchClient extends SimpleChannelInboundHandler<StreamEvent> {
    private enum Phase { PRE_TLS, PRE_AUTH, REGISTERING, AUTHENTICATING, PRE_BIND, BINDING, ENABLING, READY }
    private static final String SM = "urn:xmpp:sm:3";

    private final Target target;
    private final String user;
    private final String resource;
    private final boolean register;
    private final CompletableFuture<BenchClient> ready = new CompletableFuture<>();
    private volatile Consumer<Element> onStanza = stanza -> { };
    private XmlStreamDecoder decoder;
    private Channel channel;
    private Phase phase = Phase.PRE_TLS;
    /** Stanzas received since stream management was enabled (XEP-0198's h). */
    private long handled;

    record Target(String host, int port, String domain, SslContext tls, EventLoopGroup loop, boolean streamManagement) {
    }

    private BenchClient(Target target, String user, String resource, boolean register) {
        this.target = target;
        this.user = user;
        this.resource = resource;
        this.register = register;
    }

    static CompletableFuture<BenchClient> connect(Target target, String user, String resource, boolean register) {
        BenchClient client = new BenchClient(target, user, resource, register);
        new Bootstrap().group(target.loop()).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        client.decoder = new XmlStreamDecoder(1 << 20);
                        ch.pipeline().addLast(client.decoder, new StringEncoder(StandardCharsets.UTF_8), client);
                    }
                })
                .connect(target.host(), target.port())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        client.ready.completeExceptionally(f.cause());
                    }
                });
        return client.ready;
    }

    String jid() {
        return user + "@" + target.domain();
    }

    String fullJid() {
        return jid() + "/" + resource;
    }

    void onStanza(Consumer<Element> handler) {
        this.onStanza = handler;
    }

    void send(String xml) {
        channel.writeAndFlush(xml);
    }

    void close() {
        if (channel.isActive()) {
            channel.writeAndFlush("</stream:stream>");
            channel.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        header();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(new IllegalStateException(user + ": connection closed in phase " + phase));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }

    private void header() {
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
                + " to='" + target.domain() + "' version='1.0'>");
    }

    private void restart() {
        decoder.reset();
        header();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, StreamEvent event) {
        if (!(event instanceof StreamEvent.TopLevelElement top)) {
            if (event instanceof StreamEvent.StreamClose) {
                ctx.close();
            }
            return;
        }
        Element e = top.element();
        String name = e.getLocalName();
        switch (phase) {
            case PRE_TLS -> {
                if (name.equals("features")) {
                    send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
                } else if (name.equals("proceed")) {
                    SslHandler tls = target.tls().newHandler(ctx.alloc(), target.host(), target.port());
                    ctx.pipeline().addFirst(tls);
                    tls.handshakeFuture().addListener(f -> {
                        if (f.isSuccess()) {
                            phase = Phase.PRE_AUTH;
                            restart();
                        } else {
                            ready.completeExceptionally(f.cause());
                        }
                    });
                } else {
                    fail(e);
                }
            }
            case PRE_AUTH -> {
                if (!name.equals("features")) {
                    fail(e);
                } else if (register) {
                    phase = Phase.REGISTERING;
                    send("<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>" + user
                            + "</username><password>" + Bench.PASSWORD + "</password></query></iq>");
                } else {
                    authenticate();
                }
            }
            case REGISTERING -> {
                // A conflict means the account exists from an earlier run: fine.
                authenticate();
            }
            case AUTHENTICATING -> {
                if (name.equals("success")) {
                    phase = Phase.PRE_BIND;
                    restart();
                } else {
                    fail(e);
                }
            }
            case PRE_BIND -> {
                if (name.equals("features")) {
                    phase = Phase.BINDING;
                    send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                            + resource + "</resource></bind></iq>");
                }
            }
            case BINDING -> {
                if (!name.equals("iq") || !"result".equals(e.getAttribute("type"))) {
                    fail(e);
                } else if (target.streamManagement()) {
                    phase = Phase.ENABLING;
                    send("<enable xmlns='" + SM + "'/>");
                } else {
                    phase = Phase.READY;
                    ready.complete(this);
                }
            }
            case ENABLING -> {
                if (name.equals("enabled")) {
                    phase = Phase.READY;
                    ready.complete(this);
                } else {
                    fail(e);
                }
            }
            case READY -> {
                if (SM.equals(e.getNamespaceURI())) {
                    if (name.equals("r")) {
                        send("<a xmlns='" + SM + "' h='" + handled + "'/>");
                    }
                    return;
                }
                if (target.streamManagement()) {
                    handled++;
                }
                onStanza.accept(e);
            }
        }
    }

    private void authenticate() {
        phase = Phase.AUTHENTICATING;
        String plain = Base64.getEncoder().encodeToString(("\u0000" + user + "\u0000" + Bench.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
    }

    private void fail(Element e) {
        ready.completeExceptionally(new IllegalStateException(user + " in " + phase + ": " + Xml.serialize(e, null)));
        channel.close();
    }
}
