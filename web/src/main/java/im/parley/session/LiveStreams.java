package im.parley.session;

import im.parley.account.Address;
import im.parley.http.Caller;
import im.parley.http.HttpSettings;
import im.parley.messaging.InstantMessageData;
import im.parley.messaging.MessageCopy;
import im.parley.messaging.MessageService;
import im.parley.presence.PresenceService;
import im.parley.presence.PresenceTupleData;
import im.parley.presence.SubscriptionData;
import im.parley.presence.SubscriptionState;
import im.parley.problem.ParleyException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens live streams: each is a client session (protocol "http") in the session registry,
 * so NOTIFICATIONS and messages reach it as they reach an XMPP connection. A stream that is
 * "available" publishes an OPEN tuple keyed by its resource (XMPP contacts see
 * user@domain/resource come online) and takes what waited in the inbox, like XMPP's
 * initial presence.
 */
@ApplicationScoped
public class LiveStreams {
    public static final String PROTOCOL = "http";
    private static final Logger LOG = Logger.getLogger(LiveStreams.class.getName());

    @EJB
    private SessionRegistry sessions;

    @EJB
    private PresenceService presence;

    @EJB
    private MessageService messages;

    @Inject
    private HttpSettings settings;

    @Resource
    private ManagedExecutorService executor;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    private final SecureRandom random = new SecureRandom();
    /** This node's live streams by session id. */
    private final Map<String, LiveStream> open = new ConcurrentHashMap<>();
    private Jsonb jsonb;
    private ScheduledFuture<?> keepAlive;

    @PostConstruct
    void start() {
        jsonb = JsonbBuilder.create();
        // Keep-alives keep proxies from closing idle streams and find clients that left.
        int every = settings.keepAliveSeconds();
        keepAlive = scheduler.scheduleAtFixedRate(() -> open.values().forEach(LiveStream::keepAlive),
                every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        keepAlive.cancel(false);
        open.values().forEach(LiveStream::end);
    }

    /**
     * Opens a stream for the caller on a resource (a random "web-..." one when null).
     * Refused with CONFLICT when that full address has a session already.
     */
    public LiveStream open(Caller caller, StreamOptions options, LiveStream.Sink sink) {
        String resource = options.resource();
        Address address = caller.address().withResource(
                resource == null || resource.isBlank() ? "web-" + HexFormat.of().formatHex(randomBytes()) : resource);
        String[] sessionId = new String[1];
        LiveStream stream = new LiveStream(sink, executor, jsonb, options.acknowledged(),
                unwritten -> closed(sessionId[0], unwritten));
        ClientSession session = sessions.open(address, PROTOCOL, stream);
        sessionId[0] = session.id();
        open.put(session.id(), stream);
        stream.session(session);
        try {
            initialPresence(caller.address(), stream);
            if (options.available()) {
                presence.publish(caller.address(), caller.address(), PresenceTupleData.open(session.resource()),
                        session.id());
                for (InstantMessageData message : messages.openInbox(session.id())) {
                    stream.message(message, MessageCopy.ORIGINAL);
                }
            }
        } catch (RuntimeException e) {
            stream.end();
            throw e;
        }
        return stream;
    }

    /** The current presence of everyone the caller is subscribed to, and of its own other sessions. */
    private void initialPresence(Address me, LiveStream stream) {
        List<String> watched = presence.subscriptionsBy(me).stream()
                .filter(s -> s.state() == SubscriptionState.ACTIVE)
                .map(SubscriptionData::presentity)
                .toList();
        for (String presentity : watched) {
            try {
                presence.fetch(me, Address.parse(presentity), PROTOCOL).tuples()
                        .forEach(tuple -> stream.presence(presentity, tuple));
            } catch (ParleyException refused) {
                // A rule may withhold a presentity despite the subscription: then there is nothing to show.
                LOG.log(Level.FINE, "Initial presence of " + presentity + " withheld", refused);
            }
        }
        presence.fetch(me, me, PROTOCOL).tuples().forEach(tuple -> stream.presence(me.toString(), tuple));
    }

    /**
     * The caller's client has a message its stream on this node delivered. A stream lives on
     * one node; a load balancer in front of a cluster must keep a client on its stream's node.
     */
    public void acknowledge(Caller caller, String sessionId, String messageId) {
        LiveStream stream = open.get(sessionId);
        if (stream == null || !sessions.session(sessionId).principal().equals(caller.address())) {
            throw ParleyException.notFound("No live stream " + sessionId + " on this node");
        }
        if (!stream.acknowledge(messageId)) {
            throw ParleyException.notFound("Stream " + sessionId + " awaits no acknowledgement of " + messageId);
        }
        messages.confirmed(List.of(messageId));
    }

    private void closed(String sessionId, List<String> unwrittenMessages) {
        if (sessionId != null) {
            open.remove(sessionId);
            sessions.close(sessionId);
        }
        unwrittenMessages.forEach(messages::storeUnconfirmed);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return bytes;
    }
}
