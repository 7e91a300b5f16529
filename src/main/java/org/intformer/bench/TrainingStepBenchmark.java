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

    /**
     * Times {@code steps} steps after at least {@code warmup} untimed ones and at least {@code warmupSeconds} of them:
     * until C2 has compiled the Vector API kernels they run interpreted at a hundredth of their speed, and a few steps
     * of a small model are over before that (measured: 10 warm-up steps left the example model at 5x its speed).
     */
    public static Timing run(ModelSpec spec, Compute compute, int batch, int warmup, double warmupSeconds, int steps, long seed) {
        return time(new Stepper[] {new Stepper(new Forecaster(spec, seed), spec, batch, seed)}, compute, warmup, warmupSeconds,
                steps)[0];
    }

    /**
     * The float step and the QAT step (the same model with fake quantization at every point, calibrated on the
     * benchmark's windows first), alternating step by step so that a loaded machine slows both alike.
     */
    public static Timing[] runFloatAndQat(ModelSpec spec, QuantConfig quant, Compute compute, int batch, int warmup,
                                          double warmupSeconds, int steps, long seed) {
        float[] x = windows(spec, batch, new SplittableRandom(seed));
        QatModel qat = new QatModel(new Forecaster(spec, seed), quant, QatModel.inputGrid(x, quant), 1.0);
        qat.calibrate(x, batch, compute, batch);
        return time(new Stepper[] {new Stepper(new Forecaster(spec, seed), spec, batch, seed), new Stepper(qat, spec, batch, seed)},
                compute, warmup, warmupSeconds, steps);
    }

    /** One model's training step on fixed random windows. */
    private static final class Stepper {
        final Trainable model;
        final Adam adam;
        final SplittableRandom rng;
        final float[] x;
        final float[] y;
        final int batch;

        Stepper(Trainable model, ModelSpec spec, int batch, long seed) {
            this.model = model;
            this.adam = new Adam(model.parameters(), model::learningRateFactor, 0.9, 0.98, 1e-9, 0);
            this.rng = new SplittableRandom(seed);
            this.x = windows(spec, batch, rng);
            this.y = new float[batch * spec.outputs()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) rng.nextGaussian();
            }
            this.batch = batch;
        }

        double stepMs(Compute compute) {
            long t0 = System.nanoTime();
            Graph g = new Graph(compute, true);
            Tensor loss = LossOps.mse(g, model.forward(g, x, batch, rng), y);
            g.backward(loss);
            adam.step(1e-4);
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static float[] windows(ModelSpec spec, int batch, SplittableRandom rng) {
        float[] x = new float[batch * spec.lookback() * spec.inChannels()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static Timing[] time(Stepper[] steppers, Compute compute, int warmup, double warmupSeconds, int steps) {
        long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int s = 0; s < warmup || System.nanoTime() < until; s++) {
            for (Stepper stepper : steppers) {
                stepper.stepMs(compute);
            }
        }
        double[][] ms = new double[steppers.length][steps];
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < steppers.length; k++) {
                ms[k][s] = steppers[k].stepMs(compute);
            }
        }
        Timing[] out = new Timing[steppers.length];
        for (int k = 0; k < steppers.length; k++) {
            double[] sorted = ms[k].clone();
            java.util.Arrays.sort(sorted);
            out[k] = new Timing(sorted[sorted.length / 2], java.util.Arrays.stream(ms[k]).average().orElse(0), steps);
        }
        return out;
    }
}
