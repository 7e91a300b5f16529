package org.intformer.tensor;

import org.intformer.quant.QuantGrid;

/**
 * Fake quantization: y = S·(clamp(roundHalfAway(x/S) + z, lo, hi) − z), the real value of the integer the
 * integer model will hold (docs/INTEGER.md, "The fake-quantization path"). Backward is the straight-through
 * estimator, plus the LSQ step-size gradient (Esser et al. 2019) when the scale is a trainable tensor.
 *
 * <p>Forward and the input gradient are pointwise (any split gives the same bits). The scale gradients are
 * sums over all elements: per-tensor ones add fixed {@link #LSQ_CHUNK}-element double partials in chunk order,
 * per-channel ones run sequentially over rows in double, so neither depends on the thread count.
 */
public final class QuantOps {
    /** Elements per partial sum of a per-tensor LSQ gradient; fixed so that threads cannot change the bits. */
    static final int LSQ_CHUNK = 4096;

    private QuantOps() {
    }

    /**
     * Per-tensor fake quantization on {@code grid}; when {@code lsqScaleOrNull} (one element) is given, its value
     * (at least {@link QuantGrid#MIN_SCALE}) replaces the grid's scale and, if it requires a gradient, receives
     * lsqGradScale·Σ dy·∂fq/∂S. Callers pass lsqGradScale = 1/√(numel·Qp) as the paper does.
     */
    public static Tensor fakeQuant(Graph g, Tensor x, QuantGrid grid, Tensor lsqScaleOrNull, double lsqGradScale) {
        if (lsqScaleOrNull != null && lsqScaleOrNull.size() != 1) {
            throw new IllegalArgumentException("fakeQuant: LSQ scale must have one element, got " + lsqScaleOrNull);
        }
        double s = lsqScaleOrNull == null ? grid.scale() : QuantGrid.guardScale(lsqScaleOrNull.data()[0]);
        int z = grid.zeroPoint();
        int lo = grid.lo();
        int hi = grid.hi();
        float[] xd = x.data();
        float[] y = new float[xd.length];
        boolean needs = g.needsGrad(x, lsqScaleOrNull);
        Kernels kernels = g.compute().kernels();
        Elementwise.forEach(g, y.length, (a, b) -> kernels.fakeQuant(xd, a, b - a, 1.0, s, z, lo, hi, null, 0, y));
        Tensor out = Tensor.result(y, needs, x.shape());
        if (needs) {
            g.record(() -> {
                float[] dy = out.grad();
                if (dy == null) {
                    return;
                }
                float[] dx = x.requiresGrad() ? x.gradOrAlloc() : null;
                boolean lsq = lsqScaleOrNull != null && lsqScaleOrNull.requiresGrad();
                double sum = backward(g, xd, dy, dx, s, z, lo, hi, lsq);
                if (lsq) {
                    lsqScaleOrNull.gradOrAlloc()[0] += (float) (sum * lsqGradScale);
                }
            });
        }
        return out;
    }

    /**
     * Symmetric (z = 0) fake quantization per output channel, the last axis of w ([in, out] weights, or a bias
     * [out]). The scales come from exactly one of {@code scales} and {@code lsqScalesOrNull} (one per channel);
     * learned scales get the LSQ gradient as in {@link #fakeQuant}, summed per channel.
     */
    public static Tensor fakeQuantPerChannel(Graph g, Tensor w, double[] scales, int lo, int hi,
                                             Tensor lsqScalesOrNull, double lsqGradScale) {
        int c = w.dim(-1);
        if ((scales == null) == (lsqScalesOrNull == null)) {
            throw new IllegalArgumentException("fakeQuantPerChannel: give exactly one of scales and LSQ scales");
        }
        if (lo > 0 || hi < 0 || lo >= hi) {
            throw new IllegalArgumentException("fakeQuantPerChannel: symmetric range must contain 0, got [" + lo + ", " + hi + "]");
        }
        double[] s = new double[c];
        if (scales != null) {
            if (scales.length != c) {
                throw new IllegalArgumentException("fakeQuantPerChannel: " + scales.length + " scales for " + c + " channels");
            }
            for (int j = 0; j < c; j++) {
                if (!(scales[j] > 0) || Double.isInfinite(scales[j])) {
                    throw new IllegalArgumentException("fakeQuantPerChannel: scale " + scales[j] + " of channel " + j);
                }
                s[j] = scales[j];
            }
        } else {
            if (lsqScalesOrNull.size() != c) {
                throw new IllegalArgumentException("fakeQuantPerChannel: " + lsqScalesOrNull + " LSQ scales for " + c + " channels");
            }
            for (int j = 0; j < c; j++) {
                s[j] = QuantGrid.guardScale(lsqScalesOrNull.data()[j]);
            }
        }
        float[] wd = w.data();
        float[] y = new float[wd.length];
        boolean needs = g.needsGrad(w, lsqScalesOrNull);
        int[] raw = needs ? new int[wd.length] : null;
        // Channel by channel through the per-tensor kernel: each column gathered, quantized at its scale (z = 0, so
        // S·(code − 0) is the S·code of the definition), scattered back. Weights are small; this runs on one thread.
        int rows = wd.length / c;
        Kernels kernels = g.compute().kernels();
        float[] column = new float[rows];
        float[] columnY = new float[rows];
        int[] columnRaw = raw != null ? new int[rows] : null;
        for (int j = 0; j < c; j++) {
            for (int r = 0; r < rows; r++) {
                column[r] = wd[r * c + j];
            }
            kernels.fakeQuant(column, 0, rows, 1.0, s[j], 0, lo, hi, columnRaw, 0, columnY);
            for (int r = 0; r < rows; r++) {
                y[r * c + j] = columnY[r];
            }
            if (raw != null) {
                for (int r = 0; r < rows; r++) {
                    raw[r * c + j] = columnRaw[r];
                }
            }
        }
        Tensor out = Tensor.result(y, needs, w.shape());
        if (needs) {
            g.record(() -> {
                float[] dy = out.grad();
                if (dy == null) {
                    return;
                }
                if (w.requiresGrad()) {
                    float[] dw = w.gradOrAlloc();
                    Elementwise.forEach(g, dw.length, (a, b) -> kernels.straightThrough(raw, a, lo, hi, dy, dw, a, b - a));
                }
                if (lsqScalesOrNull != null && lsqScalesOrNull.requiresGrad()) {
                    // Weights are small: one sequential pass in row order is fast and trivially deterministic.
                    double[] acc = new double[c];
                    for (int i = 0, j = 0; i < wd.length; i++, j = j + 1 == c ? 0 : j + 1) {
                        acc[j] += dy[i] * lsqSlope(raw[i], wd[i], s[j], 0, lo, hi);
                    }
                    float[] ds = lsqScalesOrNull.gradOrAlloc();
                    for (int j = 0; j < c; j++) {
                        ds[j] += (float) (acc[j] * lsqGradScale);
                    }
                }
            });
        }
        return out;
    }

    /**
     * ∂fq/∂S of one element (LSQ, Esser et al. eq. 3 with a zero point): (q − z) − x/S inside the range, the
     * clamped level (lo − z) or (hi − z) outside. z is a constant, so it has no gradient of its own.
     */
    public static double lsqSlope(float x, double s, int z, int lo, int hi) {
        return lsqSlope(clampedRaw(x, s, z, lo, hi), x, s, z, lo, hi);
    }

    /** {@link #lsqSlope(float, double, int, int, int)} from the element's {@link #clampedRaw} code. */
    private static double lsqSlope(int raw, float x, double s, int z, int lo, int hi) {
        return lsqSlopeOf(raw, x / s, z, lo, hi);
    }

    /** {@link #clampedRaw}'s code for a NaN input (the product stays NaN; the straight-through mask is closed). */
    static final int NAN_CODE = Integer.MIN_VALUE;

    /**
     * roundHalfAway(x/S) + z clamped to [lo − 1, hi + 1]: inside [lo, hi] it is the code, and lo − 1 or hi + 1 says on
     * which side the range was left, which is all that the clamp, the straight-through mask and the LSQ slope need
     * (so they give the same bits as from the unclamped double). NaN gives {@link #NAN_CODE}.
     */
    static int clampedRaw(double x, double s, int z, int lo, int hi) {
        double raw = QuantGrid.rawCode(x, s, z);
        if (raw != raw) {
            return NAN_CODE;
        }
        return (int) Math.min(Math.max(raw, lo - 1.0), hi + 1.0);
    }

    /** The code of a {@link #clampedRaw} value: clamped to [lo, hi]; 0 for NaN, as {@code (int) NaN} is. */
    static int code(int raw, int lo, int hi) {
        return raw == NAN_CODE ? 0 : Math.min(Math.max(raw, lo), hi);
    }

    /** Chunks per group: the unit the threads share (four keep two threads balanced on this workload's tensors). */
    private static final int GROUP_CHUNKS = 4;
    private static final int GROUP = GROUP_CHUNKS * LSQ_CHUNK;
    /** Chunks whose sums run side by side: enough independent addition chains to cover the adder's latency. */
    private static final int LSQ_LANES = 8;
    /** Elements per pass of the code and backward kernels: their codes stay in the L1 cache. */
    private static final int BLOCK = 1024;
    /** The terms of {@link #LSQ_LANES} chunks, then one chunk of zeros that lanes without a chunk of their own read. */
    private static final ThreadLocal<double[]> TERMS = ThreadLocal.withInitial(() -> new double[(LSQ_LANES + 1) * LSQ_CHUNK]);
    private static final ThreadLocal<int[]> BLOCK_CODES = ThreadLocal.withInitial(() -> new int[BLOCK]);

    /**
     * The straight-through gradient into dx (when given) and, with {@code lsq}, Σ dy·∂fq/∂S over all elements in fixed
     * chunks added in order (else 0). The threads share whole groups; each takes its elements in runs of up to
     * {@link #LSQ_LANES} chunks, block by block: the codes are rounded again from x by the forward's kernel (the same
     * bits; cheaper than keeping four bytes per element from the forward and reading them back), then one kernel
     * reads them for the straight-through gradient and the LSQ terms. The run's chunks are then summed side by side,
     * each in its own order, so the bits are those of one chunk after another. (Package-private: tests compare its
     * double sum.)
     */
    static double backward(Graph g, float[] xd, float[] dy, float[] dx, double s, int z, int lo, int hi, boolean lsq) {
        Kernels kernels = g.compute().kernels();
        int n = xd.length;
        int chunks = (n + LSQ_CHUNK - 1) / LSQ_CHUNK;
        double[] part = new double[chunks];
        g.compute().parallel().forRange((n + GROUP - 1) / GROUP, 2, (a, b) -> {
            int[] codes = BLOCK_CODES.get();
            double[] terms = TERMS.get();
            int end = Math.min(n, b * GROUP);
            for (int start = a * GROUP; start < end; start += LSQ_LANES * LSQ_CHUNK) {
                int len = Math.min(end - start, LSQ_LANES * LSQ_CHUNK);
                for (int k = 0; k < len; k += BLOCK) {
                    int m = Math.min(BLOCK, len - k);
                    kernels.fakeQuant(xd, start + k, m, 1.0, s, z, lo, hi, codes, 0, null);
                    if (lsq) {
                        kernels.fakeQuantBackward(codes, 0, xd, dy, dx, start + k, m, s, z, lo, hi, terms, k);
                    } else if (dx != null) {
                        kernels.straightThrough(codes, 0, lo, hi, dy, dx, start + k, m);
                    }
                }
                if (lsq) {
                    sumChunks(terms, len, part, start / LSQ_CHUNK);
                }
            }
        });
        double sum = 0;
        for (double p : part) {
            sum += p;
        }
        return sum;
    }

    /**
     * The chunks of terms[0, len) (whole ones, at most {@link #LSQ_LANES}, then perhaps a short one), each summed in
     * order from 0 into part[first + its index]. The whole ones run side by side, lanes beyond them reading zeros.
     */
    private static void sumChunks(double[] terms, int len, double[] part, int first) {
        int whole = len / LSQ_CHUNK;
        if (whole > 0) {
            int zeros = LSQ_LANES * LSQ_CHUNK;
            int o1 = whole > 1 ? LSQ_CHUNK : zeros;
            int o2 = whole > 2 ? 2 * LSQ_CHUNK : zeros;
            int o3 = whole > 3 ? 3 * LSQ_CHUNK : zeros;
            int o4 = whole > 4 ? 4 * LSQ_CHUNK : zeros;
            int o5 = whole > 5 ? 5 * LSQ_CHUNK : zeros;
            int o6 = whole > 6 ? 6 * LSQ_CHUNK : zeros;
            int o7 = whole > 7 ? 7 * LSQ_CHUNK : zeros;
            double acc0 = 0;
            double acc1 = 0;
            double acc2 = 0;
            double acc3 = 0;
            double acc4 = 0;
            double acc5 = 0;
            double acc6 = 0;
            double acc7 = 0;
            for (int i = 0; i < LSQ_CHUNK; i++) {
                acc0 += terms[i];
                acc1 += terms[o1 + i];
                acc2 += terms[o2 + i];
                acc3 += terms[o3 + i];
                acc4 += terms[o4 + i];
                acc5 += terms[o5 + i];
                acc6 += terms[o6 + i];
                acc7 += terms[o7 + i];
            }
            double[] sums = {acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7};
            System.arraycopy(sums, 0, part, first, whole);
        }
        if (len > whole * LSQ_CHUNK) {
            double acc = 0;
            for (int i = whole * LSQ_CHUNK; i < len; i++) {
                acc += terms[i];
            }
            part[first + whole] = acc;
        }
    }

    /** {@link #lsqSlope(int, float, double, int, int, int)} from the quotient x/S. */
    static double lsqSlopeOf(int raw, double quotient, int z, int lo, int hi) {
        if (raw >= lo && raw <= hi) { // the common case first, in two compares
            return ((double) raw - z) - quotient;
        }
        return raw == NAN_CODE ? Double.NaN : (double) (raw < lo ? lo : hi) - z;
    }
}
