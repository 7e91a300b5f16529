package org.intformer.integer;

import java.util.Arrays;

/**
 * An immutable array of ints with value equality, so that the IR's records (weights, biases, shapes, LUTs)
 * are real values: records holding a plain {@code int[]} would compare by identity and leak mutable state.
 */
public final class IntArray {

    private static final IntArray EMPTY = new IntArray(new int[0]);

    /** Read directly by the interpreter's kernels in this package; never handed out. */
    final int[] values;

    private IntArray(int[] values) {
        this.values = values;
    }

    /** A copy of {@code values}. */
    public static IntArray of(int... values) {
        return values.length == 0 ? EMPTY : new IntArray(values.clone());
    }

    public int length() {
        return values.length;
    }

    public int get(int i) {
        return values[i];
    }

    /** A fresh copy of the values. */
    public int[] toArray() {
        return values.clone();
    }

    /** Product of the values (an element count when this is a shape); −1 if it exceeds Integer.MAX_VALUE. */
    public long product() {
        long p = 1;
        for (int v : values) {
            p *= v;
            if (p > Integer.MAX_VALUE || p < 0) {
                return -1;
            }
        }
        return p;
    }

    /** Index of the first value outside [lo, hi], or −1 if all are inside. */
    public int firstOutside(long lo, long hi) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < lo || values[i] > hi) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntArray other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** All values when short, else the length and the first few (for messages and debugging). */
    @Override
    public String toString() {
        if (values.length <= 16) {
            return Arrays.toString(values);
        }
        return Arrays.toString(Arrays.copyOf(values, 8)).replace("]", ", ... (" + values.length + " values)]");
    }
}
