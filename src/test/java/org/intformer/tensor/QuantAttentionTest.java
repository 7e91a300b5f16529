package org.intformer.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.intformer.quant.AttentionQuant;
import org.intformer.quant.QuantGrid;
import org.intformer.quant.SoftmaxReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Quantized attention against a reference written from docs/INTEGER.md. q and k hold multiples of 1/4 and
 * dh = 4, so every score q·kᵀ/√dh is exact in float and the reference rounds the same reals.
 */
class QuantAttentionTest {
    private static final int B = 2;
    private static final int T = 4;
    private static final int H = 2;
    private static final int DH = 4;
    private static final int D = H * DH;
    private static final int PROB_BITS = 8;
    // A power-of-two scale keeps ties of s/S exact in double as in the decimal reference.
    private static final QuantGrid GRID = new QuantGrid(0.0625, 2, -32, 31);

    private final SplittableRandom rng = new SplittableRandom(19);

    private float[] quarters(int n, int range) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(-range, range + 1) * 0.25f;
        }
        return a;
    }

    private static int idx(int b, int t, int c) {
        return (b * T + t) * D + c;
    }

    /** The reference: raw scores, their codes (and whether clamped) and probabilities per (b, head, i, u). */
    private record Reference(double[] scores, boolean[] clamped, double[] probs) {
        static Reference of(float[] q, float[] k, QuantGrid grid, int probBits) {
            double[] scores = new double[B * H * T * T];
            boolean[] clamped = new boolean[scores.length];
            double[] probs = new double[scores.length];
            for (int b = 0; b < B; b++) {
                for (int h = 0; h < H; h++) {
                    for (int i = 0; i < T; i++) {
                        int[] codes = new int[T];
                        int r = ((b * H + h) * T + i) * T;
                        for (int u = 0; u < T; u++) {
                            double dot = 0;
                            for (int c = 0; c < DH; c++) {
                                dot += (double) q[idx(b, i, h * DH + c)] * k[idx(b, u, h * DH + c)];
                            }
                            double s = dot / 2; // √dh = 2
                            scores[r + u] = s;
                            long raw = new BigDecimal(s).divide(new BigDecimal(grid.scale()), MathContext.DECIMAL128)
                                    .setScale(0, RoundingMode.HALF_UP).longValueExact() + grid.zeroPoint();
                            clamped[r + u] = raw < grid.lo() || raw > grid.hi();
                            codes[u] = (int) Math.min(Math.max(raw, grid.lo()), grid.hi());
                        }
                        long[] p = SoftmaxReference.probabilities(codes, grid.scale(), probBits);
                        for (int u = 0; u < T; u++) {
                            probs[r + u] = (float) (p[u] / (double) ((1 << probBits) - 1));
                        }
                    }
                }
            }
            return new Reference(scores, clamped, probs);
        }

        double p(int b, int h, int i, int u) {
            return probs[((b * H + h) * T + i) * T + u];
        }

        boolean clamped(int b, int h, int i, int u) {
            return clamped[((b * H + h) * T + i) * T + u];
        }
    }

    /** Records the observed score range, on a constant grid. */
    private static final class Recorder implements AttentionQuant.ScoreQuantizer {
        double min = Double.NaN;
        double max = Double.NaN;
        int calls;

        @Override
        public void observe(double mn, double mx) {
            min = mn;
            max = mx;
            calls++;
        }

        @Override
        public QuantGrid grid() {
            return GRID;
        }
    }

    @Test
    void probabilitiesAreTheIntegerSoftmaxOfTheQuantizedScores() {
        float[] q = quarters(B * T * D, 6);
        float[] k = quarters(B * T * D, 6);
        // v is the identity per head, so out[b, i, h·dh + u] = p_h[i, u] exactly.
        float[] v = new float[B * T * D];
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < T; u++) {
                for (int h = 0; h < H; h++) {
                    v[idx(b, u, h * DH + u)] = 1f;
                }
            }
        }
        Recorder rec = new Recorder();
        Tensor out = AttentionOp.apply(new Graph(GradCheck.compute(), true), Tensor.of(q, B, T, D), Tensor.of(k, B, T, D),
                Tensor.of(v, B, T, D), H, new AttentionQuant(rec, PROB_BITS));
        Reference ref = Reference.of(q, k, GRID, PROB_BITS);
        boolean anyClamped = false;
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                for (int i = 0; i < T; i++) {
                    double rowSum = 0;
                    for (int u = 0; u < T; u++) {
                        assertThat((double) out.data()[idx(b, i, h * DH + u)]).isEqualTo(ref.p(b, h, i, u));
                        rowSum += ref.p(b, h, i, u) * ((1 << PROB_BITS) - 1);
                        anyClamped |= ref.clamped(b, h, i, u);
                    }
                    assertThat(Math.abs(rowSum - ((1 << PROB_BITS) - 1))).isLessThanOrEqualTo(T / 2.0 + 1e-9);
                }
            }
        }
        assertThat(anyClamped).as("the grid clamps some scores").isTrue();
        assertThat(rec.calls).isEqualTo(1);
        assertThat(rec.min).isEqualTo(java.util.Arrays.stream(ref.scores).min().orElseThrow());
        assertThat(rec.max).isEqualTo(java.util.Arrays.stream(ref.scores).max().orElseThrow());
    }

    @Test
    void evaluationGraphsDoNotObserve() {
        Recorder rec = new Recorder();
        Tensor x = Tensor.of(quarters(B * T * D, 4), B, T, D);
        AttentionOp.apply(new Graph(GradCheck.compute(), false), x, x, x, H, new AttentionQuant(rec, PROB_BITS));
        assertThat(rec.calls).isZero();
    }

    @Test
    void outputIsPTimesVAndBackwardIsTheFloatBackwardAtTheQuantizedProbabilities() {
        float[] q = quarters(B * T * D, 6);
        float[] k = quarters(B * T * D, 6);
        float[] v = WeightedSum.random(rng, B * T * D);
        // Query row 1 of sample 0 is large: all its head-0 scores clamp, so no gradient may flow through them.
        for (int c = 0; c < DH; c++) {
            q[idx(0, 1, c)] = 8f;
        }
        for (int u = 0; u < T; u++) {
            for (int c = 0; c < DH; c++) {
                k[idx(0, u, c)] = 0.25f * (1 + (u + c) % 3);
            }
        }
        float[] w = WeightedSum.random(rng, B * T * D);
        Tensor qt = Tensor.param(q.clone(), B, T, D);
        Tensor kt = Tensor.param(k.clone(), B, T, D);
        Tensor vt = Tensor.param(v.clone(), B, T, D);
        Graph g = new Graph(GradCheck.compute(), true);
        Tensor out = AttentionOp.apply(g, qt, kt, vt, H, AttentionQuant.fixed(GRID, PROB_BITS));
        g.backward(WeightedSum.of(g, out, w));
        Reference ref = Reference.of(q, k, GRID, PROB_BITS);
        for (int u = 0; u < T; u++) {
            assertThat(ref.clamped(0, 0, 1, u)).isTrue();
        }
        double inv = 0.5;
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                double[][] ds = new double[T][T];
                for (int i = 0; i < T; i++) {
                    double[] dp = new double[T];
                    double dot = 0;
                    for (int u = 0; u < T; u++) {
                        for (int c = 0; c < DH; c++) {
                            dp[u] += (double) w[idx(b, i, h * DH + c)] * v[idx(b, u, h * DH + c)];
                        }
                        dot += dp[u] * ref.p(b, h, i, u);
                    }
                    for (int u = 0; u < T; u++) {
                        ds[i][u] = ref.clamped(b, h, i, u) ? 0 : ref.p(b, h, i, u) * (dp[u] - dot) * inv;
                    }
                }
                for (int i = 0; i < T; i++) {
                    for (int c = 0; c < DH; c++) {
                        int col = h * DH + c;
                        double o = 0;
                        double dq = 0;
                        double dk = 0;
                        double dv = 0;
                        for (int u = 0; u < T; u++) {
                            o += ref.p(b, h, i, u) * v[idx(b, u, col)];
                            dq += ds[i][u] * k[idx(b, u, col)];
                            dk += ds[u][i] * q[idx(b, u, col)];
                            dv += ref.p(b, h, u, i) * w[idx(b, u, col)];
                        }
                        assertThat((double) out.data()[idx(b, i, col)]).isCloseTo(o, within(1e-5));
                        assertThat((double) qt.grad()[idx(b, i, col)]).isCloseTo(dq, within(1e-5));
                        assertThat((double) kt.grad()[idx(b, i, col)]).isCloseTo(dk, within(1e-5));
                        assertThat((double) vt.grad()[idx(b, i, col)]).isCloseTo(dv, within(1e-5));
                    }
                }
            }
        }
        for (int c = 0; c < DH; c++) {
            assertThat(qt.grad()[idx(0, 1, c)]).as("fully clamped query row").isZero();
            assertThat(qt.grad()[idx(0, 2, c)]).as("a row with live scores").isNotZero();
        }
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        SplittableRandom r = new SplittableRandom(23);
        int b = 6;
        int t = 10;
        int d = 12;
        float[][] in = new float[4][b * t * d];
        for (float[] a : in) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
        }
        float[][] one = run(1, in, b, t, d);
        float[][] two = run(2, in, b, t, d);
        for (int i = 0; i < one.length; i++) {
            assertThat(java.util.Arrays.equals(one[i], two[i])).as("array %d", i).isTrue();
        }
    }

    private static float[][] run(int threads, float[][] in, int b, int t, int d) {
        try (Compute c = new Compute(new ScalarKernels(), new Parallel(threads))) {
            Tensor q = Tensor.param(in[0].clone(), b, t, d);
            Tensor k = Tensor.param(in[1].clone(), b, t, d);
            Tensor v = Tensor.param(in[2].clone(), b, t, d);
            Recorder rec = new Recorder();
            Graph g = new Graph(c, true);
            Tensor out = AttentionOp.apply(g, q, k, v, 3, new AttentionQuant(rec, 6));
            g.backward(WeightedSum.of(g, out, in[3]));
            return new float[][] {out.data(), q.grad(), k.grad(), v.grad(), {(float) rec.min, (float) rec.max}};
        }
    }
}
