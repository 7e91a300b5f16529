package org.intformer.train;

/** Optimisation settings of one training run. */
public record TrainSettings(int epochs, int batch, double lr, double beta1, double beta2, double eps, double weightDecay,
                            String schedule, int stepSize, double gamma, int patience, long seed) {
    public LearningRateSchedule learningRateSchedule() {
        return LearningRateSchedule.of(schedule, lr, epochs, stepSize, gamma);
    }
}
