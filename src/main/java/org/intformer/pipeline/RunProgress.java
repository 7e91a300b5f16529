package org.intformer.pipeline;

import org.intformer.train.TrainingListener;

/** What {@link RunJob} tells its user while it works. */
public interface RunProgress {
    RunProgress NONE = new RunProgress() {
    };

    /** A stage starts running; the returned listener receives its training steps (if it trains). */
    default TrainingListener stageStarted(String stage, String description) {
        return TrainingListener.NONE;
    }

    /** A stage finished, ran now or was reused from an earlier run. */
    default void stageDone(StageOutcome outcome) {
    }
}
