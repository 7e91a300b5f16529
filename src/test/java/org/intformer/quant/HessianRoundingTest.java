package org.intformer.quant;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GPTQ rounding against an independent reference: Optimal Brain Quantization written out directly, re-solving the
 * weights not yet rounded by least squares after each rounding (no Cholesky trick), which GPTQ's updates equal.
 */
class HessianRoundingTest {

    /** Correlated inputs (a random walk, like a series window) and their Σ xᵀx. */
    static double[] hessian(Random r, int k, int n, double[][] xOut) {
        double[] h = new double[k * k];
        for (int s = 0; s < n; s++) {
            double[] x = new double[k];
            double v = r.nextGaussian();
            for (int i = 0; i < k; i++) {
                v += 0.3 * r.nextGaussian();
                x[i] = v;
            }
            if (xOut != null) {
                xOut[s] = x;
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    h[i * k + j] += x[i] * x[j];
                }
            }
        }
        return h;
    }

    /** OBQ for one column: after rounding weight i, the free weights minimise (w − w0)ᵀ·Hd·(w − w0) given the fixed ones. */
    static int[] reference(double[] w0, double[] h, int k, double s, int bits) {
        double mean = 0;
        for (int i = 0; i < k; i++) {
            mean += h[i * k + i];
        }
        double[][] hd = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                hd[i][j] = h[i * k + j] + (i == j ? HessianRounding.DAMPING * mean / k : 0);
            }
        }
        double[] w = w0.clone();
        int[] q = new int[k];
        int lo = QuantGrid.signedLo(bits);
        int hi = QuantGrid.signedHi(bits);
        for (int i = 0; i < k; i++) {
            q[i] = QuantGrid.code(w[i], s, 0, lo, hi);
            w[i] = q[i] * s;
            int f = k - i - 1;
            if (f == 0) {
                break;
            }
            // Hd_FF · (w_F − w0_F) = −Hd_F,fixed · (w_fixed − w0_fixed), fixed = rows 0..i
            double[][] a = new double[f][f + 1];
            for (int r = 0; r < f; r++) {
                for (int c = 0; c < f; c++) {
                    a[r][c] = hd[i + 1 + r][i + 1 + c];
                }
                double rhs = 0;
                for (int c = 0; c <= i; c++) {
                    rhs -= hd[i + 1 + r][c] * (w[c] - w0[c]);
                }
                a[r][f] = rhs;
            }
            double[] d = gauss(a, f);
            for (int r = 0; r < f; r++) {
                w[i + 1 + r] = w0[i + 1 + r] + d[r];
            }
        }
        return q;
    }

    static double[] gauss(double[][] a, int n) {
        for (int p = 0; p < n; p++) {
            int best = p;
            for (int r = p + 1; r < n; r++) {
                if (Math.abs(a[r][p]) > Math.abs(a[best][p])) {
                    best = r;
                }
            }
            double[] t = a[p];
            a[p] = a[best];
            a[best] = t;
            for (int r = p + 1; r < n; r++) {
                double m = a[r][p] / a[p][p];
                for (int c = p; c <= n; c++) {
                    a[r][c] -= m * a[p][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    @RepeatedTest(5)
    void equalsOptimalBrainQuantizationColumnByColumn(org.junit.jupiter.api.RepetitionInfo rep) {
        Random r = new Random(42 + rep.getCurrentRepetition());
        int k = 12;
        int o = 3;
        double[] h = hessian(r, k, 200, null);
        float[] w = new float[k * o];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.3);
        }
        double[] scales = {0.05, 0.11, 0.2};
        int[] got = HessianRounding.round(w, k, o, scales, 4, h);
        for (int c = 0; c < o; c++) {
            double[] col = new double[k];
            for (int i = 0; i < k; i++) {
                col[i] = w[i * o + c];
            }
            int[] want = reference(col, h, k, scales[c], 4);
            for (int i = 0; i < k; i++) {
                assertThat(got[i * o + c]).as("row %d column %d", i, c).isEqualTo(want[i]);
            }
        }
    }

    @Test
    void uncorrelatedInputsGiveRoundToNearest() {
        int k = 5;
        double[] h = new double[k * k];
        for (int i = 0; i < k; i++) {
            h[i * k + i] = 3.0;
        }
        float[] w = {0.31f, -0.74f, 0.05f, 0.49f, -0.26f};
        int[] q = HessianRounding.round(w, k, 1, new double[]{0.1}, 4, h);
        assertThat(q).containsExactly(3, -7, 1, 5, -3);
    }

    @Test
    void keepsOutputsCloserThanRoundToNearestOnCorrelatedInputs() {
        Random r = new Random(7);
        int k = 24;
        int n = 400;
        double[][] x = new double[n][];
        double[] h = hessian(r, k, n, x);
        float[] w = new float[k];
        for (int i = 0; i < k; i++) {
            w[i] = (float) (r.nextGaussian() * 0.2);
        }
        double s = 0.6 / 7;
        int[] gptq = HessianRounding.round(w, k, 1, new double[]{s}, 4, h);
        double eG = 0;
        double eR = 0;
        for (double[] row : x) {
            double dg = 0;
            double dr = 0;
            for (int i = 0; i < k; i++) {
                dg += row[i] * (w[i] - gptq[i] * s);
                dr += row[i] * (w[i] - QuantGrid.code(w[i], s, 0, -8, 7) * s);
            }
            eG += dg * dg;
            eR += dr * dr;
        }
        assertThat(eG).isLessThan(0.5 * eR);
    }
}
