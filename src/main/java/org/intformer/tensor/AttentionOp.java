package org.intformer.tensor;

import org.intformer.quant.AttentionQuant;
import org.intformer.quant.IntegerSoftmax;
import org.intformer.quant.QuantGrid;

/**
 * Multi-head scaled dot-product attention, fused: for each (sample, head) pair, A = softmax(q·kᵀ·scale) and
 * out = A·v, keeping A for the backward pass. Heads are column blocks of width d/heads of q, k and v
 * [B, T, d]. One task owns one (sample, head) pair and writes disjoint slices, so any thread split gives
 * the same bits.
 *
 * <p>The quantized variant replaces the float softmax by the integer one of docs/INTEGER.md and otherwise shares
 * the kernels and the backward pass.
 */
public final class AttentionOp {
    private AttentionOp() {
    }

    public static Tensor apply(Graph g, Tensor q, Tensor k, Tensor v, int heads) {
        Shapes.requireRank(q, 3, "attention q");
        Shapes.requireSame(q, k, "attention q/k");
        Shapes.requireSame(q, v, "attention q/v");
        int batch = q.dim(0);
        int t = q.dim(1);
        int d = q.dim(2);
        if (heads < 1 || d % heads != 0) {
            throw new IllegalArgumentException("attention: d=" + d + " not divisible by heads=" + heads);
        }
        int dh = d / heads;
        float scale = (float) (1.0 / Math.sqrt(dh));
        boolean needs = g.needsGrad(q, k, v);
        float[] probs = new float[batch * heads * t * t];
        float[] out = new float[batch * t * d];
        Kernels kern = g.compute().kernels();
        float[] qd = q.data();
        float[] kd = k.data();
        float[] vd = v.data();
        // A head is a column block of q, k and v: the kernels read it in place (leading dimension d), no copies.
        g.compute().parallel().forRange(batch * heads, 1, (lo, hi) -> {
            for (int bh = lo; bh < hi; bh++) {
                int base = (bh / heads) * t * d + (bh % heads) * dh;
                int pOff = bh * t * t;
                kern.gemmTransB(t, t, dh, qd, base, d, kd, base, d, probs, pOff, t, false);
                softmaxRows(kern, probs, pOff, t, scale);
                kern.gemm(t, dh, t, probs, pOff, t, vd, base, d, out, base, d, false);
            }
        });
        Tensor result = Tensor.result(out, needs, batch, t, d);
        if (needs) {
            g.record(() -> backward(g, q, k, v, result, probs, null, heads, scale));
        }
        return result;
    }

    /**
     * Attention with quantized scores and integer softmax. Per (sample, head): raw scores s = q·kᵀ/√dh (q, k, v
     * are fake-quantized by the caller), codes clamp(roundHalfAway(s/S_s) + z_s, lo, hi), probabilities
     * P/(2^b_p − 1) from {@link IntegerSoftmax}, out = p·v. In training graphs the range of s is reported to
     * {@code aq.scores()} before its grid is read, so the first batch can calibrate the grid.
     *
     * <p>Backward treats p as the softmax of the dequantized scores (docs/INTEGER.md): the float backward at p,
     * with the scores' straight-through mask (zero where a code was clamped).
     */
    public static Tensor apply(Graph g, Tensor q, Tensor k, Tensor v, int heads, AttentionQuant aq) {
        Shapes.requireRank(q, 3, "attention q");
        Shapes.requireSame(q, k, "attention q/k");
        Shapes.requireSame(q, v, "attention q/v");
        int batch = q.dim(0);
        int t = q.dim(1);
        int d = q.dim(2);
        if (heads < 1 || d % heads != 0) {
            throw new IllegalArgumentException("attention: d=" + d + " not divisible by heads=" + heads);
        }
        int dh = d / heads;
        double invSqrt = 1.0 / Math.sqrt(dh);
        float scale = (float) invSqrt;
        int pairs = batch * heads;
        boolean observe = g.training();
        // Holds the raw dot products q·kᵀ until the second pass overwrites them with the probabilities.
        float[] probs = new float[pairs * t * t];
        double[] mins = new double[pairs];
        double[] maxs = new double[pairs];
        Kernels kern = g.compute().kernels();
        g.compute().parallel().forRange(pairs, 1, (lo, hi) -> {
            float[] qh = new float[t * dh];
            float[] kt = new float[dh * t];
            for (int bh = lo; bh < hi; bh++) {
                int base = (bh / heads) * t * d + (bh % heads) * dh;
                gather(q.data(), base, t, d, dh, qh);
                gatherTransposed(k.data(), base, t, d, dh, kt);
                int pOff = bh * t * t;
                kern.gemm(t, t, dh, qh, 0, dh, kt, 0, t, probs, pOff, t, false);
                if (observe) {
                    double mn = Double.POSITIVE_INFINITY;
                    double mx = Double.NEGATIVE_INFINITY;
                    for (int i = pOff; i < pOff + t * t; i++) {
                        double s = probs[i] * invSqrt;
                        mn = Math.min(mn, s);
                        mx = Math.max(mx, s);
                    }
                    mins[bh] = mn;
                    maxs[bh] = mx;
                }
            }
        });
        if (observe) {
            double mn = Double.POSITIVE_INFINITY;
            double mx = Double.NEGATIVE_INFINITY;
            for (int bh = 0; bh < pairs; bh++) {
                mn = Math.min(mn, mins[bh]);
                mx = Math.max(mx, maxs[bh]);
            }
            aq.scores().observe(mn, mx);
        }
        QuantGrid grid = aq.scores().grid();
        long levels = (long) grid.hi() - grid.lo() + 1;
        if (levels > AttentionQuant.MAX_SCORE_LEVELS) {
            throw new IllegalArgumentException("attention: score grid has " + levels + " levels, at most "
                    + AttentionQuant.MAX_SCORE_LEVELS + " (16 bits)");
        }
        int[] lut = IntegerSoftmax.lut(grid.scale(), (int) levels);
        int probBits = aq.probBits();
        double pMax = (1 << probBits) - 1;
        double sScale = grid.scale();
        int zs = grid.zeroPoint();
        int sLo = grid.lo();
        int sHi = grid.hi();
        boolean needs = g.needsGrad(q, k, v);
        byte[] clamped = needs ? new byte[probs.length] : null;
        float[] out = new float[batch * t * d];
        g.compute().parallel().forRange(pairs, 1, (lo, hi) -> {
            int[] raw = new int[t * t];
            int[] codes = new int[t];
            int[] p = new int[t];
            float[] vh = new float[t * dh];
            float[] oh = new float[t * dh];
            for (int bh = lo; bh < hi; bh++) {
                int base = (bh / heads) * t * d + (bh % heads) * dh;
                int pOff = bh * t * t;
                // The codes of (q·kᵀ)·(1/√dh) as fake quantization rounds them; the clamp and the mask from the same code.
                kern.fakeQuant(probs, pOff, t * t, invSqrt, sScale, zs, sLo, sHi, raw, 0, null);
                for (int i = 0; i < t; i++) {
                    int r = pOff + i * t;
                    for (int j = 0; j < t; j++) {
                        int code = raw[i * t + j];
                        codes[j] = QuantOps.code(code, sLo, sHi);
                        if (clamped != null && code != QuantOps.NAN_CODE && (code < sLo || code > sHi)) {
                            clamped[r + j] = 1;
                        }
                    }
                    org.intformer.integer.SoftmaxRow.probabilities(codes, 0, t, lut, (1 << probBits) - 1, p, 0);
                    for (int j = 0; j < t; j++) {
                        probs[r + j] = (float) (p[j] / pMax);
                    }
                }
                gather(v.data(), base, t, d, dh, vh);
                kern.gemm(t, dh, t, probs, pOff, t, vh, 0, dh, oh, 0, dh, false);
                scatter(oh, out, base, t, d, dh, false);
            }
        });
        Tensor result = Tensor.result(out, needs, batch, t, d);
        if (needs) {
            g.record(() -> backward(g, q, k, v, result, probs, clamped, heads, scale));
        }
        return result;
    }

    /**
     * Shared backward: the softmax gradient at the stored probabilities, zeroed where {@code clamped} (the
     * quantized scores' straight-through mask; null for the float path) is set.
     */
    private static void backward(Graph g, Tensor q, Tensor k, Tensor v, Tensor out, float[] probs, byte[] clamped,
                                 int heads, float scale) {
        float[] dout = out.grad();
        if (dout == null) {
            return;
        }
        int batch = q.dim(0);
        int t = q.dim(1);
        int d = q.dim(2);
        int dh = d / heads;
        // A gradient allocated here is all zeros, and an fma chain that starts from +0 never ends at −0, so writing the
        // products straight into it gives the bits of computing them apart and adding them to it.
        boolean freshV = v.requiresGrad() && v.grad() == null;
        boolean freshQ = q.requiresGrad() && q.grad() == null && q != v;
        boolean freshK = k.requiresGrad() && k.grad() == null && k != q && k != v;
        float[] dq = q.requiresGrad() ? q.gradOrAlloc() : null;
        float[] dk = k.requiresGrad() ? k.gradOrAlloc() : null;
        float[] dv = v.requiresGrad() ? v.gradOrAlloc() : null;
        float[] qd = q.data();
        float[] kd = k.data();
        float[] vd = v.data();
        Kernels kern = g.compute().kernels();
        g.compute().parallel().forRange(batch * heads, 1, (lo, hi) -> {
            float[] dp = new float[t * t];
            float[] res = freshV && freshQ && freshK ? null : new float[t * dh];
            for (int bh = lo; bh < hi; bh++) {
                int base = (bh / heads) * t * d + (bh % heads) * dh;
                int pOff = bh * t * t;
                if (dv != null) { // dV = Aᵀ · dO
                    kern.gemmTransA(t, dh, t, probs, pOff, t, dout, base, d, freshV ? dv : res, freshV ? base : 0,
                            freshV ? d : dh, freshV);
                    addUnlessFresh(freshV, res, dv, base, t, d, dh);
                }
                // dS = A ⊙ (dA − rowsum(dA ⊙ A)) · scale, with dA = dO · Vᵀ, written over dp.
                kern.gemmTransB(t, t, dh, dout, base, d, vd, base, d, dp, 0, t, false);
                softmaxBackwardRows(probs, pOff, dp, t, scale, clamped);
                if (dq != null) { // dQ = dS · K
                    kern.gemm(t, dh, t, dp, 0, t, kd, base, d, freshQ ? dq : res, freshQ ? base : 0, freshQ ? d : dh, freshQ);
                    addUnlessFresh(freshQ, res, dq, base, t, d, dh);
                }
                if (dk != null) { // dK = dSᵀ · Q
                    kern.gemmTransA(t, dh, t, dp, 0, t, qd, base, d, freshK ? dk : res, freshK ? base : 0,
                            freshK ? d : dh, freshK);
                    addUnlessFresh(freshK, res, dk, base, t, d, dh);
                }
            }
        });
    }

    private static void addUnlessFresh(boolean fresh, float[] res, float[] grad, int base, int t, int d, int dh) {
        if (!fresh) {
            scatter(res, grad, base, t, d, dh, true);
        }
    }

    /**
     * dp[i, j] = A[i, j] · (dp[i, j] − Σ_j' dp[i, j'] · A[i, j']) · scale for the [t, t] block of A at pOff, zero where
     * {@code clamped} is set. Each row's sum runs j ascending as one chain; four rows' chains run side by side so that
     * the adder's latency is hidden, which changes no bit.
     */
    static void softmaxBackwardRows(float[] probs, int pOff, float[] dp, int t, float scale, byte[] clamped) {
        int i = 0;
        for (; i + 4 <= t; i += 4) {
            int r0 = i * t;
            int r1 = r0 + t;
            int r2 = r1 + t;
            int r3 = r2 + t;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int j = 0; j < t; j++) {
                s0 += dp[r0 + j] * probs[pOff + r0 + j];
                s1 += dp[r1 + j] * probs[pOff + r1 + j];
                s2 += dp[r2 + j] * probs[pOff + r2 + j];
                s3 += dp[r3 + j] * probs[pOff + r3 + j];
            }
            softmaxBackwardRow(probs, pOff, dp, r0, t, s0, scale);
            softmaxBackwardRow(probs, pOff, dp, r1, t, s1, scale);
            softmaxBackwardRow(probs, pOff, dp, r2, t, s2, scale);
            softmaxBackwardRow(probs, pOff, dp, r3, t, s3, scale);
        }
        for (; i < t; i++) {
            int r = i * t;
            float dot = 0f;
            for (int j = 0; j < t; j++) {
                dot += dp[r + j] * probs[pOff + r + j];
            }
            softmaxBackwardRow(probs, pOff, dp, r, t, dot, scale);
        }
        if (clamped != null) {
            for (int e = 0; e < t * t; e++) {
                if (clamped[pOff + e] != 0) {
                    dp[e] = 0f;
                }
            }
        }
    }

    private static void softmaxBackwardRow(float[] probs, int pOff, float[] dp, int r, int t, float dot, float scale) {
        for (int j = 0; j < t; j++) {
            dp[r + j] = probs[pOff + r + j] * (dp[r + j] - dot) * scale;
        }
    }

    /**
     * Numerically stable softmax of each row of a [t, t] block after scaling its logits: e = exp((s − max) · scale)
     * by the kernels' exp (the bits of {@link FastMath#exp}), then e / Σe with the sum j ascending. Four rows at a
     * time, their maxima and sums as separate chains side by side (the same bits, the adder's latency hidden).
     */
    static void softmaxRows(Kernels kern, float[] s, int off, int t, float scale) {
        int i = 0;
        for (; i + 4 <= t; i += 4) {
            int r0 = off + i * t;
            int r1 = r0 + t;
            int r2 = r1 + t;
            int r3 = r2 + t;
            float m0 = Float.NEGATIVE_INFINITY;
            float m1 = Float.NEGATIVE_INFINITY;
            float m2 = Float.NEGATIVE_INFINITY;
            float m3 = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < t; j++) {
                m0 = Math.max(m0, s[r0 + j]);
                m1 = Math.max(m1, s[r1 + j]);
                m2 = Math.max(m2, s[r2 + j]);
                m3 = Math.max(m3, s[r3 + j]);
            }
            shift(s, r0, t, m0, scale);
            shift(s, r1, t, m1, scale);
            shift(s, r2, t, m2, scale);
            shift(s, r3, t, m3, scale);
            kern.exp(s, r0, s, r0, 4 * t);
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int j = 0; j < t; j++) {
                s0 += s[r0 + j];
                s1 += s[r1 + j];
                s2 += s[r2 + j];
                s3 += s[r3 + j];
            }
            normalize(s, r0, t, s0);
            normalize(s, r1, t, s1);
            normalize(s, r2, t, s2);
            normalize(s, r3, t, s3);
        }
        for (; i < t; i++) {
            int r = off + i * t;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < t; j++) {
                max = Math.max(max, s[r + j]);
            }
            shift(s, r, t, max, scale);
            kern.exp(s, r, s, r, t);
            float sum = 0f;
            for (int j = 0; j < t; j++) {
                sum += s[r + j];
            }
            normalize(s, r, t, sum);
        }
    }

    private static void shift(float[] s, int r, int t, float max, float scale) {
        for (int j = 0; j < t; j++) {
            s[r + j] = (s[r + j] - max) * scale;
        }
    }

    private static void normalize(float[] s, int r, int t, float sum) {
        float inv = 1f / sum;
        for (int j = 0; j < t; j++) {
            s[r + j] *= inv;
        }
    }

    private static void gather(float[] src, int base, int t, int d, int dh, float[] dst) {
        for (int i = 0; i < t; i++) {
            System.arraycopy(src, base + i * d, dst, i * dh, dh);
        }
    }

    private static void gatherTransposed(float[] src, int base, int t, int d, int dh, float[] dst) {
        for (int i = 0; i < t; i++) {
            int s = base + i * d;
            for (int c = 0; c < dh; c++) {
                dst[c * t + i] = src[s + c];
            }
        }
    }

    private static void scatter(float[] src, float[] dst, int base, int t, int d, int dh, boolean accumulate) {
        for (int i = 0; i < t; i++) {
            int o = base + i * d;
            if (accumulate) {
                for (int c = 0; c < dh; c++) {
                    dst[o + c] += src[i * dh + c];
                }
            } else {
                System.arraycopy(src, i * dh, dst, o, dh);
            }
        }
    }
}
