package org.intformer.train;

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
 * the first epoch is a candidate too (best epoch −1). With weight averaging ({@link TrainSettings#emaDecay()}) the
 * candidates are the averaged weights, batch-norm statistics re-estimated for them. Every random
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
        TrainState state = start(model, train, validation);
        advance(model, state, settings.epochs(), train, validation);
        state.restoreBest();
        return state.result();
    }

    /**
     * A fresh run of {@code model} on {@code train}, at epoch 0 (the optimiser is built on the parameters as they are
     * now). The starting state competes too: a model started at a fit (the linear path) or a calibrated QAT model is
     * kept when no epoch does better on validation.
     */
    public TrainState start(Trainable model, WindowSet train, WindowSet validation) {
        TrainState state = new TrainState(model, settings, train.n());
        double startVal = Inference.mse(model, compute, validation, Math.max(settings.batch(), 256));
        state.bestVal = Double.isNaN(startVal) ? Double.POSITIVE_INFINITY : startVal;
        return state;
    }

    /**
     * Trains on from where {@code state} stands up to epoch {@code untilEpoch} (at most the settings' epochs; the
     * learning-rate schedule always spans the settings' epochs, so stopping early and continuing changes nothing).
     * The model is left with the latest weights.
     */
    public void advance(Trainable model, TrainState state, int untilEpoch, WindowSet train, WindowSet validation) {
        if (train.n() != state.order.length) {
            throw new IllegalArgumentException("training windows changed between epochs: " + state.order.length + " -> " + train.n());
        }
        LearningRateSchedule schedule = settings.learningRateSchedule();
        // With epoch-windows, an epoch is the first windows of a fresh shuffle of all of them.
        int n = settings.windowsPerEpoch(train.n());
        float[] inputs = train.inputs();
        int in = train.inputStride();
        int out = train.yStride();
        int[] order = state.order;
        int stepsPerEpoch = (n + settings.batch() - 1) / settings.batch();
        for (int epoch = state.epochs(); epoch < Math.min(untilEpoch, settings.epochs()) && !state.finished; epoch++) {
            double lr = schedule.rate(epoch);
            shuffle(order, state.shuffle);
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
                Tensor loss = LossOps.mse(g, model.forward(g, xb, b, state.dropout), yb);
                g.backward(loss);
                state.adam.step(lr);
                if (state.average != null) {
                    state.average.update();
                }
                state.trainNanos += System.nanoTime() - s0;
                state.steps++;
                lossSum += loss.item() * b;
                listener.stepDone(loss.item());
            }
            // With weight averaging the average is the model that is validated and kept; training goes on from the
            // weights as trained (and their batch-norm statistics), put back below.
            Runnable trained = state.average != null ? useAverage(model, state, epoch, train) : null;
            double val = Inference.mse(model, compute, validation, Math.max(settings.batch(), 256));
            if (!Double.isFinite(val)) {
                // NaN never compares as an improvement: without this the untrained weights would come back as "best"
                throw new UserError("training diverged: the validation MSE is " + val + " after epoch " + (epoch + 1)
                        + " at learning rate " + lr + "; lower the learning rate (lr, or qat-lr for QAT)");
            }
            boolean improved = val < state.bestVal;
            if (improved) {
                state.bestVal = val;
                state.bestEpoch = epoch;
                state.best = model.checkpoint();
                state.sinceBest = 0;
            } else {
                state.sinceBest++;
            }
            if (trained != null) {
                trained.run();
            }
            EpochStats stats = new EpochStats(epoch, lossSum / n, val, lr, (System.nanoTime() - t0) / 1e9, improved);
            state.history.add(stats);
            listener.epochDone(stats);
            if (settings.patience() > 0 && state.sinceBest >= settings.patience()) {
                state.stoppedEarly = epoch + 1 < settings.epochs();
                state.finished = true;
            }
        }
    }

    /** Puts the averaged weights (and batch statistics estimated for them) into the model; returns the way back. */
    private Runnable useAverage(Trainable model, TrainState state, int epoch, WindowSet train) {
        Runnable trained = model.checkpoint();
        state.average.swapIn();
        if (!model.runningStatistics().isEmpty()) {
            BatchStatistics.reestimate(model, compute, train, settings.batch(), state.statisticsSeed + epoch);
        }
        return trained;
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
