package org.intformer.quant;

/**
 * The exponential table of the {@code Softmax} op of docs/INTEGER.md (the row computation itself is
 * {@link org.intformer.integer.SoftmaxRow}, shared with the interpreter).
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
}
