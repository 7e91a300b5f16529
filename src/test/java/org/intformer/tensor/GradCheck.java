package org.intformer.tensor;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Central finite-difference check of an op's analytic gradients: the loss is the MSE of the op's output
 * against a fixed random target, and every input element is perturbed by ±h.
 */
public final class GradCheck {
    private GradCheck() {
    }

    static Compute compute() {
        return new Compute(new ScalarKernels(), new Parallel(1));
    }

    static Tensor randomParam(SplittableRandom rng, int... shape) {
        float[] d = new float[Math.toIntExact(Shapes.size(shape))];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return Tensor.param(d, shape);
    }

    /** Asserts analytic and numeric gradients agree for every element of every input. */
    public static void check(List<Tensor> inputs, BiFunction<Graph, List<Tensor>, Tensor> op, double tolerance) {
        Compute c = compute();
        Tensor probe = op.apply(new Graph(c, false), inputs);
        SplittableRandom rng = new SplittableRandom(7);
        float[] target = new float[probe.size()];
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) rng.nextGaussian();
        }
        Graph g = new Graph(c, true);
        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        Tensor loss = LossOps.mse(g, op.apply(g, inputs), target);
        g.backward(loss);
        double h = 1e-2;
        for (Tensor t : inputs) {
            if (!t.requiresGrad()) {
                continue;
            }
            float[] analytic = t.grad() == null ? new float[t.size()] : t.grad().clone();
            for (int i = 0; i < t.size(); i++) {
                float saved = t.data()[i];
                t.data()[i] = (float) (saved + h);
                double up = lossOf(c, op, inputs, target);
                t.data()[i] = (float) (saved - h);
                double down = lossOf(c, op, inputs, target);
                t.data()[i] = saved;
                double numeric = (up - down) / (2 * h);
                assertThat(analytic[i])
                        .as("d loss / d %s[%d]", t, i)
                        .isCloseTo((float) numeric, org.assertj.core.data.Offset.offset((float) (tolerance * Math.max(1, Math.abs(numeric)))));
            }
        }
    }

    private static double lossOf(Compute c, BiFunction<Graph, List<Tensor>, Tensor> op, List<Tensor> inputs, float[] target) {
        // Training mode so batch norm uses batch statistics, as in the analytic pass; no backward is run.
        Graph g = new Graph(c, true);
        return LossOps.mse(g, op.apply(g, inputs), target).item();
    }
}
