package org.intformer.integer;

/**
 * The integer arithmetic of {@code docs/INTEGER.md}: rounding shift, requantization, saturation. Integer-only
 * on purpose (a test scans this class's bytecode): hardware must be able to reproduce every bit of it.
 */
public final class FixedPoint {

    /** Largest shift of the convention. */
    public static final int MAX_SHIFT = 62;

    private FixedPoint() {
    }

    /**
     * {@code sign(p)·((|p| + 2^(n−1)) >> n)}, round half away from zero, for 0 ≤ n ≤ 62. Computed as the
     * truncated quotient plus the first dropped bit, which never overflows: it is exact for every long p,
     * {@link Long#MIN_VALUE} included (its magnitude read as unsigned).
     */
    public static long roundShift(long p, int n) {
        if (n < 0 || n > MAX_SHIFT) {
            throw new IllegalArgumentException("shift " + n + " outside [0, " + MAX_SHIFT + "]");
        }
        if (n == 0) {
            return p;
        }
        long magnitude = Math.abs(p);
        long rounded = (magnitude >>> n) + ((magnitude >>> (n - 1)) & 1L);
        return p < 0 ? -rounded : rounded;
    }

    /**
     * {@code roundShift(acc · m0, n)} with the product in 64 bits. The range analysis guarantees
     * |acc| < 2^31, so the product stays below 2^62; a product that would overflow is a bug in the analysis
     * and throws {@link ArithmeticException} rather than returning wrapped bits.
     */
    public static long requant(long acc, int m0, int n) {
        return roundShift(Math.multiplyExact(acc, (long) m0), n);
    }

    /** {@code v} limited to [lo, hi]. */
    public static int clamp(long v, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, v));
    }

    /** Smallest value of a {@code bits}-bit tensor: −2^(bits−1) if signed, else 0. */
    public static int minValue(int bits, boolean signed) {
        return signed ? -(1 << (bits - 1)) : 0;
    }

    /** Largest value of a {@code bits}-bit tensor: 2^(bits−1) − 1 if signed, else 2^bits − 1. */
    public static int maxValue(int bits, boolean signed) {
        return signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }

    /** Bits to hold any value of magnitude ≤ {@code bound} in two's complement: ⌈log2(bound + 1)⌉ + 1. */
    public static int signedBits(long bound) {
        return 64 - Long.numberOfLeadingZeros(bound) + 1;
    }
}
