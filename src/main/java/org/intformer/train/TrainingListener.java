package org.intformer.train;

/** Hooks for progress display; all calls come from the training thread. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    default void epochStarted(int epoch, int epochs, int steps) {
    }

    default void stepDone(double loss) {
    }

    default void epochDone(EpochStats stats) {
    }
}
