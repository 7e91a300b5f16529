package org.intformer.bench;

import java.util.SplittableRandom;
import org.intformer.nn.Forecaster;
import org.intformer.nn.ModelSpec;
import org.intformer.quant.QatModel;
import org.intformer.quant.QuantConfig;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.LossOps;
import org.intformer.tensor.Tensor;
import org.intformer.train.Adam;
import org.intformer.train.Trainable;

/**
 * Times full training steps (forward, backward, Adam update) of a model on random windows, the same work a
 * PyTorch training step does, so that the two tools compare per step; and the same step under quantization-aware
 * training, so that QAT's overhead is a ratio measured in the same run.
 */
public final class TrainingStepBenchmark {
    /** Median and mean milliseconds per step over the timed steps. */
    public record Timing(double medianMs, double meanMs, int steps) {
    }

    private TrainingStepBenchmark() {
    }

    public static Timing run(ModelSpec spec, Compute compute, int batch, int warmup, int steps, long seed) {
        return time(new Forecaster(spec, seed), compute, batch, warmup, steps, seed, spec);
    }

    /** The QAT step: the same model with fake quantization at every point, calibrated on the benchmark's windows first. */
    public static Timing runQat(ModelSpec spec, QuantConfig quant, Compute compute, int batch, int warmup, int steps, long seed) {
        float[] x = windows(spec, batch, new SplittableRandom(seed));
        QatModel qat = new QatModel(new Forecaster(spec, seed), quant, QatModel.inputGrid(x, quant), 1.0);
        qat.calibrate(x, batch, compute, batch);
        return time(qat, compute, batch, warmup, steps, seed, spec);
    }

    private static float[] windows(ModelSpec spec, int batch, SplittableRandom rng) {
        float[] x = new float[batch * spec.lookback() * spec.inChannels()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static Timing time(Trainable model, Compute compute, int batch, int warmup, int steps, long seed, ModelSpec spec) {
        Adam adam = new Adam(model.parameters(), model::learningRateFactor, 0.9, 0.98, 1e-9, 0);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = windows(spec, batch, rng);
        float[] y = new float[batch * spec.outputs()];
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
