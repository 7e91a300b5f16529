package org.intformer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.intformer.nn.Forecaster;
import org.intformer.nn.ModelSpec;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.KernelsFactory;
import org.intformer.tensor.LossOps;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.Tensor;
import org.intformer.train.Adam;

/**
 * The CPU time of one float training step (forward, backward, Adam; batch 256, one thread) of the three models of
 * README "Speed (measured)", as the stepping thread's CPU time: on a machine loaded by others, wall-clock time
 * measures the load as much as the code, CPU time much less (it leaves out the collector's threads and cache
 * contention still counts). Medians of {@code steps} (default 20) after three times as many warm-up steps. Run with
 * {@code java --add-modules jdk.incubator.vector -cp target/classes org.intformer.bench.StepCpuTime [steps]}.
 */
public final class StepCpuTime {
    private StepCpuTime() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        ModelSpec.Norm bn = ModelSpec.Norm.BATCH;
        ModelSpec.Activation relu = ModelSpec.Activation.RELU;
        ModelSpec[] specs = {
                new ModelSpec(1, new int[] {0}, 96, 24, 32, 1, 1, 128, bn, relu, ModelSpec.Head.GAP, false, 1, 0f, false),
                new ModelSpec(1, new int[] {0}, 96, 24, 16, 1, 1, 64, bn, relu, ModelSpec.Head.FLATTEN, true, 1, 0f, false),
                new ModelSpec(1, new int[] {0}, 96, 24, 32, 1, 1, 128, bn, relu, ModelSpec.Head.LAST, true, 8, 0f, true),
        };
        String[] names = {"paper", "d16", "S-96-24"};
        int batch = 256;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StringBuilder line = new StringBuilder("cpu ms/step, 1 thread:");
        try (Compute compute = new Compute(KernelsFactory.best(), new Parallel(1))) {
            for (int m = 0; m < specs.length; m++) {
                ModelSpec spec = specs[m];
                Forecaster model = new Forecaster(spec, 1);
                Adam adam = new Adam(model.parameters(), model::learningRateFactor, 0.9, 0.98, 1e-9, 0);
                SplittableRandom rng = new SplittableRandom(1);
                float[] x = new float[batch * spec.lookback() * spec.inChannels()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rng.nextGaussian();
                }
                float[] y = new float[batch * spec.outputs()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) rng.nextGaussian();
                }
                double[] ms = new double[steps];
                for (int s = -3 * steps; s < steps; s++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    Graph g = new Graph(compute, true);
                    Tensor loss = LossOps.mse(g, model.forward(g, x, batch, rng), y);
                    g.backward(loss);
                    adam.step(1e-4);
                    if (s >= 0) {
                        ms[s] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                line.append(String.format(Locale.ROOT, "  %s %.1f", names[m], ms[steps / 2]));
            }
        }
        System.out.println(line);
    }
}
