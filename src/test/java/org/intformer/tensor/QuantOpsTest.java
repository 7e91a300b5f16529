package org.intformer.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.intformer.quant.QuantGrid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QuantOpsTest {
    private final SplittableRandom rng = new SplittableRandom(11);

    /** clamp(round-half-away(x/S) + z) with exact decimal arithmetic: independent of the double formula. */
    private static int referenceCode(float x, double s, int z, int lo, int hi) {
        BigDecimal r = new BigDecimal(x).divide(new BigDecimal(s), MathContext.DECIMAL128).setScale(0, RoundingMode.HALF_UP);
        long q = r.longValueExact() + z;
        return (int) Math.min(Math.max(q, lo), hi);
    }

    private static float[] tiesAndRandom(SplittableRandom rng, double s, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                x[i] = (float) (s * ((i / 3) % 40 - 20 + 0.5)); // exact ties k + 0.5, negative ones included
            } else {
                x[i] = (float) ((rng.nextDouble() * 2 - 1) * 30 * s); // far enough out to clamp
            }
        }
        return x;
    }

    @Test
    void fakeQuantEqualsTheIntegerReferenceIncludingTiesAndClamping() {
        Compute c = GradCheck.compute();
        // Power-of-two and integer scales keep x = S·(k + 0.5) an exact tie in float and double.
        for (QuantGrid grid : new QuantGrid[] {new QuantGrid(0.25, 0, -8, 7), new QuantGrid(3.0, -3, -8, 7),
                new QuantGrid(0.0625, 5, 0, 15), QuantGrid.asymmetric(-1.3, 2.9, 4)}) {
            float[] x = tiesAndRandom(rng, grid.scale(), 300);
            Tensor y = QuantOps.fakeQuant(new Graph(c, false), Tensor.of(x, 300), grid, null, 0);
            int clamped = 0;
            for (int i = 0; i < x.length; i++) {
                int q = referenceCode(x[i], grid.scale(), grid.zeroPoint(), grid.lo(), grid.hi());
                assertThat(y.data()[i]).as("x=%s on %s", x[i], grid).isEqualTo((float) (grid.scale() * (q - grid.zeroPoint())));
                assertThat(grid.quantize(x[i])).isEqualTo(q);
                clamped += q == grid.lo() || q == grid.hi() ? 1 : 0;
            }
            assertThat(clamped).isPositive();
        }
        assertThat(QuantGrid.roundHalfAway(-2.5)).isEqualTo(-3.0);
        assertThat(QuantGrid.roundHalfAway(2.5)).isEqualTo(3.0);
        assertThat(QuantGrid.roundHalfAway(-0.5)).isEqualTo(-1.0);
        assertThat(QuantGrid.roundHalfAway(-0.49)).isEqualTo(-0.0);
    }

    @Test
    void straightThroughGradientPassesInsideTheRangeOnly() {
        QuantGrid grid = new QuantGrid(0.25, 2, -8, 7);
        float[] x = tiesAndRandom(rng, grid.scale(), 200);
        Tensor xt = Tensor.param(x, 200);
        float[] w = WeightedSum.random(rng, 200);
        Graph g = new Graph(GradCheck.compute(), true);
        g.backward(WeightedSum.of(g, QuantOps.fakeQuant(g, xt, grid, null, 0), w));
        for (int i = 0; i < x.length; i++) {
            long raw = referenceCode(x[i], grid.scale(), grid.zeroPoint(), Integer.MIN_VALUE, Integer.MAX_VALUE);
            boolean inside = raw >= grid.lo() && raw <= grid.hi();
            assertThat(xt.grad()[i]).as("x=%s", x[i]).isEqualTo(inside ? w[i] : 0f);
        }
    }

    @Test
    void lsqScaleGradientFollowsTheFormula() {
        QuantGrid grid = new QuantGrid(0.3, -2, -8, 7);
        float[] x = tiesAndRandom(rng, 0.3, 500);
        Tensor s = Tensor.param(new float[] {0.3f}, 1);
        float[] w = WeightedSum.random(rng, 500);
        double gs = 1.0 / Math.sqrt(500 * 9.0);
        Graph g = new Graph(GradCheck.compute(), true);
        g.backward(WeightedSum.of(g, QuantOps.fakeQuant(g, Tensor.param(x.clone(), 500), grid, s, gs), w));
        double sv = s.data()[0];
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            long raw = referenceCode(x[i], sv, -2, Integer.MIN_VALUE, Integer.MAX_VALUE);
            double slope = raw < -8 ? -8 - (-2) : raw > 7 ? 7 - (-2) : (raw + 2) - x[i] / sv;
            expected += w[i] * slope;
        }
        assertThat((double) s.grad()[0]).isCloseTo(expected * gs, within(1e-6));
    }

    /**
     * Between rounding jumps fq = S·(q − z) with q fixed, so a finite difference in S sees (q − z) inside the
     * range and the clamped level outside; LSQ adds the straight-through term −x/S inside. The difference of the
     * two must be exactly that term.
     */
    @Test
    void lsqScaleGradientMatchesAFiniteDifferenceBetweenRoundingJumps() {
        QuantGrid grid = new QuantGrid(0.3, 1, -8, 7);
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((rng.nextDouble() * 2 - 1) * 4);
        }
        float[] w = WeightedSum.random(rng, 64);
        double s0 = 0.3;
        double h = 1e-7;
        Compute c = GradCheck.compute();
        Tensor s = Tensor.param(new float[] {(float) s0}, 1);
        Graph g = new Graph(c, true);
        g.backward(WeightedSum.of(g, QuantOps.fakeQuant(g, Tensor.of(x, 64), grid, s, 1.0), w));
        double sv = s.data()[0];
        double steTerm = 0;
        for (int i = 0; i < x.length; i++) {
            double raw = QuantGrid.rawCode(x[i], sv, 1);
            assertThat(QuantGrid.rawCode(x[i], sv + h, 1)).as("no jump within h").isEqualTo(raw);
            assertThat(QuantGrid.rawCode(x[i], sv - h, 1)).as("no jump within h").isEqualTo(raw);
            if (raw >= -8 && raw <= 7) {
                steTerm += w[i] * (-x[i] / sv);
            }
        }
        double fd = (lossAt(c, x, grid, sv + h, w) - lossAt(c, x, grid, sv - h, w)) / (2 * h);
        assertThat(s.grad()[0] - steTerm).isCloseTo(fd, within(1e-3 * Math.max(1, Math.abs(fd))));
    }

    /** Σ w·fq(x) in double from the op's values; the scale goes in as a double grid (no float rounding of S). */
    private static double lossAt(Compute c, float[] x, QuantGrid grid, double scale, float[] w) {
        QuantGrid gr = grid.withScale(scale);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += w[i] * gr.dequantize(gr.quantize(x[i]));
        }
        Tensor y = QuantOps.fakeQuant(new Graph(c, false), Tensor.of(x, x.length), gr, null, 0);
        for (int i = 0; i < x.length; i++) {
            assertThat(y.data()[i]).isEqualTo((float) gr.dequantize(gr.quantize(x[i])));
        }
        return sum;
    }

    @Test
    void perChannelFakeQuantUsesEachColumnsScaleWithStraightThroughAndLsqGradients() {
        int in = 37; // columns of several vector groups and a tail
        int out = 3;
        double[] scales = {0.05, 0.2, 0.011};
        float[] wd = new float[in * out];
        for (int i = 0; i < wd.length; i++) {
            wd[i] = (float) ((rng.nextDouble() * 2 - 1) * 1.2);
        }
        float[] c = WeightedSum.random(rng, wd.length);
        float[] sf = {0.05f, 0.2f, 0.011f};
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), KernelsFactory.best()}) {
            checkPerChannel(new Compute(kernels, new Parallel(1)), in, out, scales, wd, c, sf);
        }
    }

    private static void checkPerChannel(Compute compute, int in, int out, double[] scales, float[] wd, float[] c, float[] sf) {
        Tensor lsq = Tensor.param(sf.clone(), out);
        Tensor w = Tensor.param(wd.clone(), in, out);
        Graph g = new Graph(compute, true);
        Tensor y = QuantOps.fakeQuantPerChannel(g, w, null, -8, 7, lsq, 0.5);
        g.backward(WeightedSum.of(g, y, c));
        Tensor fixed = QuantOps.fakeQuantPerChannel(new Graph(compute, false), Tensor.of(wd, in, out), scales, -8, 7, null, 0);
        double[] expectedDs = new double[out];
        for (int i = 0; i < wd.length; i++) {
            int j = i % out;
            int qFixed = referenceCode(wd[i], scales[j], 0, -8, 7);
            assertThat(fixed.data()[i]).isEqualTo((float) (scales[j] * qFixed));
            double s = sf[j];
            int q = referenceCode(wd[i], s, 0, -8, 7);
            long raw = referenceCode(wd[i], s, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
            assertThat(y.data()[i]).isEqualTo((float) (s * q));
            boolean inside = raw >= -8 && raw <= 7;
            assertThat(w.grad()[i]).isEqualTo(inside ? c[i] : 0f);
            expectedDs[j] += c[i] * (inside ? q - wd[i] / s : q);
        }
        for (int j = 0; j < out; j++) {
            assertThat((double) lsq.grad()[j]).isCloseTo(0.5 * expectedDs[j], within(1e-5));
        }
    }

    @Test
    void fakeQuantOpsGiveTheSameBitsOnOneAndTwoThreads() {
        int n = 150_000; // several parallel shares and LSQ chunks
        float[] x = new float[n];
        float[] c = new float[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
            c[i] = (float) r.nextGaussian();
        }
        float[][] one = run(1, x, c);
        float[][] two = run(2, x, c);
        for (int i = 0; i < one.length; i++) {
            // Arrays.equals compares float bits; AssertJ's containsExactly is far too slow at this size.
            assertThat(java.util.Arrays.equals(one[i], two[i])).as("array %d", i).isTrue();
        }
    }

    @Test
    void lsqScaleGradientIsTheChunkByChunkSumToTheBit() {
        // 9 whole chunks and a short one: two groups summed side by side, then chunks one by one.
        int n = 9 * QuantOps.LSQ_CHUNK + 1234;
        float[] x = new float[n];
        float[] dy = new float[n];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 0.5);
            dy[i] = (float) r.nextGaussian();
        }
        x[17] = Float.NaN;
        x[5000] = Float.POSITIVE_INFINITY;
        QuantGrid grid = QuantGrid.signed(6, 0.02, 3);
        double gradScale = 1e-3;
        double scale = 0.0173;
        for (int threads = 1; threads <= 2; threads++) {
            for (Kernels kernels : new Kernels[] {new ScalarKernels(), KernelsFactory.best()}) {
                try (Compute comp = new Compute(kernels, new Parallel(threads))) {
                    Graph g = new Graph(comp, true);
                    Tensor xt = Tensor.param(x.clone(), n);
                    Tensor s = Tensor.param(new float[] {(float) scale}, 1);
                    Tensor y = QuantOps.fakeQuant(g, xt, grid, s, gradScale);
                    g.backward(WeightedSum.of(g, y, dy));
                    double sum = chunkByChunkLsqSum(x, dy, s.data()[0], grid);
                    assertThat(Float.floatToRawIntBits(s.grad()[0])).as("%d threads, %s", threads, kernels.name())
                            .isEqualTo(Float.floatToRawIntBits((float) (sum * gradScale)));
                }
            }
        }
    }

    @Test
    void lsqScaleGradientIsTheChunkByChunkSumToTheBitForEveryRunOfChunks() {
        // Finite sums this time (an infinite x has a finite slope): a short tensor, fewer chunks than are summed side by
        // side, and 13 chunks and a short one, which two threads share as 8 + 0 and 4 + 1 + the short one.
        QuantGrid grid = QuantGrid.signed(7, 0.05, 5);
        for (int n : new int[] {100, 3 * QuantOps.LSQ_CHUNK, 13 * QuantOps.LSQ_CHUNK + 77}) {
            float[] x = new float[n];
            float[] dy = new float[n];
            SplittableRandom r = new SplittableRandom(n);
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextGaussian() * 6);
                dy[i] = (float) r.nextGaussian();
            }
            x[n / 2] = Float.NEGATIVE_INFINITY;
            x[n - 1] = Float.POSITIVE_INFINITY;
            double gradScale = 1e-2;
            for (int threads = 1; threads <= 2; threads++) {
                for (Kernels kernels : new Kernels[] {new ScalarKernels(), KernelsFactory.best()}) {
                    try (Compute comp = new Compute(kernels, new Parallel(threads))) {
                        Graph g = new Graph(comp, true);
                        Tensor xt = Tensor.param(x.clone(), n);
                        Tensor s = Tensor.param(new float[] {0.0371f}, 1);
                        g.backward(WeightedSum.of(g, QuantOps.fakeQuant(g, xt, grid, s, gradScale), dy));
                        double sf = s.data()[0];
                        double sum = chunkByChunkLsqSum(x, dy, sf, grid);
                        assertThat(Double.isFinite(sum)).isTrue();
                        // The double sum itself (the float gradient would hide a different order's last bits).
                        double direct = QuantOps.backward(g, x, dy, null, sf, grid.zeroPoint(), grid.lo(), grid.hi(), true);
                        assertThat(Double.doubleToRawLongBits(direct)).as("n %d, %d threads, %s", n, threads, kernels.name())
                                .isEqualTo(Double.doubleToRawLongBits(sum));
                        assertThat(Float.floatToRawIntBits(s.grad()[0])).as("n %d, %d threads, %s", n, threads, kernels.name())
                                .isEqualTo(Float.floatToRawIntBits((float) (sum * gradScale)));
                        for (int i = 0; i < n; i++) {
                            int code = QuantGrid.code(x[i], sf, grid.zeroPoint(), grid.lo(), grid.hi());
                            boolean inside = QuantOps.clampedRaw(x[i], sf, grid.zeroPoint(), grid.lo(), grid.hi()) == code;
                            assertThat(xt.grad()[i]).isEqualTo(inside ? dy[i] : 0f);
                        }
                    }
                }
            }
        }
    }

    /** Σ dy·∂fq/∂S as the contract defines it: each chunk summed in element order from 0, then the chunks in order. */
    private static double chunkByChunkLsqSum(float[] x, float[] dy, double s, QuantGrid grid) {
        double sum = 0;
        for (int from = 0; from < x.length; from += QuantOps.LSQ_CHUNK) {
            double acc = 0;
            for (int i = from; i < Math.min(x.length, from + QuantOps.LSQ_CHUNK); i++) {
                acc += dy[i] * QuantOps.lsqSlope(x[i], s, grid.zeroPoint(), grid.lo(), grid.hi());
            }
            sum += acc;
        }
        return sum;
    }

    private static float[][] run(int threads, float[] x, float[] c) {
        try (Compute comp = new Compute(new ScalarKernels(), new Parallel(threads))) {
            Tensor xt = Tensor.param(x.clone(), x.length / 50, 50);
            Tensor s = Tensor.param(new float[] {0.02f}, 1);
            Tensor sc = Tensor.param(new float[50], 50);
            java.util.Arrays.fill(sc.data(), 0.03f);
            Graph g = new Graph(comp, true);
            Tensor a = QuantOps.fakeQuant(g, xt, QuantGrid.signed(6, 0.02, 3), s, 1e-3);
            Tensor b = QuantOps.fakeQuantPerChannel(g, a, null, -32, 31, sc, 1e-3);
            g.backward(WeightedSum.of(g, b, c));
            return new float[][] {a.data(), b.data(), xt.grad(), s.grad(), sc.grad()};
        }
    }
}
