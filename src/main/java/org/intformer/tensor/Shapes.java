package org.intformer.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by ops. */
public final class Shapes {
    private Shapes() {
    }

    public static long size(int... shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= s;
        }
        return n;
    }

    /** Product of all dimensions but the last: the number of rows of a tensor seen as a matrix. */
    public static int rows(int[] shape) {
        return Math.toIntExact(size(Arrays.copyOf(shape, shape.length - 1)));
    }

    public static int[] withLast(int[] shape, int last) {
        int[] s = shape.clone();
        s[s.length - 1] = last;
        return s;
    }

    public static void requireRank(Tensor t, int rank, String what) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank + ", got " + t);
        }
    }

    public static void requireSame(Tensor a, Tensor b, String what) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(what + ": shapes differ, " + a + " vs " + b);
        }
    }
}
