package im.parley.messaging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleWriterTest {
    /** An executor that keeps what it is given until the test runs it. */
    private static final class HeldTasks implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.remove(0).run();
            }
        }
    }

    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final HeldTasks executor = new HeldTasks();

    private SingleWriter<String> writer() {
        return new SingleWriter<>(2, executor, batches::add,
                (left, stopping) -> batches.add(List.of("not written: " + String.join(",", left))));
    }

    @Test
    void everythingQueuedBeforeTheWriterRunsIsWrittenInOneBatchByTheExecutor() {
        SingleWriter<String> writer = writer();

        writer.add("a");
        writer.add("b");

        assertTrue(batches.isEmpty());
        executor.runAll();
        assertEquals(List.of(List.of("a", "b")), batches);
    }

    @Test
    void noBatchIsLargerThanTheBoundAndTheyKeepTheOrderItemsCameIn() {
        SingleWriter<String> writer = writer();

        writer.add("a");
        writer.add("b");
        writer.add("c");
        executor.runAll();

        assertEquals(List.of(List.of("a", "b"), List.of("c")), batches);
    }

    @Test
    void whatWaitsWhenTheExecutorRefusesWorkGoesToNotWritten() {
        SingleWriter<String> writer = new SingleWriter<>(2, task -> {
            throw new RejectedExecutionException("stopping");
        }, batches::add, (left, stopping) -> batches.add(List.of("not written: " + String.join(",", left))));

        writer.add("a");

        assertEquals(List.of(List.of("not written: a")), batches);
    }
}
