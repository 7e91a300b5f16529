package org.intformer.integer;

/**
 * One row of the {@code Softmax} op of docs/INTEGER.md: E = LUT[max − x], P = floor((2·E·p_max + sum)/(2·sum)).
 * The single implementation the interpreter and the fake-quant attention both run, so that training, the golden
 * model and (by its tests) the hardware see the same probabilities. Integer arithmetic only.
 */
public final class SoftmaxRow {
    private SoftmaxRow() {
    }

    /**
     * Probabilities of x[off .. off+n) into p[pOff ..], unsigned in [0, pMax].
     *
     * @return how many values were clamped to pMax (none when LUT[0] = 2^16, since then sum ≥ 2^16)
     */
    public static long probabilities(int[] x, int off, int n, int[] lut, int pMax, int[] p, int pOff) {
        int max = Integer.MIN_VALUE;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        long sum = 0;
        for (int j = 0; j < n; j++) {
            sum += lut[max - x[off + j]];
        }
        long saturated = 0;
        for (int j = 0; j < n; j++) {
            long v = (2L * lut[max - x[off + j]] * pMax + sum) / (2 * sum);
            p[pOff + j] = FixedPoint.clamp(v, 0, pMax);
            saturated += p[pOff + j] != v ? 1 : 0;
        }
        return saturated;
    }
}
