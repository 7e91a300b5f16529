package org.intformer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.intformer.data.WindowSet;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.NormOps;
import org.intformer.tensor.Tensor;

/**
 * Re-estimates the running statistics (batch norm's) of a model whose weights were replaced by their average: the
 * statistics the weights as trained collected belong to those weights, not to the average. As PyTorch's
 * {@code update_bn}: training-mode forwards (no backward, no optimiser step) over a random sample of the training
 * windows, each statistic the plain mean of its per-batch values, whatever it held before.
 */
final class BatchStatistics {
    /** Batches per re-estimation at most: a bound, so that on a large pool of windows it does not cost an epoch. */
    static final int BATCHES = 32;

    private BatchStatistics() {
    }

    /**
     * Runs the model in training mode over up to {@link #BATCHES} batches of windows drawn (without repeats) with
     * {@code seed}; only the model's running statistics change (dropout masks come from the same seed).
     */
    static void reestimate(Trainable model, Compute compute, WindowSet train, int batch, long seed) {
        List<Tensor> stats = List.copyOf(model.runningStatistics().values());
        int n = train.n();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int count = Math.min(n, BATCHES * batch);
        // a partial Fisher-Yates shuffle: the first count entries are a uniform sample
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] inputs = train.inputs();
        int in = train.inputStride();
        SplittableRandom dropout = rng.split();
        List<double[]> sums = new ArrayList<>();
        stats.forEach(t -> sums.add(new double[t.size()]));
        int batches = 0;
        for (int start = 0; start < count; start += batch) {
            int b = Math.min(batch, count - start);
            if (b < 2 && batches > 0) {
                break; // a last batch of one window: the noisiest statistics
            }
            float[] xb = new float[b * in];
            for (int i = 0; i < b; i++) {
                System.arraycopy(inputs, order[start + i] * in, xb, i * in, in);
            }
            // From zero, one update leaves m·(the batch's statistic)
            stats.forEach(t -> java.util.Arrays.fill(t.data(), 0f));
            model.forward(new Graph(compute, true), xb, b, dropout);
            for (int s = 0; s < stats.size(); s++) {
                float[] v = stats.get(s).data();
                double[] sum = sums.get(s);
                for (int j = 0; j < v.length; j++) {
                    sum[j] += v[j] / (double) NormOps.MOMENTUM;
                }
            }
            batches++;
        }
        for (int s = 0; s < stats.size(); s++) {
            float[] v = stats.get(s).data();
            double[] sum = sums.get(s);
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (sum[j] / batches);
            }
        }
    }
}
