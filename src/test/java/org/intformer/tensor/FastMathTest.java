package org.intformer.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FastMathTest {
    private static double relErr(float got, double want) {
        return Math.abs(got - want) / Math.abs(want);
    }

    @Test
    void expIsAccurateOverTheNormalRange() {
        double worst = 0;
        for (float x = -87.3f; x <= 88.7f; x += 0.000731f) {
            worst = Math.max(worst, relErr(FastMath.exp(x), Math.exp(x)));
        }
        assertThat(worst).isLessThan(2.5e-7);
    }

    @Test
    void expEdgeCases() {
        assertThat(FastMath.exp(0f)).isEqualTo(1f);
        assertThat(FastMath.exp(-200f)).isEqualTo(0f);
        assertThat(FastMath.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(FastMath.exp(89f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FastMath.exp(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FastMath.exp(Float.NaN)).isNaN();
        assertThat(FastMath.exp(88.72f)).isFinite().isGreaterThan(3.3e38f);
        assertThat(relErr(FastMath.exp(88.72f), Math.exp(88.72f))).isLessThan(2.5e-7);
        // gradual underflow instead of a flush to zero
        assertThat(FastMath.exp(-95f)).isGreaterThan(0f).isLessThan(Float.MIN_NORMAL);
        assertThat(Math.abs(FastMath.exp(-95f) - Math.exp(-95f))).isLessThanOrEqualTo(Float.MIN_VALUE);
    }

    @Test
    void tanhIsAccurateAndOdd() {
        double worst = 0;
        for (float x = -12f; x <= 12f; x += 0.0001237f) {
            float t = FastMath.tanh(x);
            assertThat(FastMath.tanh(-x)).isEqualTo(-t);
            if (x != 0f) {
                worst = Math.max(worst, relErr(t, Math.tanh(x)));
            }
        }
        assertThat(worst).isLessThan(4e-7);
        assertThat(FastMath.tanh(0f)).isEqualTo(0f);
        assertThat(Float.floatToRawIntBits(FastMath.tanh(-0f))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(FastMath.tanh(1e-30f)).isEqualTo(1e-30f);
        assertThat(FastMath.tanh(50f)).isEqualTo(1f);
        assertThat(FastMath.tanh(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(FastMath.tanh(Float.NaN)).isNaN();
    }

    @Test
    void arrayFormsGiveTheScalarBits() {
        Random rnd = new Random(4);
        int len = 10_007;
        float[] src = new float[len + 3];
        for (int i = 0; i < src.length; i++) {
            src[i] = switch (i % 5) {
                case 0 -> (float) rnd.nextGaussian();
                case 1 -> (rnd.nextFloat() - 0.5f) * 240f;
                case 2 -> (rnd.nextFloat() - 0.5f) * 2f;
                case 3 -> new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f,
                        88.72f, -103.9f, 0.625f, -0.625f}[rnd.nextInt(9)];
                default -> (float) rnd.nextGaussian() * 20f;
            };
        }
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), KernelsFactory.vectorOrNull()}) {
            float[] e = new float[len];
            float[] t = new float[len];
            kernels.exp(src, 3, e, 0, len);
            kernels.tanh(src, 3, t, 0, len);
            for (int i = 0; i < len; i++) {
                assertThat(Float.floatToIntBits(e[i])).as("%s exp(%s)", kernels.name(), src[i + 3])
                        .isEqualTo(Float.floatToIntBits(FastMath.exp(src[i + 3])));
                assertThat(Float.floatToIntBits(t[i])).as("%s tanh(%s)", kernels.name(), src[i + 3])
                        .isEqualTo(Float.floatToIntBits(FastMath.tanh(src[i + 3])));
            }
        }
        float[] inPlace = src.clone();
        FastMath.expInPlace(inPlace, 3, len);
        float[] viaDst = new float[len];
        FastMath.exp(src, 3, viaDst, 0, len);
        assertThat(java.util.Arrays.copyOfRange(inPlace, 3, len + 3)).isEqualTo(viaDst);
        FastMath.tanh(src, 0, viaDst, 0, len);
        assertThat(Float.floatToIntBits(viaDst[5])).isEqualTo(Float.floatToIntBits(FastMath.tanh(src[5])));
    }
}
