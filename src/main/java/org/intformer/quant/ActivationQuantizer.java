package org.intformer.quant;

import org.intformer.config.TrainConfig;
import java.util.Objects;
import java.util.function.Supplier;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Elementwise;
import org.intformer.tensor.FastMath;
import org.intformer.tensor.QuantOps;
import org.intformer.tensor.Tensor;

/**
 * Fake-quantizes the activations at one named point of the model on a per-tensor grid. Training graphs first
 * update the grid from the batch (MINMAX, EMA) or, with LSQ, initialise a learned step size from the first
 * batch; evaluation graphs use the grid as it stands. A quantizer can also follow a fixed grid or another
 * quantizer's scale, for tensors whose grid the integer model dictates (e.g. a relative model's output).
 */
public final class ActivationQuantizer {
    private final String name;
    private final int lo;
    private final int hi;
    private final TrainConfig.Scheme scheme;
    private final TrainConfig.Observer observer;
    /** Range of the observed batches; null for a quantizer whose grid is dictated. */
    private final RangeObserver range;
    /** The dictated grid; null for an observing quantizer. */
    private final Supplier<QuantGrid> dictated;
    /** LSQ only: the first batch's grid, whose zero point and range stay, and the learned scale. */
    private QuantGrid lsqStart;
    /** LSQ: log of the learned step size, so that optimiser steps change it by a ratio and it stays positive. */
    private Tensor lsqLogScale;

    private ActivationQuantizer(String name, int lo, int hi, TrainConfig.Scheme scheme, TrainConfig.Observer observer,
                                RangeObserver range, Supplier<QuantGrid> dictated) {
        this.name = Objects.requireNonNull(name, "name");
        this.lo = lo;
        this.hi = hi;
        this.scheme = scheme;
        this.observer = observer;
        this.range = range;
        this.dictated = dictated;
    }

    /** Signed activations at the point's bits (act-bits or its layer-bits entry), with the configuration's scheme and observer. */
    public static ActivationQuantizer of(String name, QuantConfig config) {
        return of(name, config.actBits(name), true, config.scheme(), config.observer(), config.emaMomentum());
    }

    /**
     * An observing quantizer on a signed or unsigned b-bit range. docs/INTEGER.md keeps activations signed;
     * the unsigned range is for experiments (e.g. post-ReLU tensors, where asymmetric signed is the contract's way).
     */
    public static ActivationQuantizer of(String name, int bits, boolean signed, TrainConfig.Scheme scheme,
                                         TrainConfig.Observer observer, double emaMomentum) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(observer, "observer");
        int lo = signed ? QuantGrid.signedLo(bits) : 0;
        int hi = signed ? QuantGrid.signedHi(bits) : QuantGrid.unsignedHi(bits);
        RangeObserver range = new RangeObserver(observer == TrainConfig.Observer.EMA, emaMomentum);
        return new ActivationQuantizer(name, lo, hi, scheme, observer, range, null);
    }

    /** Always {@code grid}; observes nothing. */
    public static ActivationQuantizer fixed(String name, QuantGrid grid) {
        Objects.requireNonNull(grid, "grid");
        return new ActivationQuantizer(name, grid.lo(), grid.hi(), null, null, null, () -> grid);
    }

    /**
     * Signed b-bit, zero point 0, and whatever scale {@code source} has at the time of each forward: the output
     * of a relative model shares the input's scale at io-bits + 1 bits. No gradient reaches the source's LSQ
     * scale through this quantizer.
     */
    public static ActivationQuantizer sharingScale(String name, ActivationQuantizer source, int bits) {
        Objects.requireNonNull(source, "source");
        int lo = QuantGrid.signedLo(bits);
        int hi = QuantGrid.signedHi(bits);
        return new ActivationQuantizer(name, lo, hi, null, null, null,
                () -> new QuantGrid(source.grid().scale(), 0, lo, hi));
    }

    /** Observes x in training graphs, then fake-quantizes it on the current grid. */
    public Tensor apply(Graph g, Tensor x) {
        if (g.training()) {
            observe(x.data());
        }
        QuantGrid grid = grid();
        if (lsqLogScale == null) {
            return QuantOps.fakeQuant(g, x, grid, null, 0);
        }
        double qp = Math.max(1, hi - grid.zeroPoint());
        return QuantOps.fakeQuant(g, x, grid, Elementwise.exp(g, lsqLogScale), 1.0 / Math.sqrt(x.size() * qp));
    }

    /**
     * Folds a batch into the range (a calibration pass may call this directly). With LSQ the range of the
     * calibration batches starts the learned step size ({@link #beginLearning}); later batches do not move it.
     */
    public void observe(float[] values) {
        if (range == null || (observer == TrainConfig.Observer.LSQ && lsqLogScale != null)) {
            return;
        }
        double[] mm = RangeObserver.rangeOf(values);
        range.update(mm[0], mm[1]);
    }

    /**
     * LSQ: turns the calibrated range into the learned step size (and fixes the zero point); the optimiser must
     * be built after this. Other observers keep observing; for them this does nothing.
     */
    public void beginLearning() {
        if (observer == TrainConfig.Observer.LSQ && lsqLogScale == null && range.seen()) {
            lsqStart = gridOf(range.min(), range.max());
            lsqLogScale = Tensor.param(new float[] {(float) Math.log(lsqStart.scale())}, 1);
        }
    }

    /** The grid the next forward uses (before any observation of that forward's batch). */
    public QuantGrid grid() {
        if (dictated != null) {
            return dictated.get();
        }
        if (lsqLogScale != null) {
            return lsqStart.withScale(QuantGrid.guardScale(FastMath.exp(lsqLogScale.data()[0])));
        }
        if (!range.seen()) {
            throw new IllegalStateException(name + ": activation grid used before any training batch was observed");
        }
        return gridOf(range.min(), range.max());
    }

    /**
     * Everything that decides this quantizer's grid, so that training can go back to its best epoch:
     * {seen, min, max, lsq?, lsqStart scale, lsqStart zero point, learned scale}.
     */
    public double[] state() {
        double[] r = range == null ? new double[3] : range.state();
        boolean hasLsq = lsqLogScale != null;
        return new double[] {r[0], r[1], r[2], hasLsq ? 1 : 0, hasLsq ? lsqStart.scale() : 0,
                hasLsq ? lsqStart.zeroPoint() : 0, hasLsq ? lsqLogScale.data()[0] : 0};
    }

    /** Puts back a {@link #state()}; the LSQ scale tensor keeps its identity (the optimiser holds it). */
    public void restore(double[] state) {
        if (range != null) {
            range.restore(state);
        }
        if (state[3] != 0 && lsqLogScale != null) {
            lsqStart = new QuantGrid(state[4], (int) state[5], lo, hi);
            lsqLogScale.data()[0] = (float) state[6];
        }
    }

    /** The learned step size (a trainable one-element tensor) with LSQ, once initialised; otherwise null. */
    public Tensor lsqLogScale() {
        return lsqLogScale;
    }

    /** Width of the integer range, ⌈log2(hi − lo + 1)⌉. */
    public int bits() {
        return 32 - Integer.numberOfLeadingZeros(hi - lo);
    }

    public String name() {
        return name;
    }

    private QuantGrid gridOf(double min, double max) {
        return scheme == TrainConfig.Scheme.SYMMETRIC
                ? QuantGrid.symmetric(min, max, lo, hi)
                : QuantGrid.asymmetric(min, max, lo, hi);
    }
}
