package org.intformer.quant;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IntegerSoftmaxTest {
    @Test
    void lutStartsAtOneAndMatchesTheReference() {
        for (double s : new double[] {1e-8, 0.001, 0.037, 0.5, 7.0}) {
            int[] lut = IntegerSoftmax.lut(s, 256);
            assertThat(lut[0]).isEqualTo(65536);
            for (int d = 0; d < lut.length; d++) {
                assertThat((long) lut[d]).as("S=%s d=%d", s, d).isEqualTo(SoftmaxReference.lut(s, d));
            }
        }
    }

    @Test
    void probabilitiesMatchTheBigIntegerReferenceOnRandomAndAdversarialRows() {
        SplittableRandom rng = new SplittableRandom(5);
        int lo = QuantGrid.signedLo(8);
        int hi = QuantGrid.signedHi(8);
        for (double s : new double[] {1e-8, 0.002, 0.05, 0.3, 9.0}) {
            int[] lut = IntegerSoftmax.lut(s, hi - lo + 1);
            for (int bits : new int[] {1, 4, 8, 16}) {
                for (int[] row : rows(rng, lo, hi)) {
                    int[] p = new int[row.length];
                    org.intformer.integer.SoftmaxRow.probabilities(row, 0, row.length, lut, (1 << bits) - 1, p, 0);
                    long[] ref = SoftmaxReference.probabilities(row, s, bits);
                    long total = 0;
                    for (int j = 0; j < row.length; j++) {
                        assertThat((long) p[j]).as("S=%s bits=%d j=%d", s, bits, j).isEqualTo(ref[j]);
                        assertThat(p[j]).isBetween(0, (1 << bits) - 1);
                        total += p[j];
                    }
                    // Each P is within 1/2 of its exact share, so the row sum is within n/2 of 2^b − 1.
                    assertThat((double) Math.abs(total - ((1L << bits) - 1))).isLessThanOrEqualTo(row.length / 2.0);
                }
            }
        }
    }

    private static int[][] rows(SplittableRandom rng, int lo, int hi) {
        int[] random = new int[50];
        for (int j = 0; j < random.length; j++) {
            random[j] = rng.nextInt(lo, hi + 1);
        }
        int[] extremes = new int[9];
        java.util.Arrays.fill(extremes, lo);
        extremes[4] = hi; // d = 2^b_s − 1, the last LUT entry
        int[] equal = new int[7];
        java.util.Arrays.fill(equal, 17);
        int[] twoTops = {hi, hi, lo, 0, hi - 1};
        int[] longRow = new int[400];
        for (int j = 0; j < longRow.length; j++) {
            longRow[j] = hi - rng.nextInt(0, 4);
        }
        return new int[][] {random, extremes, equal, twoTops, longRow, {lo}, {hi, lo}};
    }
}
