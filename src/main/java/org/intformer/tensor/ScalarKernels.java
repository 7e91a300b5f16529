package org.intformer.tensor;

import java.util.Arrays;

/**
 * The reference kernels: plain loops in the summation order every other implementation must reproduce. Also
 * the fallback when the Vector API module is absent, so the loops keep their operands' inner index contiguous.
 */
public final class ScalarKernels implements Kernels {
    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        gemmStrided(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public void gemmTransA(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        gemmStrided(m, n, k, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** A element (i, p) at aOff + i·rowStride + p·colStride. */
    private static void gemmStrided(int m, int n, int k, float[] a, int aOff, int rowStride, int colStride,
                                    float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                Arrays.fill(c, ci, ci + n, 0f);
            }
            int ai = aOff + i * rowStride;
            for (int p = 0; p < k; p++) {
                float aip = a[ai + p * colStride];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    @Override
    public void gemmTransB(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        // Dot-product order: each element still sums p ascending, and both operands are read contiguously.
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * ldb;
                float s = accumulate ? c[ci + j] : 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ai + p], b[bj + p], s);
                }
                c[ci + j] = s;
            }
        }
    }

    @Override
    public void fakeQuant(float[] x, int off, int len, double mul, double s, int z, int lo, int hi, int[] raw, int rawOff, float[] y) {
        for (int k = 0; k < len; k++) {
            int r = QuantOps.clampedRaw(x[off + k] * mul, s, z, lo, hi);
            if (raw != null) {
                raw[rawOff + k] = r;
            }
            if (y != null) {
                y[off + k] = (float) (s * ((double) QuantOps.code(r, lo, hi) - z));
            }
        }
    }

    @Override
    public void straightThrough(int[] raw, int rawOff, int lo, int hi, float[] dy, float[] dx, int off, int len) {
        for (int k = 0; k < len; k++) {
            int r = raw[rawOff + k];
            if (r >= lo && r <= hi) {
                dx[off + k] += dy[off + k];
            }
        }
    }

    @Override
    public void fakeQuantBackward(int[] raw, int rawOff, float[] x, float[] dy, float[] dx, int off, int len, double s, int z,
                                  int lo, int hi, double[] terms, int termsOff) {
        if (dx != null) {
            straightThrough(raw, rawOff, lo, hi, dy, dx, off, len);
        }
        for (int k = 0; k < len; k++) {
            terms[termsOff + k] = dy[off + k] * QuantOps.lsqSlopeOf(raw[rawOff + k], x[off + k] / s, z, lo, hi);
        }
    }

    @Override
    public void exp(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = FastMath.exp(src[srcOff + i]);
        }
    }

    @Override
    public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = FastMath.tanh(src[srcOff + i]);
        }
    }

    @Override
    public void reluBackward(float[] x, float[] dz, float[] dx, int off, int len) {
        for (int i = off; i < off + len; i++) {
            dx[i] += dz[i] * (x[i] > 0f ? 1f : 0f);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
