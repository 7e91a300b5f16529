package org.intformer.train;

import java.util.List;

/**
 * The outcome of training: the model holds the weights of {@code bestEpoch}. Timing counts optimisation steps
 * only (forward, backward, update), not validation, so ms per step compares with other tools.
 */
public record TrainResult(List<EpochStats> history, int bestEpoch, double bestValMse, int steps, double trainSeconds,
                          boolean stoppedEarly) {
    public TrainResult {
        history = List.copyOf(history);
    }

    public double msPerStep() {
        return steps == 0 ? 0 : 1000.0 * trainSeconds / steps;
    }
}
