package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;

class FixedPointTest {

    /** p·2^(−n) rounded half away from zero (BigDecimal's HALF_UP), exactly. */
    private static BigInteger exactShift(BigInteger p, int n) {
        return new BigDecimal(p).divide(new BigDecimal(BigInteger.ONE.shiftLeft(n))).setScale(0, RoundingMode.HALF_UP)
                .toBigIntegerExact();
    }

    private static List<Long> corners(int n, Random random) {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 2L, -2L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, (1L << 62) - 1, -(1L << 62) + 1));
        long unit = 1L << n;
        long half = n == 0 ? 0 : 1L << (n - 1);
        for (long k : new long[] {0, 1, 2, 3, 7, 1000, (1L << 30) - 1}) {
            if (n + 64 - Long.numberOfLeadingZeros(Math.max(k, 1)) > 61) {
                continue;
            }
            for (long delta : new long[] {-half - 1, -half, -half + 1, -1, 0, 1, half - 1, half, half + 1}) {
                values.add(k * unit + delta);
                values.add(-(k * unit + delta));
            }
        }
        for (int i = 0; i < 200; i++) {
            values.add(random.nextLong());
            values.add(random.nextLong() >> random.nextInt(64));
        }
        return values;
    }

    @Test
    void roundShiftMatchesExactRoundingForEveryShift() {
        Random random = new Random(1);
        for (int n = 0; n <= 62; n++) {
            for (long p : corners(n, random)) {
                assertThat(FixedPoint.roundShift(p, n)).as("roundShift(%d, %d)", p, n)
                        .isEqualTo(exactShift(BigInteger.valueOf(p), n).longValueExact());
            }
        }
    }

    @Test
    void roundShiftRoundsTiesAwayFromZero() {
        assertThat(FixedPoint.roundShift(3, 1)).isEqualTo(2);
        assertThat(FixedPoint.roundShift(-3, 1)).isEqualTo(-2);
        assertThat(FixedPoint.roundShift(5, 1)).isEqualTo(3);
        assertThat(FixedPoint.roundShift(-5, 1)).isEqualTo(-3);
        assertThat(FixedPoint.roundShift(-1, 1)).isEqualTo(-1);
        assertThat(FixedPoint.roundShift(1, 2)).isZero();
        assertThat(FixedPoint.roundShift(-1, 2)).isZero();
        assertThat(FixedPoint.roundShift(1L << 61, 62)).isEqualTo(1);
        assertThat(FixedPoint.roundShift(-(1L << 61), 62)).isEqualTo(-1);
        assertThat(FixedPoint.roundShift((1L << 61) - 1, 62)).isZero();
    }

    @Test
    void roundShiftRejectsShiftsOutsideTheConvention() {
        assertThatThrownBy(() -> FixedPoint.roundShift(1, 63)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixedPoint.roundShift(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requantMatchesExactRationalMathOverTheContract() {
        Random random = new Random(2);
        long[] accs = {0, 1, -1, (1L << 31) - 1, -(1L << 31) + 1, 12345, -12345, 1L << 30, -(1L << 30)};
        int[] m0s = {0, 1, (1 << 30), Integer.MAX_VALUE, (1 << 30) + 12345};
        for (int n = 0; n <= 62; n++) {
            for (long acc : accs) {
                for (int m0 : m0s) {
                    check(acc, m0, n);
                }
            }
            for (int i = 0; i < 300; i++) {
                long acc = random.nextInt() >> random.nextInt(32);
                if (acc == Integer.MIN_VALUE) {
                    acc++;
                }
                check(acc, random.nextInt(Integer.MAX_VALUE), n);
            }
        }
    }

    private static void check(long acc, int m0, int n) {
        BigInteger exact = exactShift(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(m0)), n);
        assertThat(FixedPoint.requant(acc, m0, n)).as("requant(%d, %d, %d)", acc, m0, n).isEqualTo(exact.longValueExact());
    }

    @Test
    void requantRefusesToWrapInsteadOfReturningWrongBits() {
        assertThatThrownBy(() -> FixedPoint.requant(Long.MAX_VALUE / 2, Integer.MAX_VALUE, 0))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void clampAndRanges() {
        assertThat(FixedPoint.clamp(300, -128, 127)).isEqualTo(127);
        assertThat(FixedPoint.clamp(-300, -128, 127)).isEqualTo(-128);
        assertThat(FixedPoint.clamp(Long.MIN_VALUE, -128, 127)).isEqualTo(-128);
        assertThat(FixedPoint.clamp(5, -128, 127)).isEqualTo(5);
        assertThat(FixedPoint.minValue(8, true)).isEqualTo(-128);
        assertThat(FixedPoint.maxValue(8, false)).isEqualTo(255);
        assertThat(FixedPoint.maxValue(16, false)).isEqualTo(65535);
        assertThat(FixedPoint.signedBits(0)).isEqualTo(1);
        assertThat(FixedPoint.signedBits(1)).isEqualTo(2);
        assertThat(FixedPoint.signedBits(127)).isEqualTo(8);
        assertThat(FixedPoint.signedBits(128)).isEqualTo(9);
        assertThat(FixedPoint.signedBits((1L << 31) - 1)).isEqualTo(32);
    }

    @Test
    void roundHalfAwayIsExactWhereAddingOneHalfIsNot() {
        assertThat(HostQuantization.roundHalfAway(0.49999999999999994)).isEqualTo(0.0);
        assertThat(HostQuantization.roundHalfAway(-0.49999999999999994)).isEqualTo(-0.0);
        assertThat(HostQuantization.roundHalfAway(0.5)).isEqualTo(1.0);
        assertThat(HostQuantization.roundHalfAway(-0.5)).isEqualTo(-1.0);
        assertThat(HostQuantization.roundHalfAway(2.5)).isEqualTo(3.0);
        assertThat(HostQuantization.roundHalfAway(-2.5)).isEqualTo(-3.0);
        assertThat(HostQuantization.roundHalfAway(0x1p52 + 1)).isEqualTo(0x1p52 + 1);
        assertThat(HostQuantization.roundHalfAway(1e300)).isEqualTo(1e300);
        assertThatThrownBy(() -> HostQuantization.roundHalfAway(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostQuantizationClampsAndRoundTrips() {
        TensorSpec spec = TensorSpec.signed("x", 8, 0.5, 3, 4);
        int[] q = HostQuantization.quantize(new double[] {0.25, -0.25, 1000, -1000}, spec);
        assertThat(q).containsExactly(4, 2, 127, -128);
        assertThat(HostQuantization.dequantize(new int[] {3, 5, -128, 127}, spec)).containsExactly(0.0, 1.0, -65.5, 62.0);
        assertThatThrownBy(() -> HostQuantization.quantize(new double[] {Double.NaN}, spec))
                .isInstanceOf(UserError.class).hasMessageContaining("'x'");
    }

    @Test
    void multiplierPicksTheLargestShiftAndIsAccurate() {
        Random random = new Random(3);
        for (int i = 0; i < 20000; i++) {
            double m = Math.pow(2, -70 + 100.9 * random.nextDouble());
            checkMultiplier(m);
        }
        for (int e = -64; e <= 30; e++) {
            checkMultiplier(Math.scalb(1.0, e));
            checkMultiplier(Math.scalb(Math.nextDown(1.0), e));
            checkMultiplier(Math.scalb(Math.nextUp(1.0), e));
        }
    }

    private static void checkMultiplier(double m) {
        Multiplier mult = Multiplier.of(m);
        BigDecimal exact = new BigDecimal(m);
        BigDecimal scaled = exact.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(mult.n())));
        assertThat((long) mult.m0()).as("m0 of %s", m).isLessThan(1L << 31);
        assertThat(BigInteger.valueOf(mult.m0())).isEqualTo(scaled.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact());
        if (mult.n() < 62) {
            BigDecimal next = scaled.multiply(BigDecimal.valueOf(2)).setScale(0, RoundingMode.HALF_UP);
            assertThat(next.compareTo(new BigDecimal(BigInteger.ONE.shiftLeft(31)))).as("larger shift possible for %s", m)
                    .isGreaterThanOrEqualTo(0);
            assertThat(mult.m0()).isGreaterThanOrEqualTo(1 << 30);
            BigDecimal applied = new BigDecimal(mult.m0()).divide(new BigDecimal(BigInteger.ONE.shiftLeft(mult.n())));
            BigDecimal relative = applied.subtract(exact).abs().divide(exact, MathContext.DECIMAL128);
            assertThat(relative.compareTo(new BigDecimal(Math.scalb(1.0, -31)))).as("error of %s", m).isLessThanOrEqualTo(0);
        }
    }

    @Test
    void multiplierBoundaryWhereM0WouldRoundUpTo2To31() {
        for (int n = 1; n <= 62; n++) {
            // (2^31 − 0.5)·2^−n would need m0 = 2^31 at shift n, so the shift drops by one and m0 is 2^30.
            Multiplier up = Multiplier.of(Math.scalb(0x1p31 - 0.5, -n));
            assertThat(up).isEqualTo(new Multiplier(1 << 30, n - 1));
            Multiplier below = Multiplier.of(Math.scalb(Math.nextDown(0x1p31 - 0.5), -n));
            assertThat(below).isEqualTo(new Multiplier(Integer.MAX_VALUE, n));
        }
    }

    @Test
    void multiplierForTinyAndInvalidValues() {
        assertThat(Multiplier.of(0x1p-64)).isEqualTo(new Multiplier(0, 62));
        assertThat(Multiplier.of(0x1p-63)).isEqualTo(new Multiplier(1, 62));
        assertThat(Multiplier.of(Double.MIN_VALUE)).isEqualTo(new Multiplier(0, 62));
        assertThat(Multiplier.of(1.0)).isEqualTo(new Multiplier(1 << 30, 30));
        assertThat(Multiplier.of(1.0).value()).isEqualTo(1.0);
        for (double bad : new double[] {0, -0.0, -1, Double.NaN, Double.POSITIVE_INFINITY, 0x1p31 - 0.5, 0x1p31, 1e300}) {
            assertThatThrownBy(() -> Multiplier.of(bad)).as("%s", bad).isInstanceOf(UserError.class)
                    .hasMessageContaining("multiplier");
        }
    }
}
