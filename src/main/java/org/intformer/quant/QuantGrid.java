package org.intformer.quant;

/**
 * A uniform quantization grid: integers q in [lo, hi] meaning S·(q − z) (docs/INTEGER.md, "Conventions").
 * Every rounding of a real onto a grid in this project goes through {@link #code}, so the fake-quant ops, the
 * observers and the converter's exported integers cannot drift apart.
 *
 * @param scale     S, positive and finite
 * @param zeroPoint z, inside [lo, hi]
 */
public record QuantGrid(double scale, int zeroPoint, int lo, int hi) {
    /** Smallest scale a grid derived from data may take: an all-zero range must still give a usable grid. */
    public static final double MIN_SCALE = 1e-8;

    public QuantGrid {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("quant grid: scale must be positive and finite, got " + scale);
        }
        if (lo >= hi) {
            throw new IllegalArgumentException("quant grid: empty range [" + lo + ", " + hi + "]");
        }
        if (zeroPoint < lo || zeroPoint > hi) {
            throw new IllegalArgumentException("quant grid: zero point " + zeroPoint + " outside [" + lo + ", " + hi + "]");
        }
    }

    /** Lowest code of a signed b-bit tensor, −2^(b−1). */
    public static int signedLo(int bits) {
        checkBits(bits, 2, 31);
        return (int) -(1L << (bits - 1));
    }

    /** Highest code of a signed b-bit tensor, 2^(b−1) − 1. */
    public static int signedHi(int bits) {
        checkBits(bits, 2, 31);
        return (int) ((1L << (bits - 1)) - 1);
    }

    /** Highest code of an unsigned b-bit tensor, 2^b − 1 (the lowest is 0). */
    public static int unsignedHi(int bits) {
        checkBits(bits, 1, 30);
        return (1 << bits) - 1;
    }

    /** A signed b-bit grid with the given scale and zero point. */
    public static QuantGrid signed(int bits, double scale, int zeroPoint) {
        return new QuantGrid(scale, zeroPoint, signedLo(bits), signedHi(bits));
    }

    /** An unsigned b-bit grid with the given scale and zero point. */
    public static QuantGrid unsigned(int bits, double scale, int zeroPoint) {
        return new QuantGrid(scale, zeroPoint, 0, unsignedHi(bits));
    }

    /** Symmetric signed b-bit grid covering [min, max]: S = max(|min|, |max|)/(2^(b−1) − 1), z = 0. */
    public static QuantGrid symmetric(double min, double max, int bits) {
        return symmetric(min, max, signedLo(bits), signedHi(bits));
    }

    /** Symmetric grid on [lo, hi] (which must contain 0): S = max(|min|, |max|)/hi, z = 0. */
    public static QuantGrid symmetric(double min, double max, int lo, int hi) {
        checkRange(min, max);
        if (lo > 0 || hi <= 0) {
            throw new IllegalArgumentException("symmetric grid needs 0 < hi and lo <= 0, got [" + lo + ", " + hi + "]");
        }
        double s = Math.max(Math.abs(min), Math.abs(max)) / hi;
        return new QuantGrid(guardScale(s), 0, lo, hi);
    }

    /** Asymmetric signed b-bit grid covering [min, max] widened to include 0. */
    public static QuantGrid asymmetric(double min, double max, int bits) {
        return asymmetric(min, max, signedLo(bits), signedHi(bits));
    }

    /**
     * Asymmetric grid on [lo, hi] covering [min, max] widened to include 0 (so that 0 is exactly representable,
     * which zero padding and ReLU rely on): S = (max − min)/(hi − lo), z = clamp(roundHalfAway(lo − min/S)).
     */
    public static QuantGrid asymmetric(double min, double max, int lo, int hi) {
        checkRange(min, max);
        double mn = Math.min(min, 0.0);
        double mx = Math.max(max, 0.0);
        double s = guardScale((mx - mn) / ((double) hi - lo));
        double z = Math.min(Math.max(roundHalfAway(lo - mn / s), lo), hi);
        return new QuantGrid(s, (int) z, lo, hi);
    }

    /** This grid with another scale (LSQ learns S and keeps z, lo, hi). */
    public QuantGrid withScale(double newScale) {
        return new QuantGrid(newScale, zeroPoint, lo, hi);
    }

    /** clamp(roundHalfAway(x/S) + z, lo, hi). */
    public int quantize(double x) {
        return code(x, scale, zeroPoint, lo, hi);
    }

    /** S·(q − z). */
    public double dequantize(int q) {
        return scale * ((double) q - zeroPoint);
    }

    /** The project's one rounding rule for reals: sign(x)·floor(|x| + 0.5). */
    public static double roundHalfAway(double x) {
        // The one rounding rule of docs/INTEGER.md, shared with the integer model's host side; infinities pass
        // through so that clamping decides.
        return org.intformer.integer.HostQuantization.roundHalfAwayUnchecked(x);
    }

    /** roundHalfAway(x/S) + z before clamping; the straight-through mask and LSQ need it unclamped. */
    public static double rawCode(double x, double scale, int zeroPoint) {
        return roundHalfAway(x / scale) + zeroPoint;
    }

    /** clamp(roundHalfAway(x/S) + z, lo, hi), clamped in double so that huge x cannot overflow the int. */
    public static int code(double x, double scale, int zeroPoint, int lo, int hi) {
        return (int) Math.min(Math.max(rawCode(x, scale, zeroPoint), lo), hi);
    }

    /** A scale as used by the ops: learned (LSQ) or data-derived scales are kept at or above {@link #MIN_SCALE}. */
    public static double guardScale(double s) {
        return s >= MIN_SCALE ? s : MIN_SCALE;
    }

    private static void checkBits(int bits, int min, int max) {
        if (bits < min || bits > max) {
            throw new IllegalArgumentException("bits must be in " + min + ".." + max + ", got " + bits);
        }
    }

    private static void checkRange(double min, double max) {
        if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("quant grid: bad range [" + min + ", " + max + "]");
        }
    }
}
