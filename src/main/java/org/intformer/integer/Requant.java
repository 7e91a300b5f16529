package org.intformer.integer;

import org.intformer.UserError;

/**
 * The fixed-point multipliers of one op: a single (m0, n) or one per output channel. Ranges are checked
 * here (m0 ∈ [0, 2^31) by its type and sign, 0 ≤ n ≤ 62); whether the count fits the op is the op's check.
 */
public record Requant(IntArray m0, IntArray n) {

    public Requant {
        if (m0.length() == 0 || m0.length() != n.length()) {
            throw new UserError("requantization needs as many shifts as multipliers, at least one (got "
                    + m0.length() + " and " + n.length() + ")");
        }
        int bad = m0.firstOutside(0, Integer.MAX_VALUE);
        if (bad >= 0) {
            throw new UserError("requantization multiplier m0 = " + m0.get(bad) + " outside [0, 2^31)");
        }
        bad = n.firstOutside(0, FixedPoint.MAX_SHIFT);
        if (bad >= 0) {
            throw new UserError("requantization shift n = " + n.get(bad) + " outside [0, 62]");
        }
    }

    public static Requant single(int m0, int n) {
        return new Requant(IntArray.of(m0), IntArray.of(n));
    }

    public static Requant of(Multiplier m) {
        return single(m.m0(), m.n());
    }

    /** One multiplier per channel. */
    public static Requant perChannel(Multiplier... ms) {
        int[] m0 = new int[ms.length];
        int[] n = new int[ms.length];
        for (int i = 0; i < ms.length; i++) {
            m0[i] = ms[i].m0();
            n[i] = ms[i].n();
        }
        return new Requant(IntArray.of(m0), IntArray.of(n));
    }

    /** Number of (m0, n) pairs: 1, or the number of output channels. */
    public int count() {
        return m0.length();
    }

    public boolean isSingle() {
        return m0.length() == 1;
    }

    /** The multiplier of output channel {@code c} (the single one if there is only one). */
    public int m0(int c) {
        return m0.values[isSingle() ? 0 : c];
    }

    public int n(int c) {
        return n.values[isSingle() ? 0 : c];
    }
}
