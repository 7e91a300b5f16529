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

    /** Multiply-adds a share must hold before a region is split: below this the hand-off costs more than it saves. */
    static final long MIN_MACS_PER_SHARE = 1 << 15;

    /** Rows of a linear layer's output computed before their bias is added (a multiple of every row tile). */
    private static final int BIAS_BLOCK_ROWS = 64;

    /** Chunk partials of the weight-gradient reduction; per calling thread so concurrent callers stay apart. */
    private static final ThreadLocal<float[][]> PARTIALS = ThreadLocal.withInitial(() -> new float[1][0]);
    /** Left operand of the bias column sums. */
    private static final float[] ONES = ones(REDUCTION_CHUNK);

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
        parallel.forRange(n, minRows((long) k * o), (lo, hi) -> {
            // Blocks of rows, so that the bias is added while the block is still in cache.
            for (int r0 = lo; r0 < hi; r0 += BIAS_BLOCK_ROWS) {
                int r1 = Math.min(hi, r0 + BIAS_BLOCK_ROWS);
                kernels.gemm(r1 - r0, o, k, x, r0 * k, k, w, 0, o, y, r0 * o, o, false);
                if (bias != null) {
                    for (int r = r0; r < r1; r++) {
                        int yr = r * o;
                        for (int j = 0; j < o; j++) {
                            y[yr + j] += bias[j];
                        }
                    }
                }
            }
        });
    }

    /**
     * Gradients of {@link #linearForward}: dx += dy · wᵀ (dx may be null), dw += xᵀ · dy, dbias += Σ_rows dy
     * (dbias may be null). The row sums go through {@link #REDUCTION_CHUNK}-row partials added in order:
     * dw = (((dw + part₀) + part₁) + ...). The partials are computed in parallel over chunks, the in-order
     * sum in parallel over elements of dw.
     */
    public void linearBackward(float[] x, float[] dy, int n, int k, int o, float[] w,
                               float[] dx, float[] dw, float[] dbias) {
        if (dx != null) {
            parallel.forRange(n, minRows((long) k * o), (lo, hi) ->
                    kernels.gemmTransB(hi - lo, k, o, dy, lo * o, o, w, 0, o, dx, lo * k, k, true));
        }
        if (n <= 0) {
            return;
        }
        int chunks = (n + REDUCTION_CHUNK - 1) / REDUCTION_CHUNK;
        int wSize = k * o;
        int stride = wSize + (dbias != null ? o : 0);
        float[] part = partials(chunks * stride);
        float[] ones = dbias != null ? ONES : null;
        parallel.forRange(chunks, minRows((long) REDUCTION_CHUNK * stride), (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                int r0 = c * REDUCTION_CHUNK;
                int rows = Math.min(REDUCTION_CHUNK, n - r0);
                kernels.gemmTransA(k, o, rows, x, r0 * k, k, dy, r0 * o, o, part, c * stride, o, false);
                if (ones != null) {
                    // fma(1, dy, s) rounds exactly like s + dy, so the column sum is a 1-row gemm.
                    kernels.gemm(1, o, rows, ones, 0, rows, dy, r0 * o, o, part, c * stride + wSize, o, false);
                }
            }
        });
        parallel.forRange(stride, minRows(chunks), (lo, hi) -> {
            for (int c = 0; c < chunks; c++) {
                int base = c * stride;
                for (int e = lo; e < hi; e++) {
                    if (e < wSize) {
                        dw[e] += part[base + e];
                    } else {
                        dbias[e - wSize] += part[base + e];
                    }
                }
            }
        });
    }

    /**
     * Batched products C_b (+)= op(A_b) · op(B_b) for b in [0, batch), with op(X) = Xᵀ when trans is set
     * (A stored [k,m], B stored [n,k]); matrix b starts at off + b·stride. Split over batch × rows of C, so one
     * large matrix is parallel too. Both transposed at once is not supported.
     */
    public void bmm(int batch, int m, int n, int k,
                    float[] a, int aOff, int lda, int aStride, boolean transA,
                    float[] b, int bOff, int ldb, int bStride, boolean transB,
                    float[] c, int cOff, int ldc, int cStride, boolean accumulate) {
        if (transA && transB) {
            throw new IllegalArgumentException("bmm: transA and transB together are not supported");
        }
        if (m <= 0) {
            return;
        }
        parallel.forRange(batch * m, minRows((long) n * k), (lo, hi) -> {
            for (int row = lo; row < hi; ) {
                int bi = row / m;
                int i0 = row - bi * m;
                int rows = Math.min(m - i0, hi - row);
                int ao = aOff + bi * aStride + (transA ? i0 : i0 * lda);
                int bo = bOff + bi * bStride;
                int co = cOff + bi * cStride + i0 * ldc;
                if (transA) {
                    kernels.gemmTransA(rows, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
                } else if (transB) {
                    kernels.gemmTransB(rows, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
                } else {
                    kernels.gemm(rows, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
                }
                row += rows;
            }
        });
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

    /** Rows per share so that each share holds at least {@link #MIN_MACS_PER_SHARE} multiply-adds. */
    static int minRows(long macsPerRow) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MIN_MACS_PER_SHARE / Math.max(1, macsPerRow)));
    }

    private static float[] partials(int size) {
        float[][] holder = PARTIALS.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    private static float[] ones(int len) {
        float[] v = new float[len];
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    @Override
    public void close() {
        parallel.close();
    }
}
