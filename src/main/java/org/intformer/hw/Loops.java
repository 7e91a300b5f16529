package org.intformer.hw;

/** The loop nest of one step: trip counts of the loops i0, i1, i2 (outer to inner) and k (innermost). */
public record Loops(long n0, long n1, long n2, long nk) {

    /** Issues of the nest: every (i0, i1, i2, k). */
    public long issues() {
        return n0 * n1 * n2 * nk;
    }

    /** The largest trip count. */
    long maxCount() {
        return Math.max(Math.max(n0, n1), Math.max(n2, nk));
    }
}
