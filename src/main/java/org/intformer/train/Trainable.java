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
     * Whether a training-mode forward updates running statistics (batch norm's) that evaluation then uses: after
     * the weights are replaced by their average those statistics must be estimated again ({@link BatchStatistics}).
     */
    default boolean updatesBatchStatistics() {
        return false;
    }

    /**
     * Copies everything that defines the model's predictions now (for keeping the best epoch) and returns the
     * action that puts exactly this state back.
     */
    Runnable checkpoint();
}
