package im.parley.xmpp.listener;

import im.parley.account.AccountService;
import im.parley.messaging.MessageService;
import im.parley.monitoring.ParleyMetrics;
import im.parley.presence.PresenceService;
import im.parley.roster.RosterService;
import im.parley.rules.RulesService;
import im.parley.session.SessionRegistry;
import im.parley.xmpp.connection.Backpressure;
import im.parley.xmpp.connection.ConnectionContext;
import im.parley.xmpp.connection.ResumableSessions;
import im.parley.xmpp.connection.Services;
import im.parley.xmpp.connection.SignInLimiter;
import im.parley.xmpp.connection.XmppConnection;
import im.parley.xmpp.federation.DialbackKeys;
import im.parley.xmpp.federation.Federation;
import im.parley.xmpp.federation.IncomingServerStream;
import im.parley.xmpp.federation.RemoteNotifications;
import im.parley.xmpp.federation.RemoteStanzas;
import im.parley.xmpp.federation.ServerAddresses;
import im.parley.xmpp.handler.IqBlockingHandler;
import im.parley.xmpp.handler.IqCarbonsHandler;
import im.parley.xmpp.handler.IqCommandHandler;
import im.parley.xmpp.handler.IqVCardHandler;
import im.parley.xmpp.handler.IqMamHandler;
import im.parley.xmpp.handler.IqLastActivityHandler;
import im.parley.xmpp.handler.IqDiscoHandler;
import im.parley.xmpp.handler.IqHandler;
import im.parley.xmpp.handler.IqPingHandler;
import im.parley.xmpp.handler.IqRegisterHandler;
import im.parley.xmpp.handler.IqRosterHandler;
import im.parley.xmpp.handler.IqSessionHandler;
import im.parley.xmpp.handler.MessageHandler;
import im.parley.xmpp.handler.PresenceHandler;
import im.parley.xmpp.roster.RosterPushes;
import im.parley.xmpp.session.LocalXmppSessions;
import im.parley.xmpp.stanza.StanzaDispatcher;
import im.parley.xmpp.stanza.StanzaRouter;
import im.parley.xmpp.stream.XmlStreamDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * The client-to-server listener (RFC 6120) and the server-to-server one (federation),
 * started and stopped with the application.
 * Non-blocking I/O on a few event-loop threads; service calls, which wait on the database,
 * run on a separate pool so that no I/O thread ever blocks. All threads come from Liberty's
 * managed thread factory, so they run with the application's context.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class XmppListener {
    private static final Logger LOG = Logger.getLogger(XmppListener.class.getName());
    private static final int IO_THREADS = 2;
    /** Stanzas of one connection waiting for the service threads before it stops reading. */
    private static final int BACKLOG_HIGH = 64;
    private static final int BACKLOG_LOW = 16;

    @Resource
    private ManagedThreadFactory threads;

    @Inject
    private XmppSettings settings;

    @Inject
    private ParleyMetrics metrics;

    @EJB
    private AccountService accounts;
    @EJB
    private PresenceService presence;
    @EJB
    private MessageService messages;
    @EJB
    private RosterService roster;
    @EJB
    private RulesService rules;
    @EJB
    private SessionRegistry sessions;

    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private EventExecutorGroup serviceCalls;
    private ExecutorService lookups;
    private ChannelGroup connections;
    private Channel server;
    private Channel federationServer;
    private Federation federation;

    @PostConstruct
    void start() {
        Services services = new Services(accounts, presence, messages, roster, rules, sessions);
        LocalXmppSessions localSessions = new LocalXmppSessions(sessions);
        RosterPushes pushes = new RosterPushes(roster, localSessions);
        String domain = settings.domain();
        IqRegisterHandler registration = settings.registration() ? new IqRegisterHandler(accounts, domain) : null;
        IqCommandHandler commands = new IqCommandHandler(accounts, domain);
        List<IqHandler> iqHandlers = new ArrayList<>(List.of(
                new IqRosterHandler(roster, pushes),
                new IqDiscoHandler(settings.registration()),
                new IqDiscoHandler.Items(commands),
                commands,
                new IqPingHandler(),
                new IqSessionHandler(),
                new IqBlockingHandler(rules, localSessions),
                new IqCarbonsHandler(sessions),
                new IqVCardHandler(accounts),
                new IqMamHandler(messages),
                new IqLastActivityHandler(presence)));
        if (registration != null) {
            iqHandlers.add(registration);
        }
        serviceCalls = new DefaultEventExecutorGroup(settings.serviceThreads(), threads);
        // DNS lookups for federation block; on threads of their own they hold up no connection.
        lookups = Executors.newFixedThreadPool(2, threads);
        acceptor = new NioEventLoopGroup(1, threads);
        io = new NioEventLoopGroup(IO_THREADS, threads);
        SslContext tls = TlsCertificate.serverContext(settings.keyStore(), settings.keyStorePassword(), domain);
        federation = settings.serverPort() > 0
                ? Federation.enabled(domain, new DialbackKeys(settings.dialbackSecret()),
                        ServerAddresses.withRoutes(settings.federationRoutes()), TlsCertificate.clientContext(),
                        settings.maxStanzaBytes(), Duration.ofSeconds(settings.federationIdleSeconds()), io, lookups)
                : Federation.disabled(domain);
        StanzaRouter router = new StanzaRouter(messages, sessions, federation);
        MessageHandler messageHandler = new MessageHandler(messages, domain);
        StanzaDispatcher dispatcher = new StanzaDispatcher(iqHandlers,
                new PresenceHandler(presence, messages, roster, pushes, router, domain, settings.serverPort() > 0),
                messageHandler, router, federation, domain, metrics);
        SignInLimiter signIns = new SignInLimiter(settings.signInsPerAddress());
        ConnectionContext context = new ConnectionContext(domain, tls,
                services, dispatcher, pushes, registration, signIns,
                new ResumableSessions(serviceCalls, settings.resumeSeconds()));

        connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        server = listen(settings.port(), (channel, decoder) -> {
            Backpressure backpressure = new Backpressure(BACKLOG_HIGH, BACKLOG_LOW);
            channel.pipeline().addBefore("text", "backpressure", backpressure)
                    .addLast(serviceCalls, "xmpp", new XmppConnection(context, decoder, backpressure));
        });
        LOG.info(() -> "XMPP client listener for " + domain + " on port " + settings.port());
        if (settings.serverPort() > 0) {
            RemoteStanzas remoteStanzas = new RemoteStanzas(messageHandler, presence, roster, router, federation);
            sessions.federateThrough(new RemoteNotifications(federation));
            federationServer = listen(settings.serverPort(), (channel, decoder) -> channel.pipeline()
                    .addLast(serviceCalls, "xmpp", new IncomingServerStream(federation, remoteStanzas, tls, decoder, signIns)));
            LOG.info(() -> "XMPP server-to-server listener for " + domain + " on port " + settings.serverPort());
        }
    }

    /**
     * Listens on a port: each connection gets the XML stream decoder and the text encoder,
     * then whatever {@code stream} adds for its kind of stream.
     */
    private Channel listen(int port, BiConsumer<SocketChannel, XmlStreamDecoder> stream) {
        StringEncoder text = new StringEncoder(StandardCharsets.UTF_8);
        return new ServerBootstrap()
                .group(acceptor, io)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        XmlStreamDecoder decoder = new XmlStreamDecoder(settings.maxStanzaBytes());
                        channel.pipeline().addLast("xml", decoder).addLast("text", text);
                        stream.accept(channel, decoder);
                    }
                })
                .bind(port)
                .syncUninterruptibly()
                .channel();
    }

    /** Tells every client the server is going away (RFC 6120 section 4.9.3.18), then stops. */
    @PreDestroy
    void stop() {
        server.close().syncUninterruptibly();
        if (federationServer != null) {
            sessions.federateThrough(null);
            federationServer.close().syncUninterruptibly();
        }
        federation.close();
        connections.writeAndFlush("<stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "</stream:error></stream:stream>").awaitUninterruptibly(2000);
        connections.close().awaitUninterruptibly(2000);
        serviceCalls.shutdownGracefully().awaitUninterruptibly(5000);
        lookups.shutdownNow();
        io.shutdownGracefully().awaitUninterruptibly(5000);
        acceptor.shutdownGracefully().awaitUninterruptibly(5000);
        LOG.info("XMPP client listener stopped");
    }
}
