package org.intformer.integer;

import org.intformer.UserError;

/**
 * A quantized tensor of the integer model: integers q of {@code bits} bits (signed or unsigned) meaning
 * r = scale·(q − zeroPoint). The scale is documentation and for the host's conversions only; the interpreter
 * never reads it.
 *
 * @param shape row-major dimensions, each ≥ 1, no batch axis
 */
public record TensorSpec(String name, IntArray shape, int bits, boolean signed, double scale, int zeroPoint) {

    public static final int MIN_BITS = 2;
    public static final int MAX_BITS = 16;

    public TensorSpec {
        if (name == null || name.isBlank()) {
            throw new UserError("tensor with an empty name");
        }
        if (shape == null || shape.length() == 0 || shape.firstOutside(1, Integer.MAX_VALUE) >= 0 || shape.product() < 0) {
            throw new UserError("tensor '" + name + "': invalid shape " + shape + " (dimensions ≥ 1, at most 2^31 − 1 values)");
        }
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new UserError("tensor '" + name + "': " + bits + " bits outside [" + MIN_BITS + ", " + MAX_BITS + "]");
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new UserError("tensor '" + name + "': scale " + scale + " must be a positive finite number");
        }
        if (zeroPoint < FixedPoint.minValue(bits, signed) || zeroPoint > FixedPoint.maxValue(bits, signed)) {
            throw new UserError("tensor '" + name + "': zero point " + zeroPoint + " outside its " + rangeText(bits, signed));
        }
    }

    /** A signed tensor. */
    public static TensorSpec signed(String name, int bits, double scale, int zeroPoint, int... shape) {
        return new TensorSpec(name, IntArray.of(shape), bits, true, scale, zeroPoint);
    }

    /** An unsigned tensor (softmax probabilities). */
    public static TensorSpec unsigned(String name, int bits, double scale, int zeroPoint, int... shape) {
        return new TensorSpec(name, IntArray.of(shape), bits, false, scale, zeroPoint);
    }

    /** The same quantization under another name and shape. */
    public TensorSpec withNameAndShape(String newName, int... newShape) {
        return new TensorSpec(newName, IntArray.of(newShape), bits, signed, scale, zeroPoint);
    }

    public int min() {
        return FixedPoint.minValue(bits, signed);
    }

    public int max() {
        return FixedPoint.maxValue(bits, signed);
    }

    /** Number of values. */
    public int size() {
        return (int) shape.product();
    }

    public int rank() {
        return shape.length();
    }

    /** Dimension {@code i}; negative counts from the end (−1 is the last). */
    public int dim(int i) {
        return shape.get(i < 0 ? shape.length() + i : i);
    }

    /** Same bits, signedness and zero point: the integers mean the same up to the (host-side) scale. */
    public boolean sameIntegers(TensorSpec other) {
        return bits == other.bits && signed == other.signed && zeroPoint == other.zeroPoint;
    }

    /** "signed 8-bit range [−128, 127]". */
    public String rangeText() {
        return rangeText(bits, signed);
    }

    static String rangeText(int bits, boolean signed) {
        return (signed ? "signed " : "unsigned ") + bits + "-bit range [" + FixedPoint.minValue(bits, signed) + ", "
                + FixedPoint.maxValue(bits, signed) + "]";
    }
}
