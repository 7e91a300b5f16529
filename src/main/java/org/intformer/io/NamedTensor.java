package org.intformer.io;

import java.util.Arrays;

/**
 * A named float array with a row-major shape, as stored in a model file.
 *
 * <p>The data array is shared, not copied (models can be large); callers must not modify it after handing
 * it over. The shape is copied since it is tiny and its product is what makes the record consistent.
 */
public record NamedTensor(String name, int[] shape, float[] data) {

    public NamedTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        if (shape == null || data == null) {
            throw new IllegalArgumentException("tensor '" + name + "': shape and data must not be null");
        }
        shape = shape.clone();
        long count = elementCount(shape);
        if (count < 0) {
            throw new IllegalArgumentException("tensor '" + name + "': bad shape " + Arrays.toString(shape));
        }
        if (count != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                    + " needs " + count + " values, data has " + data.length);
        }
    }

    /**
     * The product of the dimensions, or -1 if a dimension is negative or the product exceeds what a Java
     * array can hold.
     */
    public static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                return -1;
            }
            count *= dim;
            if (count > Integer.MAX_VALUE - 8) {
                return -1;
            }
        }
        return count;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Compares contents; floats by bit pattern, so NaN equals the same NaN and 0.0 differs from -0.0. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NamedTensor other) || !name.equals(other.name) || !Arrays.equals(shape, other.shape)
                || data.length != other.data.length) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(other.data[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
