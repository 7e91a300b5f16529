package org.intformer.train;

import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Tensor;

/** A model the trainer can optimise: the float forecaster, or the forecaster under quantization-aware training. */
public interface Trainable {
    /** Forecasts [batch, outputs] for flat windows; dropout masks come from {@code rng}. */
    Tensor forward(Graph g, float[] windows, int batch, SplittableRandom rng);

    /** The tensors the optimiser updates. */
    Map<String, Tensor> parameters();

    /** Learning rate of a parameter relative to the schedule's (1 for ordinary weights). */
    default double learningRateFactor(String parameter) {
        return 1.0;
    }

    /**
     * The running statistics (batch norm's means and variances) that a training-mode forward updates, each to
     * {@code (1 − m)·itself + m·(the batch's statistic)} with m = {@code NormOps.MOMENTUM}, and evaluation uses; empty
     * when it has none (or, as in QAT, keeps them frozen). After the weights are replaced by their average they are
     * estimated again ({@link BatchStatistics}).
     */
    default Map<String, Tensor> runningStatistics() {
        return Map.of();
    }

    /**
     * Copies everything that defines the model's predictions now (for keeping the best epoch) and returns the
     * action that puts exactly this state back.
     */
    Runnable checkpoint();
}
