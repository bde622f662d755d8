package im.parley.testsupport;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for what the server does asynchronously: asks again every 100 ms, for up to 30 s. */
public final class Eventually {
    private static final long TIMEOUT_SECONDS = 30;

    private Eventually() {
    }

    /** The first value the probe finds; fails with the message when none comes in time. */
    public static <T> T found(String failure, Supplier<Optional<T>> probe) throws InterruptedException {
        return found(TIMEOUT_SECONDS, failure, probe);
    }

    /** As {@link #found(String, Supplier)}, for something that takes longer to come. */
    public static <T> T found(long seconds, String failure, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(failure);
    }

    /** Returns once the condition holds; fails with the message when it does not in time. */
    public static void holds(String failure, BooleanSupplier condition) throws InterruptedException {
        found(failure, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** A principal's subscribers (over HTTP) include the watcher, pending or not. */
    public static void subscriberAppears(HttpApi presentity, String watcher) throws InterruptedException {
        holds(watcher + " never asked to subscribe", () -> presentity
                .get(HttpAssertions.presentity(presentity) + "/subscribers").body().contains(watcher));
    }

    /** The first message waiting in a principal's inbox. */
    public static jakarta.json.JsonObject inboxMessage(HttpApi principal) throws InterruptedException {
        return found("The inbox of " + principal.address() + " stayed empty", () -> {
            var inbox = principal.get("/inbox").array();
            return inbox.isEmpty() ? Optional.empty() : Optional.of(inbox.getJsonObject(0));
        });
    }
}
