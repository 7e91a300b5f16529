package org.intformer.train;

import java.util.SplittableRandom;
import org.intformer.data.WindowSet;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;

/**
 * Re-estimates the batch-norm running statistics of a model whose weights were replaced (by their average): the
 * statistics the live weights collected in training belong to those weights, not to the average. Training-mode
 * forwards (no backward, no optimiser step) over a random sample of the training windows update them with the same
 * momentum estimator as training does, so they mean what they mean in a model trained without averaging.
 */
final class BatchStatistics {
    /**
     * Batches per re-estimation: with batch norm's momentum 0.1 the statistics the pass starts from weigh 0.9^32 ≈ 3 %
     * at the end; a bound, so that a large pool of windows does not make every epoch's validation cost an epoch.
     */
    static final int BATCHES = 32;

    private BatchStatistics() {
    }

    /**
     * Runs the model in training mode over up to {@link #BATCHES} batches of windows drawn (without repeats) with
     * {@code seed}; the model's batch-norm buffers change, nothing else does (dropout masks come from the same seed).
     */
    static void reestimate(Trainable model, Compute compute, WindowSet train, int batch, long seed) {
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
        for (int start = 0; start < count; start += batch) {
            int b = Math.min(batch, count - start);
            if (b < 2) {
                break; // a last batch of one window: the noisiest statistics, and none at all with one token
            }
            float[] xb = new float[b * in];
            for (int i = 0; i < b; i++) {
                System.arraycopy(inputs, order[start + i] * in, xb, i * in, in);
            }
            model.forward(new Graph(compute, true), xb, b, dropout);
        }
    }
}
