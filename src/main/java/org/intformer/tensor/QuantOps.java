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

    /** Chunks whose sums run side by side: four independent addition chains keep the adder busy. */
    private static final int LSQ_LANES = 4;
    /** Elements per group of the backward pass: its codes, quotients, dy and dx stay in the core's cache. */
    private static final int GROUP = LSQ_LANES * LSQ_CHUNK;
    private static final ThreadLocal<double[]> GROUP_QUOTIENTS = ThreadLocal.withInitial(() -> new double[GROUP]);
    private static final ThreadLocal<int[]> GROUP_CODES = ThreadLocal.withInitial(() -> new int[GROUP]);

    /**
     * The straight-through gradient into dx (when given) and, with {@code lsq}, Σ dy·∂fq/∂S over all elements in fixed
     * chunks added in order (else 0), in one pass over groups of elements. Each group's codes are rounded again
     * from x by the forward's kernel (the same bits; cheaper than keeping four bytes per element from the forward and
     * reading them back). The quotients x/S come next, in plain loops (the JIT vectorizes the division); then
     * {@link #LSQ_LANES} chunks are summed side by side, each in its own order, so the bits are those of one chunk
     * after another.
     */
    private static double backward(Graph g, float[] xd, float[] dy, float[] dx, double s, int z, int lo, int hi, boolean lsq) {
        Kernels kernels = g.compute().kernels();
        int n = xd.length;
        int chunks = (n + LSQ_CHUNK - 1) / LSQ_CHUNK;
        int groups = (n + GROUP - 1) / GROUP;
        double[] part = new double[chunks];
        g.compute().parallel().forRange(groups, 2, (a, b) -> {
            int[] codes = GROUP_CODES.get();
            double[] q = GROUP_QUOTIENTS.get();
            for (int grp = a; grp < b; grp++) {
                int start = grp * GROUP;
                int len = Math.min(n - start, GROUP);
                kernels.fakeQuant(xd, start, len, 1.0, s, z, lo, hi, codes, 0, null);
                if (dx != null) {
                    kernels.straightThrough(codes, 0, lo, hi, dy, dx, start, len);
                }
                if (!lsq) {
                    continue;
                }
                for (int i = 0; i < len; i++) {
                    q[i] = xd[start + i];
                }
                for (int i = 0; i < len; i++) {
                    q[i] = q[i] / s;
                }
                int first = grp * LSQ_LANES;
                if (len == GROUP) {
                    sumFourChunks(start, q, codes, dy, z, lo, hi, part, first);
                } else {
                    for (int ch = first; ch < chunks; ch++) {
                        int from = ch * LSQ_CHUNK;
                        int to = Math.min(n, from + LSQ_CHUNK);
                        double acc = 0;
                        for (int i = from; i < to; i++) {
                            acc += dy[i] * lsqSlopeOf(codes[i - start], q[i - start], z, lo, hi);
                        }
                        part[ch] = acc;
                    }
                }
            }
        });
        double sum = 0;
        for (double p : part) {
            sum += p;
        }
        return sum;
    }

    /** Four whole chunks of dy from {@code start} (codes and quotients from 0), each summed in order into part[first..first + 3]. */
    private static void sumFourChunks(int start, double[] q, int[] codes, float[] dy, int z, int lo, int hi, double[] part, int first) {
        double acc0 = 0;
        double acc1 = 0;
        double acc2 = 0;
        double acc3 = 0;
        for (int i = 0; i < LSQ_CHUNK; i++) {
            int i1 = i + LSQ_CHUNK;
            int i2 = i1 + LSQ_CHUNK;
            int i3 = i2 + LSQ_CHUNK;
            acc0 += dy[start + i] * lsqSlopeOf(codes[i], q[i], z, lo, hi);
            acc1 += dy[start + i1] * lsqSlopeOf(codes[i1], q[i1], z, lo, hi);
            acc2 += dy[start + i2] * lsqSlopeOf(codes[i2], q[i2], z, lo, hi);
            acc3 += dy[start + i3] * lsqSlopeOf(codes[i3], q[i3], z, lo, hi);
        }
        part[first] = acc0;
        part[first + 1] = acc1;
        part[first + 2] = acc2;
        part[first + 3] = acc3;
    }

    /** {@link #lsqSlope(int, float, double, int, int, int)} from the quotient x/S. */
    private static double lsqSlopeOf(int raw, double quotient, int z, int lo, int hi) {
        if (raw >= lo && raw <= hi) { // the common case first, in two compares
            return ((double) raw - z) - quotient;
        }
        return raw == NAN_CODE ? Double.NaN : (double) (raw < lo ? lo : hi) - z;
    }
}
