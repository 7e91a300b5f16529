package org.intformer.train;

import org.intformer.UserError;

/** Learning rate per epoch (0-based). */
public sealed interface LearningRateSchedule {
    double rate(int epoch);

    /** Multiplies the base rate by gamma every stepSize epochs (PyTorch's StepLR). */
    record Step(double base, int stepSize, double gamma) implements LearningRateSchedule {
        @Override
        public double rate(int epoch) {
            return base * Math.pow(gamma, epoch / stepSize);
        }
    }

    /** Half a cosine from the base rate down to zero over the run. */
    record Cosine(double base, int epochs) implements LearningRateSchedule {
        @Override
        public double rate(int epoch) {
            return base * 0.5 * (1 + Math.cos(Math.PI * epoch / Math.max(1, epochs)));
        }
    }

    record Constant(double base) implements LearningRateSchedule {
        @Override
        public double rate(int epoch) {
            return base;
        }
    }

    static LearningRateSchedule of(String name, double base, int epochs, int stepSize, double gamma) {
        return switch (name.toLowerCase()) {
            case "step" -> new Step(base, stepSize, gamma);
            case "cosine" -> new Cosine(base, epochs);
            case "none", "constant" -> new Constant(base);
            default -> throw new UserError("unknown schedule '" + name + "' (use step, cosine or none)");
        };
    }
}
