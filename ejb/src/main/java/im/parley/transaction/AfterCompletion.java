package im.parley.transaction;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;

/** Work to do once the current transaction has ended, told whether it committed. */
public final class AfterCompletion implements Synchronization {
    private final Outcome outcome;

    public interface Outcome {
        void ended(boolean committed);
    }

    public AfterCompletion(Outcome outcome) {
        this.outcome = outcome;
    }

    @Override
    public void beforeCompletion() {
        // Nothing to do before: only the outcome matters.
    }

    @Override
    public void afterCompletion(int status) {
        outcome.ended(status == Status.STATUS_COMMITTED);
    }
}
