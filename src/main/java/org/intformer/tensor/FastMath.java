package org.intformer.tensor;

/**
 * exp and tanh as fixed fma sequences. {@code Math.exp} costs 8–17 ns and the Vector API's exp changes bits with
 * the JIT and JDK; these are a few ulp accurate, and {@link VectorKernels} repeats the very same operation
 * sequence lane-wise, so the scalar and array forms give the same bits on any machine.
 *
 * <p>The constants are package-visible because the vector form must use exactly these values.
 */
public final class FastMath {
    /** Below this exp underflows to 0 even after the final rounding; clamping keeps n in the scale's range. */
    static final float EXP_LO = -104f;
    /** Above this exp overflows to +inf in the final multiply. */
    static final float EXP_HI = 89f;
    static final float LOG2E = 1.44269504088896341f;
    /** Adding 1.5·2²³ rounds to an integer, which then sits in the low mantissa bits (no float→int convert). */
    static final float MAGIC = 12582912f;
    static final int MAGIC_BITS = 0x4B400000;
    /** ln 2 split so that n·LN2_HI is exact (Cody–Waite). */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** e^r ≈ 1 + r + r²·(E0 + r·(E1 + ...)) on |r| ≤ ln2/2 (Cephes expf coefficients). */
    static final float E5 = 1.9875691500e-4f;
    static final float E4 = 1.3981999507e-3f;
    static final float E3 = 8.3334519073e-3f;
    static final float E2 = 4.1665795894e-2f;
    static final float E1 = 1.6666665459e-1f;
    static final float E0 = 5.0000001201e-1f;

    /** Below this |x| tanh uses its odd polynomial; above, 1 − 2/(e^{2|x|}+1) has no cancellation left. */
    static final float TANH_SMALL = 0.625f;
    /** tanh(x) ≈ x + x·z·(T0 + z·(T1 + ...)), z = x² (Cephes tanhf coefficients). */
    static final float T4 = -5.70498872745e-3f;
    static final float T3 = 2.06390887954e-2f;
    static final float T2 = -5.37397155531e-2f;
    static final float T1 = 1.33314422036e-1f;
    static final float T0 = -3.33332819422e-1f;

    private FastMath() {
    }

    /** e^x within a few ulp; 0 below about −103.3, +inf above about 88.72, NaN for NaN. */
    public static float exp(float x) {
        if (x != x) {
            return x;
        }
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(xc, LOG2E, MAGIC);
        float nf = t - MAGIC;
        float r = Math.fma(nf, -LN2_HI, xc);
        r = Math.fma(nf, -LN2_LO, r);
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(E5, r, E4), r, E3), r, E2), r, E1), r, E0);
        float y = Math.fma(q, r * r, r) + 1f;
        // 2^n as two factors: each stays a normal float for n in [-150, 129], and only the last multiply rounds,
        // which gives correct overflow to +inf and gradual underflow.
        int n = Float.floatToRawIntBits(t) - MAGIC_BITS;
        int n1 = n >> 1;
        int n2 = n - n1;
        return y * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /** tanh(x) within a few ulp, odd (also at ±0), ±1 for large |x|. */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        float y;
        if (ax < TANH_SMALL) {
            float z = x * x;
            float p = Math.fma(Math.fma(Math.fma(Math.fma(T4, z, T3), z, T2), z, T1), z, T0);
            y = Math.fma(p * z, x, x);
        } else {
            y = 1f - 2f / (exp(2f * ax) + 1f);
        }
        // The large branch is computed on |x|, and the small one loses the sign of −0: OR in the sign of x.
        return Float.intBitsToFloat(Float.floatToRawIntBits(y) | (Float.floatToRawIntBits(x) & 0x80000000));
    }

    /** dst[i] = exp(src[i]) with the fastest available kernels; same bits as the scalar form. */
    public static void exp(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        KernelsFactory.best().exp(src, srcOff, dst, dstOff, len);
    }

    /** In-place exp of a slice. */
    public static void expInPlace(float[] a, int off, int len) {
        exp(a, off, a, off, len);
    }

    /** dst[i] = tanh(src[i]) with the fastest available kernels; same bits as the scalar form. */
    public static void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        KernelsFactory.best().tanh(src, srcOff, dst, dstOff, len);
    }
}
