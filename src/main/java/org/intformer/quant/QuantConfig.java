package org.intformer.quant;

import org.intformer.UserError;
import org.intformer.config.LayerBits;
import org.intformer.config.TrainConfig;

/**
 * What quantization-aware training simulates. Built with any values; {@link #validate()} is the one place that
 * decides what is allowed and names the offending option in its message.
 *
 * @param weightBits  signed bits of every weight, 2..8
 * @param actBits     signed bits of the activations between ops, 2..16
 * @param ioBits      bits of the model's input and output, 2..16
 * @param scheme      activation grids: symmetric (z = 0) or asymmetric; weights are always symmetric
 * @param granularity weight scales per tensor or per output channel
 * @param observer    how activation ranges are found: running min/max, EMA of batch min/max, or LSQ
 * @param emaMomentum α of the EMA observer, m ← (1 − α)·m + α·batch, in (0, 1]
 * @param layerBits   per-layer widths that override weightBits and actBits (mixed precision)
 */
public record QuantConfig(int weightBits, int actBits, int ioBits, TrainConfig.Scheme scheme,
                          TrainConfig.Granularity granularity, TrainConfig.Observer observer, double emaMomentum,
                          LayerBits layerBits) {

    /** The same widths everywhere. */
    public QuantConfig(int weightBits, int actBits, int ioBits, TrainConfig.Scheme scheme,
                       TrainConfig.Granularity granularity, TrainConfig.Observer observer, double emaMomentum) {
        this(weightBits, actBits, ioBits, scheme, granularity, observer, emaMomentum, LayerBits.NONE);
    }

    /** Weight bits of a linear layer. */
    public int weightBits(String layer) {
        return layerBits.bits(layer, weightBits);
    }

    /** Bits of an activation point (attention: {@code layers.i.scores}, {@code layers.i.probs}). */
    public int actBits(String point) {
        return layerBits.bits(point, actBits);
    }

    /** The defaults: the paper's 8 bits, per-channel weights, asymmetric EMA activations. */
    public static QuantConfig defaults() {
        return new QuantConfig(8, 8, 8, TrainConfig.Scheme.ASYMMETRIC, TrainConfig.Granularity.CHANNEL, TrainConfig.Observer.EMA, 0.01);
    }

    /** The quantization part of a run's configuration (EMA momentum 0.01, as the PyTorch reference). */
    public static QuantConfig of(TrainConfig c) {
        return new QuantConfig(c.resolvedWeightBits(), c.resolvedActBits(), c.ioBits(), c.scheme(), c.granularity(),
                c.observer(), 0.01, LayerBits.parse(c.layerBits()));
    }

    /** This configuration, or a {@link UserError} naming the first bad option. */
    public QuantConfig validate() {
        bits("weight-bits", weightBits, 8);
        bits("act-bits", actBits, 16);
        bits("io-bits", ioBits, 16);
        if (scheme == null) {
            throw new UserError("scheme: must be symmetric or asymmetric");
        }
        if (granularity == null) {
            throw new UserError("granularity: must be tensor or channel");
        }
        if (observer == null) {
            throw new UserError("observer: must be minmax, ema or lsq");
        }
        if (layerBits == null) {
            throw new UserError("layer-bits: missing");
        }
        if (!(emaMomentum > 0 && emaMomentum <= 1)) {
            throw new UserError("ema-momentum: must be in (0, 1], got " + emaMomentum);
        }
        return this;
    }

    private static void bits(String option, int value, int max) {
        if (value < 2 || value > max) {
            throw new UserError(option + ": must be in 2.." + max + ", got " + value);
        }
    }
}
