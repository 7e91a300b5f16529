package org.intformer.tensor;

import java.util.Arrays;

/**
 * Layout ops of the inter-series model: swapping the series and time axes, adding a tensor repeated along
 * one axis of another (a window's date embedding over its series, a context over its tokens), and joining
 * token sequences. Each output element is written by one loop iteration and each gradient element is summed
 * in a fixed order, so results do not depend on threads.
 */
public final class SeriesOps {
    private SeriesOps() {
    }

    /** [..., A, B] → [..., B, A]: the last two axes swapped (series-major ↔ time-major). */
    public static Tensor swapLastTwo(Graph g, Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("swapLastTwo needs rank ≥ 2, got " + x);
        }
        int a = x.dim(-2);
        int b = x.dim(-1);
        int blocks = x.size() / (a * b);
        float[] z = new float[x.size()];
        swap(x.data(), z, blocks, a, b, false);
        int[] shape = x.shape();
        shape[shape.length - 2] = b;
        shape[shape.length - 1] = a;
        return g.unary(x, z, shape, (dz, dx) -> swap(dz, dx, blocks, b, a, true));
    }

    /** dst[blk, j, i] (+)= src[blk, i, j] for blocks of [rows, cols]. */
    private static void swap(float[] src, float[] dst, int blocks, int rows, int cols, boolean accumulate) {
        for (int blk = 0; blk < blocks; blk++) {
            int o = blk * rows * cols;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (accumulate) {
                        dst[o + j * rows + i] += src[o + i * cols + j];
                    } else {
                        dst[o + j * rows + i] = src[o + i * cols + j];
                    }
                }
            }
        }
    }

    /**
     * a + b where b has a's shape without {@code axis} and is repeated along it:
     * {@code z[o, i, n] = a[o, i, n] + b[o, n]} with o the axes before {@code axis}, i the axis, n those after.
     * The gradient of b sums over i in increasing order.
     */
    public static Tensor addAlong(Graph g, Tensor a, Tensor b, int axis) {
        int[] as = a.shape();
        if (axis < 0 || axis >= as.length) {
            throw new IllegalArgumentException("addAlong: axis " + axis + " outside " + a);
        }
        int[] expected = new int[as.length - 1];
        for (int i = 0, j = 0; i < as.length; i++) {
            if (i != axis) {
                expected[j++] = as[i];
            }
        }
        if (!Arrays.equals(b.shape(), expected)) {
            throw new IllegalArgumentException("addAlong: " + b + " is not " + a + " without axis " + axis);
        }
        int outer = (int) Shapes.size(Arrays.copyOf(as, axis));
        int along = as[axis];
        int inner = (int) Shapes.size(Arrays.copyOfRange(as, axis + 1, as.length));
        float[] ad = a.data();
        float[] bd = b.data();
        float[] z = new float[ad.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < along; i++) {
                int zo = (o * along + i) * inner;
                int bo = o * inner;
                for (int n = 0; n < inner; n++) {
                    z[zo + n] = ad[zo + n] + bd[bo + n];
                }
            }
        }
        boolean needs = g.needsGrad(a, b);
        Tensor out = Tensor.result(z, needs, as);
        if (needs) {
            g.record(() -> {
                float[] dz = out.grad();
                if (dz == null) {
                    return;
                }
                Elementwise.accumulate(g, a, dz);
                if (b.requiresGrad()) {
                    float[] db = b.gradOrAlloc();
                    for (int o = 0; o < outer; o++) {
                        for (int i = 0; i < along; i++) {
                            int zo = (o * along + i) * inner;
                            for (int n = 0; n < inner; n++) {
                                db[o * inner + n] += dz[zo + n];
                            }
                        }
                    }
                }
            });
        }
        return out;
    }

    /** a and b joined along {@code axis}; all other axes must agree. */
    public static Tensor concat(Graph g, Tensor a, Tensor b, int axis) {
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length != bs.length || axis < 0 || axis >= as.length) {
            throw new IllegalArgumentException("concat: " + a + " and " + b + " along axis " + axis);
        }
        for (int i = 0; i < as.length; i++) {
            if (i != axis && as[i] != bs[i]) {
                throw new IllegalArgumentException("concat: " + a + " and " + b + " differ outside axis " + axis);
            }
        }
        int outer = (int) Shapes.size(Arrays.copyOf(as, axis));
        int inner = (int) Shapes.size(Arrays.copyOfRange(as, axis + 1, as.length));
        int ablock = as[axis] * inner;
        int bblock = bs[axis] * inner;
        int zblock = ablock + bblock;
        float[] z = new float[outer * zblock];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(a.data(), o * ablock, z, o * zblock, ablock);
            System.arraycopy(b.data(), o * bblock, z, o * zblock + ablock, bblock);
        }
        int[] shape = as.clone();
        shape[axis] = as[axis] + bs[axis];
        boolean needs = g.needsGrad(a, b);
        Tensor out = Tensor.result(z, needs, shape);
        if (needs) {
            g.record(() -> {
                float[] dz = out.grad();
                if (dz == null) {
                    return;
                }
                for (int o = 0; o < outer; o++) {
                    if (a.requiresGrad()) {
                        float[] da = a.gradOrAlloc();
                        for (int k = 0; k < ablock; k++) {
                            da[o * ablock + k] += dz[o * zblock + k];
                        }
                    }
                    if (b.requiresGrad()) {
                        float[] db = b.gradOrAlloc();
                        for (int k = 0; k < bblock; k++) {
                            db[o * bblock + k] += dz[o * zblock + ablock + k];
                        }
                    }
                }
            });
        }
        return out;
    }
}
