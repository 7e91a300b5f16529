package org.intformer.quant;

/**
 * The {@code Softmax} op of docs/INTEGER.md on one row of quantized scores: E = LUT[max − x],
 * P = floor((E·(2^b_p − 1)·2 + sum)/(2·sum)). Integer arithmetic only, so the fake-quant attention, the
 * interpreter and the hardware see the same probabilities.
 */
public final class IntegerSoftmax {
    /** LUT entries are 2^16·exp(−S·d); LUT[0] = 2^16. */
    public static final int ONE = 1 << 16;
    /** Past S·d = 50, 2^16·e^(−S·d) < 1e−16 rounds to 0, so exp need not be evaluated there. */
    private static final double ZERO_BEYOND = 50.0;

    private IntegerSoftmax() {
    }

    /**
     * LUT[d] = roundHalfAway(2^16·exp(−S_s·d)) for d in [0, entries). StrictMath so that the table has the same
     * bits on every JVM: the converter must export exactly these values.
     */
    public static int[] lut(double scoreScale, int entries) {
        int[] lut = new int[entries];
        for (int d = 0; d < entries && scoreScale * d < ZERO_BEYOND; d++) {
            lut[d] = (int) QuantGrid.roundHalfAway(ONE * StrictMath.exp(-scoreScale * d));
        }
        return lut;
    }

    /**
     * Probabilities of codes[off .. off+n) into p[pOff ..]: unsigned probBits-bit integers of scale
     * 1/(2^probBits − 1). Every code must satisfy max − code < lut.length.
     */
    public static void row(int[] codes, int off, int n, int[] lut, int probBits, int[] p, int pOff) {
        int max = Integer.MIN_VALUE;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, codes[off + j]);
        }
        long sum = 0;
        for (int j = 0; j < n; j++) {
            sum += lut[max - codes[off + j]];
        }
        long pmax2 = 2L * ((1L << probBits) - 1);
        long den = 2 * sum;
        for (int j = 0; j < n; j++) {
            p[pOff + j] = (int) ((lut[max - codes[off + j]] * pmax2 + sum) / den);
        }
    }
}
