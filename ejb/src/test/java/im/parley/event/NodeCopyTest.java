package im.parley.event;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NodeCopyTest {

    @Test
    void aValueIsReadOnceAndKeptUntilForgotten() {
        NodeCopy<String> copy = new NodeCopy<>(10);
        AtomicInteger reads = new AtomicInteger();

        copy.get("alice", key -> "v" + reads.incrementAndGet());
        assertEquals("v1", copy.get("alice", key -> "v" + reads.incrementAndGet()));

        copy.forget("alice");
        assertEquals("v2", copy.get("alice", key -> "v" + reads.incrementAndGet()));
    }

    @Test
    void aValueReadWhileAForgetHappenedIsNotKept() {
        NodeCopy<String> copy = new NodeCopy<>(10);

        String stale = copy.get("alice", key -> {
            copy.forget("alice");
            return "old";
        });

        assertEquals("old", stale);
        assertEquals("new", copy.get("alice", key -> "new"));
    }

    @Test
    void nothingIsKeptForAMissingValue() {
        NodeCopy<String> copy = new NodeCopy<>(10);

        assertNull(copy.get("ghost", key -> null));
        assertEquals("created", copy.get("ghost", key -> "created"));
    }

    @Test
    void pastItsBoundTheCopyStartsAgain() {
        NodeCopy<String> copy = new NodeCopy<>(1);
        copy.get("alice", key -> "a");

        copy.get("bob", key -> "b");

        assertEquals("a2", copy.get("alice", key -> "a2"));
    }

    @Test
    void forgettingEverythingMakesEveryValueReadAgain() {
        NodeCopy<String> copy = new NodeCopy<>(10);
        copy.get("alice", key -> "a");
        copy.get("bob", key -> "b");

        copy.forgetAll();

        assertEquals("a2", copy.get("alice", key -> "a2"));
        assertEquals("b2", copy.get("bob", key -> "b2"));
    }

    @Test
    void aValueReadWhileEverythingWasForgottenIsNotKept() {
        NodeCopy<String> copy = new NodeCopy<>(10);

        copy.get("alice", key -> {
            copy.forgetAll();
            return "old";
        });

        assertEquals("new", copy.get("alice", key -> "new"));
    }
}
