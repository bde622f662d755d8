package im.parley.event;

import im.parley.config.ParleySettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.jms.JMSRuntimeException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's subscription to the event topic, known to be live once {@link EventListener}
 * hears an echo this node sent. Until then the node would miss what other nodes publish (a
 * contact's subscription request, a session's route changing), so no session opens on it
 * before: the listener gets messages only once the application has started, and on a node
 * whose messaging engine is another node's, only once that engine is reached.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class EventSubscription {
    private static final Logger LOG = Logger.getLogger(EventSubscription.class.getName());
    private static final long ECHO_EVERY_MILLIS = 500;
    private static final int ECHOES_BEFORE_WARNING = 60;

    private final CompletableFuture<Void> heard = new CompletableFuture<>();

    @Resource
    private TimerService timers;

    @Inject
    private ParleySettings settings;

    @Inject
    private EventPublisher events;

    @Inject
    private Event<EventTopicHeard> topicHeard;

    private int echoesSent;

    @PostConstruct
    void echoUntilHeard() {
        // The first one at once: on a node with its own messaging engine it is heard as soon as
        // the application has started.
        sendEcho();
        timers.createIntervalTimer(ECHO_EVERY_MILLIS, ECHO_EVERY_MILLIS, new TimerConfig(null, false));
    }

    /** Whether this node receives what the others publish, waiting up to {@code patience} for it. */
    public boolean awaitHeard(Duration patience) {
        try {
            heard.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e);
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void echo(Timer timer) {
        if (heard.isDone()) {
            timer.cancel();
            return;
        }
        if (++echoesSent % ECHOES_BEFORE_WARNING == 0) {
            LOG.warning(() -> "Node " + settings.node() + " has not heard the event topic for "
                    + echoesSent * ECHO_EVERY_MILLIS / 1000 + " s; no session opens on it until it does");
        }
        sendEcho();
    }

    private void sendEcho() {
        try {
            events.echo();
        } catch (JMSRuntimeException e) {
            // The messaging engine may not be reachable yet; the next tick tries again.
            LOG.log(Level.FINE, "Could not send an echo on the event topic", e);
        }
    }

    /** Called by the listener for an echo this node sent. */
    public void echoed() {
        if (heard.isDone()) {
            return;
        }
        // Copies read before now may have missed the events that should have made them forgotten.
        topicHeard.fire(new EventTopicHeard());
        LOG.info(() -> "Node " + settings.node() + " hears the event topic");
        heard.complete(null);
    }
}
