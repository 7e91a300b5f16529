package org.intformer.data;

/** In-place Cholesky factorization and solve for a symmetric positive definite matrix stored row-major, n×n. */
public final class Cholesky {
    private Cholesky() {
    }

    /**
     * Replaces the lower triangle of {@code a} with L such that A = L·Lᵀ; only the lower triangle of {@code a} is read.
     */
    public static void factor(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * n + k] * a[j * n + k];
            }
            if (!(d > 0)) {
                throw new IllegalStateException("matrix is not positive definite at pivot " + j + " (" + d + ")");
            }
            double ljj = Math.sqrt(d);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / ljj;
            }
        }
    }

    /** Solves L·Lᵀ·X = B in place for the {@code m} columns of {@code b} (row-major n×m), with L from {@link #factor}. */
    public static void solve(double[] l, int n, double[] b, int m) {
        // Forward substitution L·Z = B, row by row so each row of B is updated with contiguous access.
        for (int i = 0; i < n; i++) {
            int bi = i * m;
            for (int k = 0; k < i; k++) {
                double lik = l[i * n + k];
                int bk = k * m;
                for (int c = 0; c < m; c++) {
                    b[bi + c] -= lik * b[bk + c];
                }
            }
            double inv = 1.0 / l[i * n + i];
            for (int c = 0; c < m; c++) {
                b[bi + c] *= inv;
            }
        }
        // Back substitution Lᵀ·X = Z.
        for (int i = n - 1; i >= 0; i--) {
            int bi = i * m;
            for (int k = i + 1; k < n; k++) {
                double lki = l[k * n + i];
                int bk = k * m;
                for (int c = 0; c < m; c++) {
                    b[bi + c] -= lki * b[bk + c];
                }
            }
            double inv = 1.0 / l[i * n + i];
            for (int c = 0; c < m; c++) {
                b[bi + c] *= inv;
            }
        }
    }
}
