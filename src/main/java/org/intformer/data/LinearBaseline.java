package org.intformer.data;

/**
 * A linear forecaster: the whole window flattened ({@code lookback·inC} values) plus a constant 1, mapped to all
 * {@code horizon·outC} outputs by one matrix fitted on the training windows by least squares.
 *
 * <p>It is fitted through the normal equations {@code (AᵀA + λI) W = AᵀY}, accumulated and solved in double
 * precision by Cholesky in a fixed order, so the result is the same on every run. The ridge
 * {@code λ = 1e-6·trace(AᵀA)/dim} is far below the data's own scale (it changes the test error in the fourth
 * decimal at most) but keeps the factorization stable when neighbouring lags are nearly collinear.
 */
public final class LinearBaseline {
    static final double RIDGE = 1e-6;

    private final int inDim;
    private final int outDim;
    /** Weights {@code [inDim + 1, outDim]}, the last row being the bias. */
    private final double[] w;

    private LinearBaseline(int inDim, int outDim, double[] w) {
        this.inDim = inDim;
        this.outDim = outDim;
        this.w = w;
    }

    /** Fits on every window of {@code train}. */
    public static LinearBaseline fit(WindowSet train) {
        if (train.n() < 1) {
            throw new IllegalArgumentException("no training windows");
        }
        int in = train.xStride();
        int out = train.yStride();
        int dim = in + 1;
        double[] gram = new double[dim * dim];   // AᵀA, lower triangle only
        double[] rhs = new double[dim * out];    // AᵀY
        double[] a = new double[dim];
        float[] x = train.x();
        float[] y = train.y();
        for (int i = 0; i < train.n(); i++) {
            for (int j = 0; j < in; j++) {
                a[j] = x[i * in + j];
            }
            a[in] = 1.0;
            int yo = i * out;
            for (int r = 0; r < dim; r++) {
                double ar = a[r];
                int go = r * dim;
                for (int c = 0; c <= r; c++) {
                    gram[go + c] += ar * a[c];
                }
                int ro = r * out;
                for (int k = 0; k < out; k++) {
                    rhs[ro + k] += ar * y[yo + k];
                }
            }
        }
        double trace = 0;
        for (int r = 0; r < dim; r++) {
            trace += gram[r * dim + r];
        }
        double lambda = RIDGE * trace / dim;
        for (int r = 0; r < dim; r++) {
            gram[r * dim + r] += lambda;
        }
        Cholesky.factor(gram, dim);
        Cholesky.solve(gram, dim, rhs, out);
        return new LinearBaseline(in, out, rhs);
    }

    /** Inputs per window the model expects ({@code lookback·inC}). */
    public int inDim() {
        return inDim;
    }

    /** Outputs per window ({@code horizon·outC}). */
    public int outDim() {
        return outDim;
    }

    /** Weight of input {@code i} (or the bias when {@code i == inDim()}) for output {@code k}. */
    public double weight(int i, int k) {
        return w[i * outDim + k];
    }

    /** Forecasts for every window of {@code ws}, flat {@code [n, horizon, outC]}. */
    public float[] predict(WindowSet ws) {
        if (ws.xStride() != inDim || ws.yStride() != outDim) {
            throw new IllegalArgumentException("windows of " + ws.xStride() + "→" + ws.yStride() + " values, model fitted for "
                    + inDim + "→" + outDim);
        }
        float[] x = ws.x();
        float[] pred = new float[ws.n() * outDim];
        double[] acc = new double[outDim];
        for (int i = 0; i < ws.n(); i++) {
            System.arraycopy(w, inDim * outDim, acc, 0, outDim);
            int xo = i * inDim;
            for (int j = 0; j < inDim; j++) {
                double xj = x[xo + j];
                int wo = j * outDim;
                for (int k = 0; k < outDim; k++) {
                    acc[k] += xj * w[wo + k];
                }
            }
            for (int k = 0; k < outDim; k++) {
                pred[i * outDim + k] = (float) acc[k];
            }
        }
        return pred;
    }
}
