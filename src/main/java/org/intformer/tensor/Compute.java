package org.intformer.tensor;

/**
 * The heavy numeric routines of training and inference, built from {@link Kernels} and split by
 * {@link Parallel}. Results are bit-identical for any thread count: row splits never change an element's
 * summation order, and reductions over rows (weight and bias gradients) add fixed-size chunk partials in
 * chunk order.
 */
public final class Compute implements AutoCloseable {
    /** Rows per partial sum in weight-gradient reductions; fixed so that thread count cannot change the bits. */
    public static final int REDUCTION_CHUNK = 512;

    private final Kernels kernels;
    private final Parallel parallel;

    public Compute(Kernels kernels, Parallel parallel) {
        this.kernels = kernels;
        this.parallel = parallel;
    }

    public Kernels kernels() {
        return kernels;
    }

    public Parallel parallel() {
        return parallel;
    }

    /** y[n,o] = x[n,k] · w[k,o] + bias[o] (bias may be null). */
    public void linearForward(float[] x, int n, int k, float[] w, int o, float[] bias, float[] y) {
        parallel.forRange(n, 16, (lo, hi) -> {
            kernels.gemm(hi - lo, o, k, x, lo * k, k, w, 0, o, y, lo * o, o, false);
            if (bias != null) {
                for (int r = lo; r < hi; r++) {
                    for (int j = 0; j < o; j++) {
                        y[r * o + j] += bias[j];
                    }
                }
            }
        });
    }

    /**
     * Gradients of {@link #linearForward}: dx += dy · wᵀ (dx may be null), dw += xᵀ · dy, dbias += Σ_rows dy
     * (dbias may be null). The row sums go through {@link #REDUCTION_CHUNK}-row partials added in order.
     */
    public void linearBackward(float[] x, float[] dy, int n, int k, int o, float[] w,
                               float[] dx, float[] dw, float[] dbias) {
        if (dx != null) {
            float[] wt = transpose(w, k, o);
            parallel.forRange(n, 16, (lo, hi) ->
                    kernels.gemm(hi - lo, k, o, dy, lo * o, o, wt, 0, k, dx, lo * k, k, true));
        }
        int chunks = (n + REDUCTION_CHUNK - 1) / REDUCTION_CHUNK;
        float[][] partW = new float[chunks][];
        float[][] partB = new float[chunks][];
        parallel.forRange(chunks, 1, (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                int r0 = c * REDUCTION_CHUNK;
                int rows = Math.min(REDUCTION_CHUNK, n - r0);
                float[] xt = new float[k * rows];
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < k; i++) {
                        xt[i * rows + r] = x[(r0 + r) * k + i];
                    }
                }
                float[] pw = new float[k * o];
                kernels.gemm(k, o, rows, xt, 0, rows, dy, r0 * o, o, pw, 0, o, false);
                partW[c] = pw;
                if (dbias != null) {
                    float[] pb = new float[o];
                    for (int r = 0; r < rows; r++) {
                        int base = (r0 + r) * o;
                        for (int j = 0; j < o; j++) {
                            pb[j] += dy[base + j];
                        }
                    }
                    partB[c] = pb;
                }
            }
        });
        for (int c = 0; c < chunks; c++) {
            addInto(dw, partW[c]);
            if (dbias != null) {
                addInto(dbias, partB[c]);
            }
        }
    }

    /** Row-major [rows, cols] to [cols, rows]. */
    public static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private static void addInto(float[] acc, float[] part) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += part[i];
        }
    }

    @Override
    public void close() {
        parallel.close();
    }
}
