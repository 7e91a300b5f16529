package org.intformer.quant;

import org.intformer.config.TrainConfig;
import java.util.Objects;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Elementwise;
import org.intformer.tensor.FastMath;
import org.intformer.tensor.QuantOps;
import org.intformer.tensor.Tensor;

/**
 * Symmetric signed fake quantization of one weight [in, out], per tensor or per output channel (the last
 * axis). Scales are max|w|/(2^(b−1) − 1) of the current weights at every forward, or with LSQ learned
 * scales initialised that way on first use. {@link #quantized} gives the integers the forward used.
 */
public final class WeightQuantizer {
    private final String name;
    private final int bits;
    private final TrainConfig.Granularity granularity;
    private final boolean lsq;
    /** LSQ: logs of the learned step sizes (see ActivationQuantizer). */
    private Tensor lsqLogScales;
    private double[] lastScales;
    /** Scales frozen from a saved QAT model; null while training. */
    private double[] fixedScales;

    /** A quantizer whose scales are given (a saved QAT model's), per tensor (one) or per channel. */
    public static WeightQuantizer fixed(String name, int bits, double[] scales) {
        WeightQuantizer q = new WeightQuantizer(name, bits,
                scales.length == 1 ? TrainConfig.Granularity.TENSOR : TrainConfig.Granularity.CHANNEL, false);
        q.fixedScales = scales.clone();
        return q;
    }

    public WeightQuantizer(String name, int bits, TrainConfig.Granularity granularity, boolean lsq) {
        this.name = Objects.requireNonNull(name, "name");
        this.bits = bits;
        this.granularity = Objects.requireNonNull(granularity, "granularity");
        this.lsq = lsq;
        QuantGrid.signedHi(bits);
    }

    /** The layer's weight bits with the configuration's granularity; LSQ scales when the observer is LSQ. */
    public static WeightQuantizer of(String name, QuantConfig config) {
        return new WeightQuantizer(name, config.weightBits(name), config.granularity(),
                config.observer() == TrainConfig.Observer.LSQ);
    }

    public Tensor apply(Graph g, Tensor w) {
        double[] s = scales(w);
        lastScales = s;
        int lo = QuantGrid.signedLo(bits);
        int hi = QuantGrid.signedHi(bits);
        double gradScale = 1.0 / Math.sqrt((double) w.size() / s.length * hi);
        if (granularity == TrainConfig.Granularity.TENSOR) {
            return QuantOps.fakeQuant(g, w, new QuantGrid(s[0], 0, lo, hi), lsqLogScales == null ? null : Elementwise.exp(g, lsqLogScales), gradScale);
        }
        return lsq
                ? QuantOps.fakeQuantPerChannel(g, w, null, lo, hi, Elementwise.exp(g, lsqLogScales), gradScale)
                : QuantOps.fakeQuantPerChannel(g, w, s, lo, hi, null, 0);
    }

    /** The scales of the last {@link #apply} or {@link #quantized}. */
    public double[] scales() {
        if (lastScales == null) {
            throw new IllegalStateException(name + ": no scales before the first forward");
        }
        return lastScales.clone();
    }

    /**
     * The scales a forward with w uses: one per output channel, or one for the tensor. Creates the LSQ scales
     * on first use.
     */
    public double[] scales(Tensor w) {
        int n = granularity == TrainConfig.Granularity.TENSOR ? 1 : w.dim(-1);
        if (fixedScales != null) {
            if (fixedScales.length != n) {
                throw new IllegalArgumentException(name + ": " + fixedScales.length + " saved scales for " + w);
            }
            return fixedScales.clone();
        }
        if (lsq) {
            if (lsqLogScales == null) {
                double[] init = maxAbsScales(w, n);
                float[] logs = new float[n];
                for (int j = 0; j < n; j++) {
                    logs[j] = (float) Math.log(init[j]);
                }
                lsqLogScales = Tensor.param(logs, n);
            }
            if (lsqLogScales.size() != n) {
                throw new IllegalArgumentException(name + ": " + lsqLogScales.size() + " learned scales for " + w);
            }
            double[] s = new double[n];
            for (int j = 0; j < n; j++) {
                s[j] = QuantGrid.guardScale(FastMath.exp(lsqLogScales.data()[j]));
            }
            return s;
        }
        return maxAbsScales(w, n);
    }

    /** The integer weights (row-major like w) that the fake-quant forward represents, and the converter exports. */
    public int[] quantized(Tensor w) {
        double[] s = scales(w);
        lastScales = s;
        int lo = QuantGrid.signedLo(bits);
        int hi = QuantGrid.signedHi(bits);
        float[] wd = w.data();
        int c = w.dim(-1);
        int[] q = new int[wd.length];
        for (int i = 0; i < wd.length; i++) {
            q[i] = QuantGrid.code(wd[i], s.length == 1 ? s[0] : s[i % c], 0, lo, hi);
        }
        return q;
    }

    /** The learned scales (trainable, one per scale) with LSQ once created; otherwise null. */
    public Tensor lsqLogScales() {
        return lsqLogScales;
    }

    public int bits() {
        return bits;
    }

    public String name() {
        return name;
    }

    private double[] maxAbsScales(Tensor w, int n) {
        float[] wd = w.data();
        int c = w.dim(-1);
        double[] maxAbs = new double[n];
        for (int i = 0; i < wd.length; i++) {
            int j = n == 1 ? 0 : i % c;
            maxAbs[j] = Math.max(maxAbs[j], Math.abs(wd[i]));
        }
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            s[j] = QuantGrid.guardScale(maxAbs[j] / QuantGrid.signedHi(bits));
        }
        return s;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
