package org.intformer.integer;

/**
 * The host's side of the integer model's interface: quantizing a z-scored input window the way a sensor ADC
 * would, and dequantizing the forecast. Floating point lives here (and in {@link Multiplier}), never in the
 * interpreter.
 */
public final class HostQuantization {

    private HostQuantization() {
    }

    /**
     * {@code sign(x)·floor(|x| + 0.5)}, computed exactly: adding 0.5 in floating point would round
     * 0.49999999999999994 up to 1 and odd integers above 2^52 to their even neighbour, so the fraction is
     * compared instead.
     *
     * @throws IllegalArgumentException for NaN or infinity (there is no integer to round to)
     */
    public static double roundHalfAway(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("cannot round " + x);
        }
        return roundHalfAwayUnchecked(x);
    }

    /**
     * The same rounding without the finiteness check, for hot loops: infinities come back unchanged and NaN
     * stays NaN (magnitude − floor is then NaN, and the comparison is false).
     */
    public static double roundHalfAwayUnchecked(double x) {
        double magnitude = Math.abs(x);
        double floor = Math.floor(magnitude);
        double rounded = magnitude - floor >= 0.5 ? floor + 1 : floor; // magnitude − floor is exact
        return Math.copySign(rounded, x);
    }

    /** {@code clamp(roundHalfAway(x/S) + z)} into the tensor's range, element by element. */
    public static int[] quantize(double[] x, TensorSpec spec) {
        int[] q = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new org.intformer.UserError("cannot quantize " + x[i] + " (value " + i + ") for tensor '"
                        + spec.name() + "'");
            }
            double v = roundHalfAway(x[i] / spec.scale()) + spec.zeroPoint();
            q[i] = (int) Math.max(spec.min(), Math.min(spec.max(), v));
        }
        return q;
    }

    /** {@code S·(q − z)}, element by element. */
    public static double[] dequantize(int[] q, TensorSpec spec) {
        double[] x = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            x[i] = spec.scale() * ((long) q[i] - spec.zeroPoint());
        }
        return x;
    }
}
