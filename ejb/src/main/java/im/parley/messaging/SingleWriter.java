package im.parley.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Work that many threads queue and one writer does in batches: the writer takes everything
 * queued since its last batch (up to a bound) and does it at once, so many callers share
 * the cost of one transaction. Group commit ({@link GroupCommit}) and confirmations
 * ({@link Confirmations}) work this way.
 */
final class SingleWriter<T> {
    private final Queue<T> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final int maxBatch;
    private final Executor executor;
    private final Consumer<List<T>> write;
    private final BiConsumer<List<T>, RejectedExecutionException> notWritten;

    /**
     * @param write      does one batch; runs on the executor, one batch at a time
     * @param notWritten gets what waits when the executor refuses work (the application stops)
     */
    SingleWriter(int maxBatch, Executor executor, Consumer<List<T>> write,
                 BiConsumer<List<T>, RejectedExecutionException> notWritten) {
        this.maxBatch = maxBatch;
        this.executor = executor;
        this.write = write;
        this.notWritten = notWritten;
    }

    void add(T item) {
        waiting.add(item);
        startWriter();
    }

    void addAll(Collection<T> items) {
        waiting.addAll(items);
        startWriter();
    }

    private void startWriter() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::writeAll);
        } catch (RejectedExecutionException e) {
            writing.set(false);
            notWritten.accept(next(Integer.MAX_VALUE), e);
        }
    }

    private void writeAll() {
        try {
            for (List<T> batch = next(maxBatch); !batch.isEmpty(); batch = next(maxBatch)) {
                write.accept(batch);
            }
        } finally {
            writing.set(false);
        }
        if (!waiting.isEmpty()) {
            startWriter(); // queued between the last look and the flag going down
        }
    }

    private List<T> next(int max) {
        List<T> batch = new ArrayList<>();
        for (T item; batch.size() < max && (item = waiting.poll()) != null; ) {
            batch.add(item);
        }
        return batch;
    }
}
