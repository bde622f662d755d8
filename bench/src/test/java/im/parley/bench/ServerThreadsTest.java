package im.parley.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Map;
import java.util.concurrent.SynchronousQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads this test's own JVM from /proc, as the benchmark reads the server's. */
@EnabledOnOs(OS.LINUX)
class ServerThreadsTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void everyHandOverBetweenTwoThreadsCountsAsContextSwitches() throws Exception {
        SynchronousQueue<Integer> handOver = new SynchronousQueue<>();
        Thread taker = new Thread(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    handOver.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        ServerThreads before = ServerThreads.of(SELF);
        for (int i = 0; i < 200; i++) {
            handOver.put(i);
            Thread.sleep(1); // the taker waits again before the next one, so each one wakes it
        }
        taker.join();
        long switches = ServerThreads.of(SELF).since(before).contextSwitches();

        assertTrue(switches >= 200, "200 hand-overs, " + switches + " context switches counted");
    }

    @Test
    void aThreadThatEndedBetweenTheTwoLooksTakesOnlyItsOwnCountsAlong() {
        ServerThreads before = new ServerThreads(Map.of(
                "10", new ServerThreads.Counts(0, 1000), "11", new ServerThreads.Counts(300, 40)));
        ServerThreads after = new ServerThreads(Map.of(
                "11", new ServerThreads.Counts(500, 45), "12", new ServerThreads.Counts(0, 7)));

        // Thread 10 ended with its 1,000; 11 went on (200 µs compiling, 5 switches); 12 was born (7).
        assertEquals(new ServerThreads.Counts(200, 12), after.since(before));
    }

    @Test
    void aProcessThatDoesNotExistHasNoThreads() {
        ServerThreads none = ServerThreads.of(Long.MAX_VALUE);

        assertEquals(Map.of(), none.byThread());
        assertEquals(new ServerThreads.Counts(0, 0), none.since(ServerThreads.of(SELF)));
    }
}
