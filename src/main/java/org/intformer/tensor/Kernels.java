package org.intformer.tensor;

/**
 * The matrix kernels the numeric core spends its time in. Implementations must give the same bits as
 * {@link ScalarKernels}: every output element is {@code c = fma(a[i,k], b[k,j], c)} for k ascending, starting
 * from 0 or from the existing C value. Under that rule the vector width and the thread split do not change
 * results.
 *
 * <p>All matrices are row-major slices of arrays: element (i, j) of A is {@code a[aOff + i * lda + j]}.
 */
public interface Kernels {
    /** C[m,n] (+)= A[m,k] · B[k,n]. Single-threaded: callers split the work. */
    void gemm(int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] c, int cOff, int ldc,
              boolean accumulate);

    /** Short name for reports ("scalar", "vector-256", ...). */
    String name();
}
