package org.intformer.train;

/**
 * Optimisation settings of one training run.
 *
 * @param epochWindows training windows per epoch, a fresh random sample of them each epoch; 0: all of them
 * @param emaDecay     decay per step of the weight average that validation, early stopping and the result use
 *                     ({@link WeightAverage}); 0: no averaging, the weights as trained
 */
public record TrainSettings(int epochs, int batch, double lr, double beta1, double beta2, double eps, double weightDecay,
                            String schedule, int stepSize, double gamma, int patience, long seed, int epochWindows,
                            double emaDecay) {

    public TrainSettings {
        if (emaDecay != 0 && !(emaDecay > 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("emaDecay must be 0 (off) or in (0, 1), got " + emaDecay);
        }
    }

    /** Without weight averaging. */
    public TrainSettings(int epochs, int batch, double lr, double beta1, double beta2, double eps, double weightDecay,
                         String schedule, int stepSize, double gamma, int patience, long seed, int epochWindows) {
        this(epochs, batch, lr, beta1, beta2, eps, weightDecay, schedule, stepSize, gamma, patience, seed, epochWindows, 0);
    }

    /** Every training window in every epoch. */
    public TrainSettings(int epochs, int batch, double lr, double beta1, double beta2, double eps, double weightDecay,
                         String schedule, int stepSize, double gamma, int patience, long seed) {
        this(epochs, batch, lr, beta1, beta2, eps, weightDecay, schedule, stepSize, gamma, patience, seed, 0);
    }

    /** Whether validation and the result use the average of the weights rather than the weights as trained. */
    public boolean averagesWeights() {
        return emaDecay > 0;
    }

    /** Windows one epoch of {@code n} training windows trains on. */
    public int windowsPerEpoch(int n) {
        return epochWindows > 0 ? Math.min(epochWindows, n) : n;
    }

    public LearningRateSchedule learningRateSchedule() {
        return LearningRateSchedule.of(schedule, lr, epochs, stepSize, gamma);
    }
}
