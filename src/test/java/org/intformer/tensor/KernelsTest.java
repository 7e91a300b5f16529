package org.intformer.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every fast kernel against the scalar reference, bit for bit, on shapes that hit every tile and tail. */
class KernelsTest {
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 64, 96};

    private final Kernels scalar = new ScalarKernels();
    private final Kernels vector = KernelsFactory.vectorOrNull();

    @Test
    void vectorKernelsAreAvailableInTests() {
        assertThat(vector).as("surefire passes --add-modules jdk.incubator.vector").isNotNull();
        assertThat(vector.name()).startsWith("vector-");
    }

    @Test
    void gemmVariantsMatchScalarBitForBit() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 600; trial++) {
            int m = pick(rnd);
            int n = pick(rnd);
            int k = trial % 50 == 0 ? 0 : pick(rnd);
            compareAllVariants(rnd, m, n, k);
        }
    }

    @Test
    void gemmWorkloadShapesMatchScalar() {
        Random rnd = new Random(2);
        int[][] shapes = {{96, 96, 16}, {96, 16, 96}, {1, 1, 1}, {300, 32, 32}, {257, 128, 32}, {32, 128, 512},
                {64, 256, 24}, {13, 8, 128}, {5, 9, 600}};
        for (int[] s : shapes) {
            compareAllVariants(rnd, s[0], s[1], s[2]);
        }
    }

    private void compareAllVariants(Random rnd, int m, int n, int k) {
        boolean acc = rnd.nextBoolean();
        int aOff = rnd.nextInt(4);
        int bOff = rnd.nextInt(4);
        int cOff = rnd.nextInt(4);
        int lda = k + rnd.nextInt(3);
        int ldaT = m + rnd.nextInt(3);
        int ldb = n + rnd.nextInt(3);
        int ldbT = k + rnd.nextInt(3);
        int ldc = n + rnd.nextInt(3);
        float[] a = random(rnd, aOff + Math.max(m * lda, k * ldaT) + 1);
        float[] b = random(rnd, bOff + Math.max(k * ldb, n * ldbT) + 1);
        float[] c0 = random(rnd, cOff + m * ldc + 1);
        String shape = m + "x" + n + "x" + k + " acc=" + acc;

        float[] want = c0.clone();
        float[] got = c0.clone();
        scalar.gemm(m, n, k, a, aOff, lda, b, bOff, ldb, want, cOff, ldc, acc);
        vector.gemm(m, n, k, a, aOff, lda, b, bOff, ldb, got, cOff, ldc, acc);
        assertThat(got).as("gemm " + shape).isEqualTo(want);

        want = c0.clone();
        got = c0.clone();
        scalar.gemmTransA(m, n, k, a, aOff, ldaT, b, bOff, ldb, want, cOff, ldc, acc);
        vector.gemmTransA(m, n, k, a, aOff, ldaT, b, bOff, ldb, got, cOff, ldc, acc);
        assertThat(got).as("gemmTransA " + shape).isEqualTo(want);
        assertThat(got).as("transA = gemm on the transposed copy " + shape).isEqualTo(viaTransposedA(
                m, n, k, a, aOff, ldaT, b, bOff, ldb, c0, cOff, ldc, acc));

        want = c0.clone();
        got = c0.clone();
        scalar.gemmTransB(m, n, k, a, aOff, lda, b, bOff, ldbT, want, cOff, ldc, acc);
        vector.gemmTransB(m, n, k, a, aOff, lda, b, bOff, ldbT, got, cOff, ldc, acc);
        assertThat(got).as("gemmTransB " + shape).isEqualTo(want);
    }

    private float[] viaTransposedA(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float[] c0, int cOff, int ldc, boolean acc) {
        float[] at = new float[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                at[i * k + p] = a[aOff + p * lda + i];
            }
        }
        float[] c = c0.clone();
        scalar.gemm(m, n, k, at, 0, k, b, bOff, ldb, c, cOff, ldc, acc);
        return c;
    }

    @Test
    void gemmLeavesElementsOutsideTheSliceAlone() {
        Random rnd = new Random(3);
        float[] a = random(rnd, 5 * 7);
        float[] b = random(rnd, 7 * 19);
        float[] c = new float[2 + 5 * 21];
        java.util.Arrays.fill(c, 42f);
        vector.gemm(5, 17, 7, a, 0, 7, b, 0, 19, c, 2, 21, false);
        for (int i = 0; i < 5; i++) {
            for (int j = 17; j < 21 && 2 + i * 21 + j < c.length; j++) {
                assertThat(c[2 + i * 21 + j]).isEqualTo(42f);
            }
        }
        assertThat(c[0]).isEqualTo(42f);
        assertThat(c[1]).isEqualTo(42f);
    }

    @Test
    void fakeQuantMatchesScalarBitForBitOnHalvesEdgesAndSpecials() {
        Random rnd = new Random(5);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.MIN_VALUE, 1e30f, -1e30f};
        for (int trial = 0; trial < 1200; trial++) {
            // Long calls too: several blocks, and a table of the output levels once the call repays it.
            int n = trial % 5 == 0 ? 500 + rnd.nextInt(2500) : pick(rnd) + rnd.nextInt(8);
            int bits = 2 + rnd.nextInt(15);
            int lo = trial % 2 == 0 ? -(1 << (bits - 1)) : 0;
            int hi = trial % 2 == 0 ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
            int z = trial % 3 == 0 ? 0 : lo + rnd.nextInt(hi - lo + 1);
            double s = Math.pow(2, -12 + 16 * rnd.nextDouble());
            if (trial % 3 == 1) {
                s = (float) s; // a float scale, as a learned step size is: the output is then a float product
            }
            // x·mul is quantized: 1 for activations, 1/√dh for attention scores, any positive factor in general.
            double mul = trial % 4 == 0 ? 1.0 : trial % 4 == 1 ? 1 / Math.sqrt(1 + rnd.nextInt(64)) : Math.pow(2, -6 + 12 * rnd.nextDouble());
            double step = s / mul;
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(10);
                int k = rnd.nextInt(2 * (hi - lo + 4)) - (hi - lo + 4);
                x[i] = kind == 0 ? specials[rnd.nextInt(specials.length)]
                        // exact halves: (k + 0.5)·S, where half-away rounding decides
                        : kind < 3 ? (float) ((k + 0.5) * step)
                        // one float step either side of a half, where the float path must hand over to the exact one
                        : kind == 3 ? Math.nextUp((float) ((k + 0.5) * step))
                        : kind == 4 ? Math.nextDown((float) ((k + 0.5) * step))
                        : (float) (rnd.nextGaussian() * step * (hi - lo) / 3);
            }
            int off = rnd.nextInt(3);
            float[] xs = new float[n + off];
            System.arraycopy(x, 0, xs, off, n);
            int[] rawS = new int[n + off];
            int[] rawV = new int[n + off];
            float[] yS = new float[n + off];
            float[] yV = new float[n + off];
            scalar.fakeQuant(xs, off, n, mul, s, z, lo, hi, rawS, off, yS);
            vector.fakeQuant(xs, off, n, mul, s, z, lo, hi, rawV, off, yV);
            assertThat(rawV).isEqualTo(rawS);
            for (int i = 0; i < n + off; i++) {
                assertThat(Float.floatToRawIntBits(yV[i])).as("x %s mul %s s %s z %d [%d, %d]", xs[i], mul, s, z, lo, hi)
                        .isEqualTo(Float.floatToRawIntBits(yS[i]));
            }
            float[] yNoRaw = new float[n + off];
            vector.fakeQuant(xs, off, n, mul, s, z, lo, hi, null, 0, yNoRaw);
            assertThat(yNoRaw).isEqualTo(yV);
            // Codes only, into an array of their own (attention scores): raw[k] for element off + k.
            int[] rawNoY = new int[n];
            vector.fakeQuant(xs, off, n, mul, s, z, lo, hi, rawNoY, 0, null);
            assertThat(rawNoY).isEqualTo(java.util.Arrays.copyOfRange(rawS, off, off + n));
        }
    }

    @Test
    void fakeQuantMatchesScalarWhereTheProductLeavesTheRangeFarOrNearTheFloatPathsLimit() {
        // The float path rounds the unclamped product and clamps the code in int lanes; it must hand every product of
        // magnitude near or beyond 2^20 (and every half within reach) to the exact path, and clamp the rest as the
        // scalar code does.
        Random rnd = new Random(15);
        for (int trial = 0; trial < 400; trial++) {
            int n = pick(rnd) + rnd.nextInt(40);
            int bits = 2 + rnd.nextInt(8);
            int lo = trial % 2 == 0 ? -(1 << (bits - 1)) : 0;
            int hi = trial % 2 == 0 ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
            int z = trial % 3 == 0 ? 0 : lo + rnd.nextInt(hi - lo + 1);
            double s = trial % 2 == 0 ? (float) Math.pow(2, -10 + 12 * rnd.nextDouble()) : Math.pow(2, -10 + 12 * rnd.nextDouble());
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                double edge = Math.scalb(1.0, 18 + rnd.nextInt(6)) * (rnd.nextBoolean() ? 1 : -1);
                int kind = rnd.nextInt(5);
                x[i] = kind == 0 ? (float) (edge * s) // around 2^18 .. 2^23 steps: the float path's limit
                        : kind == 1 ? Math.nextUp((float) (edge * s))
                        : kind == 2 ? (float) ((rnd.nextInt(4 * (hi - lo + 4)) - 2 * (hi - lo + 4) + 0.5) * s) // halves, far out too
                        : (float) (rnd.nextGaussian() * s * 1e4);
            }
            int[] rawS = new int[n];
            int[] rawV = new int[n];
            float[] yS = new float[n];
            float[] yV = new float[n];
            scalar.fakeQuant(x, 0, n, 1.0, s, z, lo, hi, rawS, 0, yS);
            vector.fakeQuant(x, 0, n, 1.0, s, z, lo, hi, rawV, 0, yV);
            assertThat(rawV).isEqualTo(rawS);
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToRawIntBits(yV[i])).as("x %s s %s z %d [%d, %d]", x[i], s, z, lo, hi)
                        .isEqualTo(Float.floatToRawIntBits(yS[i]));
            }
        }
    }

    @Test
    void fakeQuantBackwardMatchesScalarAndTheLsqSlopeBitForBit() {
        Random rnd = new Random(21);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MAX_VALUE, -Float.MIN_VALUE};
        for (int trial = 0; trial < 600; trial++) {
            // Lengths around the vector widths and longer ones; the codes start at their own offset.
            int n = trial % 5 == 0 ? 200 + rnd.nextInt(1200) : pick(rnd) + rnd.nextInt(9);
            int bits = 2 + rnd.nextInt(10);
            int lo = trial % 2 == 0 ? -(1 << (bits - 1)) : 0;
            int hi = trial % 2 == 0 ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
            int z = trial % 3 == 0 ? 0 : lo + rnd.nextInt(hi - lo + 1);
            double s = trial % 7 == 6 ? Double.POSITIVE_INFINITY : Math.pow(2, -12 + 16 * rnd.nextDouble());
            if (trial % 3 == 1) {
                s = (float) s;
            }
            boolean withNan = trial % 4 == 0;
            int off = rnd.nextInt(3);
            int rawOff = rnd.nextInt(3);
            float[] x = new float[n + off];
            float[] dy = new float[n + off];
            float[] dx = new float[n + off];
            for (int i = 0; i < n + off; i++) {
                int kind = rnd.nextInt(12);
                int k = rnd.nextInt(2 * (hi - lo + 4)) - (hi - lo + 4) + lo - z;
                double step = Double.isInfinite(s) ? 1 : s;
                x[i] = kind == 0 ? (withNan || rnd.nextBoolean() ? specials[rnd.nextInt(specials.length)] : 0f)
                        : kind < 3 ? (float) ((k + 0.5) * step) // ties, inside and beyond lo and hi
                        : kind == 3 ? Math.nextUp((float) ((k + 0.5) * step))
                        : kind == 4 ? (float) (k * step)
                        : (float) (rnd.nextGaussian() * step * (hi - lo) / 2);
                if (!withNan && Float.isNaN(x[i])) {
                    x[i] = 1f;
                }
                dy[i] = rnd.nextInt(10) == 0 ? (rnd.nextBoolean() ? -0f : Float.NaN) : (float) rnd.nextGaussian();
                dx[i] = rnd.nextInt(4) == 0 ? -0f : (float) rnd.nextGaussian();
            }
            int[] raw = new int[n + rawOff];
            scalar.fakeQuant(x, off, n, 1.0, s, z, lo, hi, raw, rawOff, null);
            double[] termsS = new double[n + 5];
            double[] termsV = new double[n + 5];
            double[] termsNoDx = new double[n + 5];
            float[] dxS = dx.clone();
            float[] dxV = dx.clone();
            scalar.fakeQuantBackward(raw, rawOff, x, dy, dxS, off, n, s, z, lo, hi, termsS, 5);
            vector.fakeQuantBackward(raw, rawOff, x, dy, dxV, off, n, s, z, lo, hi, termsV, 5);
            vector.fakeQuantBackward(raw, rawOff, x, dy, null, off, n, s, z, lo, hi, termsNoDx, 5);
            float[] dxStraight = dx.clone();
            scalar.straightThrough(raw, rawOff, lo, hi, dy, dxStraight, off, n);
            for (int k = 0; k < n; k++) {
                // The independent reference: dy · ∂fq/∂S of the element, from x itself.
                double expected = dy[off + k] * QuantOps.lsqSlope(x[off + k], s, z, lo, hi);
                String what = String.format("x %s dy %s s %s z %d [%d, %d] code %d", x[off + k], dy[off + k], s, z, lo, hi, raw[rawOff + k]);
                assertThat(Double.doubleToRawLongBits(termsS[5 + k])).as(what).isEqualTo(Double.doubleToRawLongBits(expected));
                assertThat(Double.doubleToRawLongBits(termsV[5 + k])).as(what).isEqualTo(Double.doubleToRawLongBits(expected));
                assertThat(Double.doubleToRawLongBits(termsNoDx[5 + k])).as(what).isEqualTo(Double.doubleToRawLongBits(expected));
            }
            for (int i = 0; i < n + off; i++) {
                assertThat(Float.floatToRawIntBits(dxS[i])).isEqualTo(Float.floatToRawIntBits(dxStraight[i]));
                assertThat(Float.floatToRawIntBits(dxV[i])).isEqualTo(Float.floatToRawIntBits(dxStraight[i]));
            }
            assertThat(termsV[0]).isZero();
            assertThat(termsV[4]).isZero();
        }
    }

    @Test
    void scalarFakeQuantIsTheIntegerRoundingOfTheDoubleProduct() {
        // Every float step around each half of a small grid: the code is clamp(roundHalfAway(x·mul/S) + z, lo − 1, hi + 1).
        double s = 0.1;
        double mul = 1 / Math.sqrt(8);
        int z = 3;
        int lo = -8;
        int hi = 7;
        float[] x = new float[2000];
        for (int i = 0; i < x.length; i++) {
            float half = (float) ((i / 5 - 200 + 0.5) * s / mul);
            x[i] = i % 5 == 0 ? half : i % 5 == 1 ? Math.nextUp(half) : i % 5 == 2 ? Math.nextDown(half)
                    : i % 5 == 3 ? Math.nextUp(Math.nextUp(half)) : Math.nextDown(Math.nextDown(half));
        }
        int[] raw = new int[x.length];
        float[] y = new float[x.length];
        scalar.fakeQuant(x, 0, x.length, mul, s, z, lo, hi, raw, 0, y);
        for (int i = 0; i < x.length; i++) {
            // BigDecimal's HALF_UP is half away from zero, applied to the exact value of the double quotient.
            long r = new java.math.BigDecimal((double) x[i] * mul / s).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            long expected = Math.min(Math.max(r + z, lo - 1), hi + 1);
            assertThat(raw[i]).as("x %s", x[i]).isEqualTo(expected);
            assertThat(y[i]).isEqualTo((float) (s * (Math.min(Math.max(expected, lo), hi) - z)));
        }
    }

    @Test
    void straightThroughMatchesScalarAndLeavesMaskedElementsUntouched() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 300; trial++) {
            int n = trial % 4 == 0 ? 100 + rnd.nextInt(900) : pick(rnd);
            int lo = -8;
            int hi = 7;
            int off = rnd.nextInt(3);
            int[] raw = new int[n + off];
            float[] dy = new float[n + off];
            float[] dx = new float[n + off];
            for (int i = 0; i < n + off; i++) {
                int kind = rnd.nextInt(6);
                raw[i] = kind == 0 ? lo - 1 : kind == 1 ? hi + 1 : kind == 2 ? Integer.MIN_VALUE : lo + rnd.nextInt(hi - lo + 1);
                dy[i] = rnd.nextInt(8) == 0 ? 0f : (float) rnd.nextGaussian();
                // −0 must stay −0 where the mask is closed (adding +0 would make it +0).
                dx[i] = rnd.nextInt(4) == 0 ? -0f : (float) rnd.nextGaussian();
            }
            float[] expected = dx.clone();
            for (int i = off; i < n + off; i++) {
                if (raw[i] >= lo && raw[i] <= hi) {
                    expected[i] += dy[i];
                }
            }
            float[] s = dx.clone();
            float[] v = dx.clone();
            scalar.straightThrough(raw, off, lo, hi, dy, s, off, n);
            vector.straightThrough(raw, off, lo, hi, dy, v, off, n);
            // Codes in an array of their own (the backward pass rounds a group's codes again into a buffer).
            float[] own = dx.clone();
            vector.straightThrough(java.util.Arrays.copyOfRange(raw, off, off + n), 0, lo, hi, dy, own, off, n);
            for (int i = 0; i < n + off; i++) {
                assertThat(Float.floatToRawIntBits(s[i])).isEqualTo(Float.floatToRawIntBits(expected[i]));
                assertThat(Float.floatToRawIntBits(v[i])).isEqualTo(Float.floatToRawIntBits(expected[i]));
                assertThat(Float.floatToRawIntBits(own[i])).isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
    }

    @Test
    void reluBackwardMatchesScalarBitForBitOnSpecials() {
        Random rnd = new Random(6);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE};
        for (int trial = 0; trial < 300; trial++) {
            int n = pick(rnd) + rnd.nextInt(8);
            int off = rnd.nextInt(3);
            float[] x = new float[n + off];
            float[] dz = new float[n + off];
            float[] dx = new float[n + off];
            for (float[] v : new float[][] {x, dz, dx}) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = rnd.nextInt(6) == 0 ? specials[rnd.nextInt(specials.length)] : (float) rnd.nextGaussian();
                }
            }
            float[] want = dx.clone();
            float[] got = dx.clone();
            scalar.reluBackward(x, dz, want, off, n);
            vector.reluBackward(x, dz, got, off, n);
            for (int i = 0; i < n + off; i++) {
                assertThat(Float.floatToIntBits(got[i])).as("x %s dz %s dx %s", x[i], dz[i], dx[i])
                        .isEqualTo(Float.floatToIntBits(want[i]));
            }
        }
        float[] dx = {0.5f, -0f, 3f};
        scalar.reluBackward(new float[] {1f, 2f, -1f}, new float[] {2f, 0f, Float.POSITIVE_INFINITY}, dx, 0, 3);
        assertThat(dx[0]).isEqualTo(2.5f);
        assertThat(Float.floatToRawIntBits(dx[1])).isZero(); // −0 + 0·1 = +0
        assertThat(dx[2]).isNaN(); // ∞ · 0, as the scalar expression has it
    }

    @Test
    void scalarGemmIsAPlainFmaChain() {
        float[] a = {1f, 2f, 3f, 4f};
        float[] b = {5f, 6f, 7f, 8f};
        float[] c = {1f, 1f, 1f, 1f};
        scalar.gemm(2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, true);
        assertThat(c).containsExactly(20f, 23f, 44f, 51f);
    }

    @Test
    void factoryHonoursTheScalarSwitch() {
        String old = System.getProperty(KernelsFactory.PROPERTY);
        try {
            System.setProperty(KernelsFactory.PROPERTY, "scalar");
            assertThat(KernelsFactory.create()).isInstanceOf(ScalarKernels.class);
            System.setProperty(KernelsFactory.PROPERTY, "auto");
            assertThat(KernelsFactory.create().name()).startsWith("vector-");
        } finally {
            if (old == null) {
                System.clearProperty(KernelsFactory.PROPERTY);
            } else {
                System.setProperty(KernelsFactory.PROPERTY, old);
            }
        }
    }

    private static int pick(Random rnd) {
        return SIZES[rnd.nextInt(SIZES.length)];
    }

    static float[] random(Random rnd, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
