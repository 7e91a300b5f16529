package org.intformer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where a training run stands between epochs: the optimiser's moments, the random sources' positions, the
 * shuffled order, the best epoch so far and its weights, and the counters. {@link Trainer#advance} continues from
 * it, so a run trained to epoch a and then on to epoch b is the same run, to the bit, as one trained to b at once.
 * It lives in memory with the model it belongs to; it holds no data.
 */
public final class TrainState {
    final Adam adam;
    final SplittableRandom shuffle;
    final SplittableRandom dropout;
    final int[] order;
    /** The average of the weights that validation and the result use, or null (no averaging). */
    final WeightAverage average;
    /** The seed of the batch-statistics re-estimation of the averaged weights (one stream per epoch). */
    final long statisticsSeed;
    final List<EpochStats> history = new ArrayList<>();
    Runnable best;
    double bestVal = Double.POSITIVE_INFINITY;
    int bestEpoch = -1;
    int sinceBest;
    int steps;
    long trainNanos;
    boolean stoppedEarly;
    /** Set when patience ran out: the run is over, however many epochs are asked for. */
    boolean finished;

    TrainState(Trainable model, TrainSettings settings, int n) {
        this.adam = new Adam(model.parameters(), model::learningRateFactor, settings.beta1(), settings.beta2(), settings.eps(),
                settings.weightDecay());
        this.shuffle = new SplittableRandom(settings.seed());
        this.dropout = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        this.average = settings.averagesWeights() ? new WeightAverage(model.parameters(), settings.emaDecay()) : null;
        this.statisticsSeed = settings.seed() ^ 0x2545F4914F6CDD1DL;
        this.best = model.checkpoint();
    }

    /** Epochs trained so far. */
    public int epochs() {
        return history.size();
    }

    /** The outcome so far; the model holds the latest weights until {@link #restoreBest()}. */
    public TrainResult result() {
        return new TrainResult(history, bestEpoch, bestVal, steps, trainNanos / 1e9, stoppedEarly);
    }

    /** Puts the best epoch's weights (and quantizer state) back into the model. */
    public void restoreBest() {
        best.run();
    }
}
