package org.intformer.bench;

import java.util.SplittableRandom;
import org.intformer.nn.Forecaster;
import org.intformer.nn.ModelSpec;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.LossOps;
import org.intformer.tensor.Tensor;
import org.intformer.train.Adam;

/**
 * Times full training steps (forward, backward, Adam update) of a model on random windows, the same work a
 * PyTorch training step does, so that the two tools compare per step.
 */
public final class TrainingStepBenchmark {
    /** Median and mean milliseconds per step over the timed steps. */
    public record Timing(double medianMs, double meanMs, int steps) {
    }

    private TrainingStepBenchmark() {
    }

    public static Timing run(ModelSpec spec, Compute compute, int batch, int warmup, int steps, long seed) {
        Forecaster model = new Forecaster(spec, seed);
        Adam adam = new Adam(model.parameters(), 0.9, 0.98, 1e-9, 0);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * spec.lookback() * spec.inChannels()];
        float[] y = new float[batch * spec.outputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rng.nextGaussian();
        }
        double[] ms = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            Graph g = new Graph(compute, true);
            Tensor loss = LossOps.mse(g, model.forward(g, x, batch, rng), y);
            g.backward(loss);
            adam.step(1e-4);
            if (s >= warmup) {
                ms[s - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double[] sorted = ms.clone();
        java.util.Arrays.sort(sorted);
        double mean = java.util.Arrays.stream(ms).average().orElse(0);
        return new Timing(sorted[sorted.length / 2], mean, steps);
    }
}
