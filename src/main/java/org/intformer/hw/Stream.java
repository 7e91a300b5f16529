package org.intformer.hw;

/**
 * One address stream of a step's loop nest: {@code base + i0·s0 + i1·s1 + i2·s2 + k·sk}, walked as running
 * sums (no multipliers).
 */
public record Stream(long base, long s0, long s1, long s2, long sk) {

    static final Stream NONE = new Stream(0, 0, 0, 0, 0);

    /** The streams a step may drive. */
    public enum Name {
        /** Operand A: the broadcast activation, or the elementwise source. */
        A,
        /** Operand B: weight-ROM word, lane-bank word, or the second elementwise operand. */
        B,
        /** The result's address. */
        Y,
        /** Bias / offset ROM index. */
        C,
        /** Multiplier ROM index. */
        M,
        /** COPY: the lane written. */
        L,
        /** MAT with a fused ChannelAffine: its affine-ROM index (advances with the lane while a block drains). */
        E
    }

    /** An upper bound of |address| over the nest. */
    long bound(Loops l) {
        return Math.abs(base) + Math.abs(s0) * l.n0() + Math.abs(s1) * l.n1() + Math.abs(s2) * l.n2() + Math.abs(sk) * l.nk();
    }
}
