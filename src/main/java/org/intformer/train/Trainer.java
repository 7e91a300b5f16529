package org.intformer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.UserError;
import org.intformer.data.WindowSet;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.LossOps;
import org.intformer.tensor.Tensor;

/**
 * Mini-batch training with Adam, a learning-rate schedule, and early stopping on the validation split (never
 * the test split): the weights of the best validation epoch are kept and restored at the end; the state before
 * the first epoch is a candidate too (best epoch −1). Every random
 * choice (shuffling, dropout) comes from the seed, so a run is reproducible for any thread count.
 */
public final class Trainer {
    private final Compute compute;
    private final TrainSettings settings;
    private final TrainingListener listener;

    public Trainer(Compute compute, TrainSettings settings, TrainingListener listener) {
        this.compute = compute;
        this.settings = settings;
        this.listener = listener;
    }

    public TrainResult fit(Trainable model, WindowSet train, WindowSet validation) {
        Adam adam = new Adam(model.parameters(), model::learningRateFactor, settings.beta1(), settings.beta2(), settings.eps(), settings.weightDecay());
        LearningRateSchedule schedule = settings.learningRateSchedule();
        SplittableRandom shuffle = new SplittableRandom(settings.seed());
        SplittableRandom dropout = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        int n = train.n();
        float[] inputs = train.inputs();
        int in = train.inputStride();
        int out = train.yStride();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        List<EpochStats> history = new ArrayList<>();
        // The starting state competes too: a model started at a fit (the linear path) or a calibrated QAT model
        // is kept when no epoch does better on validation.
        Runnable best = model.checkpoint();
        double bestVal = Inference.mse(model, compute, validation, Math.max(settings.batch(), 256));
        if (Double.isNaN(bestVal)) {
            bestVal = Double.POSITIVE_INFINITY;
        }
        int bestEpoch = -1;
        int sinceBest = 0;
        int steps = 0;
        long trainNanos = 0;
        boolean stoppedEarly = false;
        int stepsPerEpoch = (n + settings.batch() - 1) / settings.batch();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            double lr = schedule.rate(epoch);
            shuffle(order, shuffle);
            listener.epochStarted(epoch, settings.epochs(), stepsPerEpoch);
            long t0 = System.nanoTime();
            double lossSum = 0;
            for (int start = 0; start < n; start += settings.batch()) {
                int b = Math.min(settings.batch(), n - start);
                float[] xb = new float[b * in];
                float[] yb = new float[b * out];
                for (int i = 0; i < b; i++) {
                    int w = order[start + i];
                    System.arraycopy(inputs, w * in, xb, i * in, in);
                    System.arraycopy(train.y(), w * out, yb, i * out, out);
                }
                long s0 = System.nanoTime();
                Graph g = new Graph(compute, true);
                Tensor loss = LossOps.mse(g, model.forward(g, xb, b, dropout), yb);
                g.backward(loss);
                adam.step(lr);
                trainNanos += System.nanoTime() - s0;
                steps++;
                lossSum += loss.item() * b;
                listener.stepDone(loss.item());
            }
            double val = Inference.mse(model, compute, validation, Math.max(settings.batch(), 256));
            if (!Double.isFinite(val)) {
                // NaN never compares as an improvement: without this the untrained weights would come back as "best"
                throw new UserError("training diverged: the validation MSE is " + val + " after epoch " + (epoch + 1)
                        + " at learning rate " + lr + "; lower the learning rate (lr, or qat-lr for QAT)");
            }
            boolean improved = val < bestVal;
            if (improved) {
                bestVal = val;
                bestEpoch = epoch;
                best = model.checkpoint();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            EpochStats stats = new EpochStats(epoch, lossSum / n, val, lr, (System.nanoTime() - t0) / 1e9, improved);
            history.add(stats);
            listener.epochDone(stats);
            if (settings.patience() > 0 && sinceBest >= settings.patience()) {
                stoppedEarly = epoch + 1 < settings.epochs();
                break;
            }
        }
        best.run();
        return new TrainResult(history, bestEpoch, bestVal, steps, trainNanos / 1e9, stoppedEarly);
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
