package im.parley.presence;

import im.parley.account.Address;
import im.parley.config.ParleySettings;
import im.parley.event.EventPublisher;
import im.parley.rules.VisibilityRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records who watched a presentity and how, recognises POLLERS, and turns the records into
 * WATCHER INFORMATION with the watchers' VISIBILITY RULES applied. A watcher that appears
 * for the first time in the span is announced to the presentity's principals.
 */
@ApplicationScoped
public class WatcherLog {
    @PersistenceContext(unitName = "parley")
    private EntityManager em;

    @Inject
    private ParleySettings settings;

    @Inject
    private EventPublisher events;

    void recordFetch(Presentity presentity, Address watcher, String protocol) {
        Instant now = Instant.now();
        long recentFetches = em.createQuery("select count(r) from WatcherRecord r where r.presentity = :p"
                        + " and r.watcher = :w and r.kind in :kinds and r.recordedAt >= :since", Long.class)
                .setParameter("p", presentity)
                .setParameter("w", watcher.bare().toString())
                .setParameter("kinds", Set.of(WatchKind.FETCH, WatchKind.POLL))
                .setParameter("since", now.minus(settings.pollWindow()))
                .getSingleResult();
        WatchKind kind = recentFetches + 1 >= settings.pollFetches() ? WatchKind.POLL : WatchKind.FETCH;
        record(presentity, watcher, kind, protocol, now);
    }

    void recordSubscription(Presentity presentity, Address watcher, String protocol) {
        record(presentity, watcher, WatchKind.SUBSCRIBE, protocol, Instant.now());
    }

    private void record(Presentity presentity, Address watcher, WatchKind kind, String protocol, Instant now) {
        boolean seenBefore = !em.createQuery("select r.id from WatcherRecord r where r.presentity = :p"
                        + " and r.watcher = :w and r.recordedAt >= :since", Long.class)
                .setParameter("p", presentity)
                .setParameter("w", watcher.bare().toString())
                .setParameter("since", now.minus(settings.watcherInfoWindow()))
                .setMaxResults(1)
                .getResultList().isEmpty();
        em.persist(new WatcherRecord(presentity, watcher, kind, protocol, now));
        if (!seenBefore && (kind == WatchKind.SUBSCRIBE || !hidesFetches(watcher, presentity))) {
            Set<String> principals = presentity.controllers().stream()
                    .map(p -> p.address().toString()).collect(Collectors.toSet());
            events.publish(new WatcherNotification(presentity.address().toString(),
                    new WatcherInformation(watcher.bare().toString(), kind, protocol, now, 1), principals));
        }
    }

    /**
     * Deletes up to {@code max} records made before a moment, oldest first; returns how many.
     * In bounded batches, so that a long backlog does not make one huge transaction.
     */
    int forgetRecordsBefore(Instant moment, int max) {
        List<Long> old = em.createQuery("select r.id from WatcherRecord r where r.recordedAt < :moment"
                        + " order by r.recordedAt", Long.class)
                .setParameter("moment", moment)
                .setMaxResults(max)
                .getResultList();
        if (old.isEmpty()) {
            return 0;
        }
        return em.createQuery("delete from WatcherRecord r where r.id in :ids").setParameter("ids", old).executeUpdate();
    }

    List<WatcherInformation> informationFor(Presentity presentity, List<Subscription> subscriptions) {
        List<WatcherRecord> records = em.createQuery("select r from WatcherRecord r where r.presentity = :p"
                        + " and r.recordedAt >= :since order by r.recordedAt", WatcherRecord.class)
                .setParameter("p", presentity)
                .setParameter("since", Instant.now().minus(settings.watcherInfoWindow()))
                .getResultList();
        Map<String, Boolean> hidden = new HashMap<>();
        Map<String, WatcherInformation> byWatcher = new LinkedHashMap<>();
        for (WatcherRecord record : records) {
            boolean isFetch = record.kind() != WatchKind.SUBSCRIBE;
            if (isFetch && hidden.computeIfAbsent(record.watcher(),
                    w -> hidesFetches(Address.parse(w), presentity))) {
                continue;
            }
            byWatcher.merge(record.watcher(),
                    new WatcherInformation(record.watcher(), record.kind(), record.protocol(), record.recordedAt(), 1),
                    WatcherLog::combine);
        }
        for (Subscription subscription : subscriptions) {
            if (subscription.state() != SubscriptionState.NONE) {
                String watcher = subscription.watcher().toString();
                byWatcher.compute(watcher, (w, info) -> info == null
                        ? new WatcherInformation(w, WatchKind.SUBSCRIBE, "", null, 0)
                        : new WatcherInformation(w, WatchKind.SUBSCRIBE, info.protocol(), info.lastSeen(), info.count()));
            }
        }
        return byWatcher.values().stream()
                .sorted(Comparator.comparing(WatcherInformation::watcher))
                .toList();
    }

    /** Subscribe outranks poll outranks fetch; the latest record gives protocol and time. */
    private static WatcherInformation combine(WatcherInformation earlier, WatcherInformation later) {
        WatchKind kind = later.kind().compareTo(earlier.kind()) > 0 ? later.kind() : earlier.kind();
        return new WatcherInformation(later.watcher(), kind, later.protocol(), later.lastSeen(),
                earlier.count() + later.count());
    }

    private boolean hidesFetches(Address watcher, Presentity presentity) {
        List<VisibilityRule> rules = em.createQuery("select v from VisibilityRule v where v.watcher.address = :w"
                        + " and (v.presentity is null or v.presentity = :p)", VisibilityRule.class)
                .setParameter("w", watcher.bare().toString())
                .setParameter("p", presentity.address().toString())
                .getResultList();
        // A rule about this presentity outranks the watcher's rule for all presentities.
        return rules.stream()
                .map(VisibilityRule::data)
                .min(Comparator.comparing(rule -> rule.presentity() == null))
                .map(rule -> rule.hideFetches())
                .orElse(false);
    }
}
