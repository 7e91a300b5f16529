package org.intformer.quant;

import java.math.BigInteger;

/** docs/INTEGER.md's Softmax op written out with BigInteger, independently of {@link IntegerSoftmax}. */
public final class SoftmaxReference {
    private SoftmaxReference() {
    }

    /** 2^16·exp(−S·d) rounded half up (half away from zero, as the values are positive). */
    public static long lut(double scoreScale, int d) {
        return Math.round(65536.0 * Math.exp(-scoreScale * d));
    }

    /** The integer probabilities of one row of score codes. */
    public static long[] probabilities(int[] codes, double scoreScale, int probBits) {
        int max = Integer.MIN_VALUE;
        for (int c : codes) {
            max = Math.max(max, c);
        }
        BigInteger sum = BigInteger.ZERO;
        BigInteger[] e = new BigInteger[codes.length];
        for (int j = 0; j < codes.length; j++) {
            e[j] = BigInteger.valueOf(lut(scoreScale, max - codes[j]));
            sum = sum.add(e[j]);
        }
        BigInteger pMax = BigInteger.ONE.shiftLeft(probBits).subtract(BigInteger.ONE);
        BigInteger two = BigInteger.TWO;
        long[] p = new long[codes.length];
        for (int j = 0; j < codes.length; j++) {
            // floor((E·(2^b − 1)·2 + sum) / (2·sum)); all terms are non-negative, so divide floors.
            p[j] = e[j].multiply(pMax).multiply(two).add(sum).divide(two.multiply(sum)).longValueExact();
        }
        return p;
    }
}
