package org.intformer.tensor;

/**
 * The kernels the numeric core spends its time in. Implementations must give the same bits as
 * {@link ScalarKernels}: every output element is {@code c = fma(a[i,p], b[p,j], c)} for p ascending, starting
 * from 0 or from the existing C value. Under that rule the vector width and the thread split do not change
 * results. Element-wise functions must give exactly the bits of the scalar {@link FastMath} functions.
 *
 * <p>All matrices are row-major slices of arrays: element (i, j) of A is {@code a[aOff + i * lda + j]}.
 * All methods are single-threaded and may be called from several threads at once: callers split the work.
 */
public interface Kernels {
    /** C[m,n] (+)= A[m,k] · B[k,n]. */
    void gemm(int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] c, int cOff, int ldc,
              boolean accumulate);

    /**
     * C[m,n] (+)= Aᵀ · B[k,n] where A is stored as [k,m]: element (i, p) of Aᵀ is {@code a[aOff + p * lda + i]}.
     * Weight gradients (xᵀ·dy) and attention backward (Pᵀ·dO) read their left operand this way.
     */
    void gemmTransA(int m, int n, int k,
                    float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb,
                    float[] c, int cOff, int ldc,
                    boolean accumulate);

    /**
     * C[m,n] (+)= A[m,k] · Bᵀ where B is stored as [n,k]: element (p, j) of Bᵀ is {@code b[bOff + j * ldb + p]}.
     * Input gradients (dy·wᵀ) and attention scores (Q·Kᵀ) read their right operand this way.
     */
    void gemmTransB(int m, int n, int k,
                    float[] a, int aOff, int lda,
                    float[] b, int bOff, int ldb,
                    float[] c, int cOff, int ldc,
                    boolean accumulate);

    /** dst[i] = {@link FastMath#exp(float)}(src[i]) for len elements; src and dst may be the same slice. */
    void exp(float[] src, int srcOff, float[] dst, int dstOff, int len);

    /** dst[i] = {@link FastMath#tanh(float)}(src[i]) for len elements; src and dst may be the same slice. */
    void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len);

    /**
     * Per-tensor fake quantization of x·mul for {@code len} elements from {@code off}: for element off + k,
     * raw[rawOff + k] = {@link QuantOps#clampedRaw} of x·mul (the product in double; mul = 1 quantizes x itself) when
     * raw is not null, and y[off + k] = (float) (s·(clamp(raw, lo, hi) − z)) when y is not null, exactly the bits of
     * {@link ScalarKernels}.
     */
    void fakeQuant(float[] x, int off, int len, double mul, double s, int z, int lo, int hi, int[] raw, int rawOff, float[] y);

    /**
     * The straight-through gradient of fake quantization: dx[off + k] += dy[off + k] where lo ≤ raw[rawOff + k] ≤ hi
     * (raw from {@link #fakeQuant}), dx untouched elsewhere, for k below {@code len}.
     */
    void straightThrough(int[] raw, int rawOff, int lo, int hi, float[] dy, float[] dx, int off, int len);

    /**
     * The backward of per-tensor fake quantization of x itself (mul = 1) with a learned scale, from the codes raw
     * (from {@link #fakeQuant}) of {@code len} elements from {@code off}: the straight-through gradient as in
     * {@link #straightThrough} when dx is not null, and the terms of the LSQ step-size gradient, terms[termsOff + k] =
     * dy[off + k] · {@link QuantOps#lsqSlopeOf} of raw[rawOff + k] and the double quotient x[off + k] / s, in double;
     * exactly the bits of {@link ScalarKernels}.
     */
    void fakeQuantBackward(int[] raw, int rawOff, float[] x, float[] dy, float[] dx, int off, int len, double s, int z, int lo,
                           int hi, double[] terms, int termsOff);

    /**
     * ReLU's backward step: dx[i] += dz[i] · (x[i] > 0 ? 1 : 0) for len elements from off, exactly these float
     * operations (so a NaN or infinite dz gives what the scalar expression gives).
     */
    void reluBackward(float[] x, float[] dz, float[] dx, int off, int len);

    /** Short name for reports ("scalar", "vector-256", ...). */
    String name();
}
