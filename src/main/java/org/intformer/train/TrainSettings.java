package org.intformer.train;

/**
 * Optimisation settings of one training run.
 *
 * @param epochWindows training windows per epoch, a fresh random sample of them each epoch; 0: all of them
 */
public record TrainSettings(int epochs, int batch, double lr, double beta1, double beta2, double eps, double weightDecay,
                            String schedule, int stepSize, double gamma, int patience, long seed, int epochWindows) {

    /** Every training window in every epoch. */
    public TrainSettings(int epochs, int batch, double lr, double beta1, double beta2, double eps, double weightDecay,
                         String schedule, int stepSize, double gamma, int patience, long seed) {
        this(epochs, batch, lr, beta1, beta2, eps, weightDecay, schedule, stepSize, gamma, patience, seed, 0);
    }

    /** Windows one epoch of {@code n} training windows trains on. */
    public int windowsPerEpoch(int n) {
        return epochWindows > 0 ? Math.min(epochWindows, n) : n;
    }

    public LearningRateSchedule learningRateSchedule() {
        return LearningRateSchedule.of(schedule, lr, epochs, stepSize, gamma);
    }
}
