package org.intformer.quant;

import org.intformer.data.Cholesky;

/**
 * Rounds the weights of a linear layer onto their grid so that the layer's outputs, not its weights, stay close:
 * the error Σ_rows (x·(W − Q))² over the layer's inputs is what matters, and with correlated inputs (a window of
 * a smooth series) rounding each weight to its nearest level is far from the best. This is GPTQ (Frantar et
 * al., arXiv 2210.17323, after Optimal Brain Quantization): the input rows are taken in order; each weight is
 * rounded to the nearest level and its rounding error is pushed onto the weights of the rows not yet rounded,
 * in the proportions that keep the outputs least changed, given H = Σ xᵀx of the inputs. Each output column is
 * rounded independently (the scales, per column or one for all, are given).
 */
public final class HessianRounding {
    /** Added to H's diagonal, relative to its mean diagonal: keeps H invertible when inputs are collinear. */
    public static final double DAMPING = 0.01;

    private HessianRounding() {
    }

    /**
     * @param w       weights, row-major [k, o] (inputs × outputs), as {@code Linear} stores them
     * @param scales  one scale per output column, or one for all
     * @param bits    signed weight bits
     * @param hessian H = Σ xᵀx over the layer's (centred) inputs, row-major [k, k]; only the lower triangle is read
     * @return the integer codes, row-major [k, o], each in the signed {@code bits} range
     */
    public static int[] round(float[] w, int k, int o, double[] scales, int bits, double[] hessian) {
        if (w.length != k * o || hessian.length != k * k || (scales.length != 1 && scales.length != o)) {
            throw new IllegalArgumentException("shapes: " + w.length + " weights, " + hessian.length + " Hessian entries, "
                    + scales.length + " scales for [" + k + ", " + o + "]");
        }
        double[] u = inverseUpperFactor(hessian, k);
        int lo = QuantGrid.signedLo(bits);
        int hi = QuantGrid.signedHi(bits);
        double[] work = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            work[i] = w[i];
        }
        int[] q = new int[w.length];
        for (int i = 0; i < k; i++) {
            double uii = u[i * k + i];
            for (int c = 0; c < o; c++) {
                double s = scales.length == 1 ? scales[0] : scales[c];
                int code = QuantGrid.code(work[i * o + c], s, 0, lo, hi);
                q[i * o + c] = code;
                double err = (work[i * o + c] - code * s) / uii;
                for (int j = i + 1; j < k; j++) {
                    work[j * o + c] -= err * u[i * k + j];
                }
            }
        }
        return q;
    }

    /**
     * U, upper triangular, with (H + damping)⁻¹ = Uᵀ·U, row-major [k, k]: the Cholesky factor of the inverse that
     * GPTQ's updates read row by row.
     */
    static double[] inverseUpperFactor(double[] hessian, int k) {
        double[] h = new double[k * k];
        double meanDiag = 0;
        for (int i = 0; i < k; i++) {
            meanDiag += hessian[i * k + i];
        }
        meanDiag = Math.max(meanDiag / k, 1e-12);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                h[i * k + j] = hessian[i * k + j];
            }
            h[i * k + i] += DAMPING * meanDiag;
        }
        Cholesky.factor(h, k);
        double[] inv = new double[k * k];
        for (int i = 0; i < k; i++) {
            inv[i * k + i] = 1;
        }
        Cholesky.solve(h, k, inv, k);
        Cholesky.factor(inv, k);
        double[] u = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                u[i * k + j] = inv[j * k + i];
            }
        }
        return u;
    }
}
