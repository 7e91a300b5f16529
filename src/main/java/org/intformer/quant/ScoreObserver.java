package org.intformer.quant;

import org.intformer.config.TrainConfig;

/**
 * The grid of the attention scores Q·Kᵀ/√dh, from the score ranges {@code AttentionOp} reports in training:
 * signed b_s bits, symmetric or asymmetric. LSQ does not apply here (the integer softmax has no gradient with
 * respect to its grid), so a configuration asking for LSQ tracks scores with the EMA observer.
 */
public final class ScoreObserver implements AttentionQuant.ScoreQuantizer {
    private final String name;
    private final int bits;
    private final TrainConfig.Scheme scheme;
    private final RangeObserver range;

    public ScoreObserver(String name, int bits, TrainConfig.Scheme scheme, TrainConfig.Observer observer, double emaMomentum) {
        QuantGrid.signedLo(bits);
        if (bits > 16) {
            throw new IllegalArgumentException(name + ": score bits must be at most 16, got " + bits);
        }
        this.name = name;
        this.bits = bits;
        this.scheme = scheme;
        this.range = new RangeObserver(observer != TrainConfig.Observer.MINMAX, emaMomentum);
    }

    /** Scores at {@code bits} with the configuration's scheme and observer. */
    public static ScoreObserver of(String name, QuantConfig config, int bits) {
        return new ScoreObserver(name, bits, config.scheme(), config.observer(), config.emaMomentum());
    }

    @Override
    public void observe(double min, double max) {
        range.update(min, max);
    }

    @Override
    public QuantGrid grid() {
        if (!range.seen()) {
            throw new IllegalStateException(name + ": score grid used before any training batch was observed");
        }
        return scheme == TrainConfig.Scheme.SYMMETRIC
                ? QuantGrid.symmetric(range.min(), range.max(), bits)
                : QuantGrid.asymmetric(range.min(), range.max(), bits);
    }

    /** The observed range, {seen, min, max}, for going back to the best epoch. */
    public double[] state() {
        return range.state();
    }

    public void restore(double[] state) {
        range.restore(state);
    }

    public int bits() {
        return bits;
    }

    public String name() {
        return name;
    }
}
