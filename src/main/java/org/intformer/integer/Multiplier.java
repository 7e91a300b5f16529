package org.intformer.integer;

import org.intformer.UserError;

/**
 * A real requantization multiplier M > 0 as the fixed-point pair M ≈ m0·2^(−n) of {@code docs/INTEGER.md}:
 * the largest n ≤ 62 with m0 = roundHalfAway(M·2^n) < 2^31, so m0 ∈ [2^30, 2^31) unless M is tiny, and the
 * relative error is then at most 2^−31.
 */
public record Multiplier(int m0, int n) {

    public Multiplier {
        if (m0 < 0 || n < 0 || n > FixedPoint.MAX_SHIFT) {
            throw new IllegalArgumentException("multiplier (" + m0 + ", " + n + ") outside m0 ≥ 0, 0 ≤ n ≤ 62");
        }
    }

    /**
     * The pair for {@code m}.
     *
     * @throws UserError if m is not a positive finite number or is too large for n = 0 (m ≥ 2^31 − 0.5)
     */
    public static Multiplier of(double m) {
        if (!(m > 0) || Double.isInfinite(m)) {
            throw new UserError("requantization multiplier " + m + " must be a positive finite number");
        }
        // M·2^n is exact in binary floating point, and m0 grows with n: search down from the largest shift.
        for (int n = FixedPoint.MAX_SHIFT; n >= 0; n--) {
            double scaled = Math.scalb(m, n);
            if (scaled >= 0x1p31) {
                continue; // also skips products that overflowed to infinity
            }
            double m0 = HostQuantization.roundHalfAway(scaled);
            if (m0 < 0x1p31) {
                return new Multiplier((int) m0, n);
            }
        }
        throw new UserError("requantization multiplier " + m + " is too large (must be below 2^31 − 0.5)");
    }

    /** m0·2^(−n), the multiplier actually applied. */
    public double value() {
        return Math.scalb((double) m0, -n);
    }
}
