package im.parley.event;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * This node's copy of something read from the database per principal, kept until an event
 * says it changed. A value read while a forget happened is not kept: it may be the old one.
 * Beyond {@code maxKept} entries the copy starts again, so memory stays bounded.
 */
public final class NodeCopy<V> {
    private final Map<String, V> kept = new ConcurrentHashMap<>();
    private final AtomicLong forgets = new AtomicLong();
    private final int maxKept;

    public NodeCopy(int maxKept) {
        this.maxKept = maxKept;
    }

    /** The kept value, or {@code read}'s, kept unless null. */
    public V get(String key, Function<String, V> read) {
        V known = kept.get(key);
        if (known != null) {
            return known;
        }
        long before = forgets.get();
        V value = read.apply(key);
        if (value != null) {
            if (kept.size() >= maxKept) {
                kept.clear();
            }
            if (forgets.get() == before) {
                kept.put(key, value);
            }
        }
        return value;
    }

    public void forget(String key) {
        forgets.incrementAndGet();
        kept.remove(key);
    }

    public void forgetAll() {
        forgets.incrementAndGet();
        kept.clear();
    }
}
