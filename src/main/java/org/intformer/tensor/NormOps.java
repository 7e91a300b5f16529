package org.intformer.tensor;

/**
 * Batch and layer normalization over the last axis (channels) of x seen as a matrix [rows, channels].
 * Statistics are accumulated in double, row by row in a fixed order, so they do not depend on threads.
 */
public final class NormOps {
    public static final float EPS = 1e-5f;
    public static final float MOMENTUM = 0.1f;

    private NormOps() {
    }

    /**
     * BatchNorm1d with statistics over every row (all samples and positions). In training the batch
     * statistics normalize and the running ones are updated in place (unbiased variance, as PyTorch); in
     * evaluation the running statistics normalize.
     */
    public static Tensor batchNorm(Graph g, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar) {
        return batchNorm(g, x, gamma, beta, runningMean, runningVar, false);
    }

    /**
     * As {@link #batchNorm(Graph, Tensor, Tensor, Tensor, Tensor, Tensor)}; with {@code frozen} the running
     * statistics normalize in training too and are not updated. Quantization-aware training freezes batch
     * norm so that it is the per-channel affine map the integer model folds it into.
     */
    public static Tensor batchNorm(Graph g, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   boolean frozen) {
        int c = x.dim(-1);
        int n = Shapes.rows(x.shape());
        float[] xd = x.data();
        float[] mean = new float[c];
        float[] invStd = new float[c];
        boolean batchStats = g.training() && !frozen;
        if (batchStats) {
            if (n < 2) {
                throw new IllegalArgumentException("batch norm needs at least 2 rows in training, got " + n);
            }
            double[] sum = new double[c];
            double[] sumSq = new double[c];
            // Threads split the channels; each channel still sums its rows in order. Sums run in arrays of the
            // thread's own (indexed from 0), so that two threads never write one cache line.
            byChannels(g, n, c, (lo, hi) -> {
                int w = hi - lo;
                double[] s1 = new double[w];
                double[] s2 = new double[w];
                for (int r = 0; r < n; r++) {
                    int o = r * c + lo;
                    for (int j = 0; j < w; j++) {
                        double v = xd[o + j];
                        s1[j] += v;
                    }
                }
                float[] mu = new float[w];
                for (int j = 0; j < w; j++) {
                    mu[j] = (float) (s1[j] / n);
                }
                for (int r = 0; r < n; r++) {
                    int o = r * c + lo;
                    for (int j = 0; j < w; j++) {
                        double dv = xd[o + j] - (double) mu[j];
                        s2[j] += dv * dv;
                    }
                }
                System.arraycopy(s1, 0, sum, lo, w);
                System.arraycopy(s2, 0, sumSq, lo, w);
                System.arraycopy(mu, 0, mean, lo, w);
            });
            float[] rm = runningMean.data();
            float[] rv = runningVar.data();
            for (int j = 0; j < c; j++) {
                double var = sumSq[j] / n;
                invStd[j] = (float) (1.0 / Math.sqrt(var + EPS));
                rm[j] = (1f - MOMENTUM) * rm[j] + MOMENTUM * mean[j];
                rv[j] = (float) ((1f - MOMENTUM) * rv[j] + MOMENTUM * (sumSq[j] / (n - 1)));
            }
        } else {
            for (int j = 0; j < c; j++) {
                mean[j] = runningMean.data()[j];
                invStd[j] = (float) (1.0 / Math.sqrt(runningVar.data()[j] + (double) EPS));
            }
        }
        float[] xhat = new float[xd.length];
        float[] y = new float[xd.length];
        float[] gm = gamma.data();
        float[] bt = beta.data();
        Elementwise.forEach(g, n, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * c;
                for (int j = 0; j < c; j++) {
                    float h = (xd[o + j] - mean[j]) * invStd[j];
                    xhat[o + j] = h;
                    y[o + j] = h * gm[j] + bt[j];
                }
            }
        });
        boolean needs = g.needsGrad(x, gamma, beta);
        Tensor out = Tensor.result(y, needs, x.shape());
        if (needs) {
            g.record(() -> {
                float[] dy = out.grad();
                if (dy == null) {
                    return;
                }
                double[] sumDy = new double[c];
                double[] sumDyXhat = new double[c];
                affineGradients(g, dy, xhat, n, c, gamma, beta, sumDy, sumDyXhat);
                if (!x.requiresGrad()) {
                    return;
                }
                float[] dx = x.gradOrAlloc();
                float[] a = new float[c];
                float[] mDy = new float[c];
                float[] mDyXhat = new float[c];
                for (int j = 0; j < c; j++) {
                    a[j] = gm[j] * invStd[j];
                    // Constant statistics contribute no gradient terms of their own.
                    mDy[j] = batchStats ? (float) (sumDy[j] / n) : 0f;
                    mDyXhat[j] = batchStats ? (float) (sumDyXhat[j] / n) : 0f;
                }
                Elementwise.forEach(g, n, (lo, hi) -> {
                    for (int r = lo; r < hi; r++) {
                        int o = r * c;
                        for (int j = 0; j < c; j++) {
                            dx[o + j] += a[j] * (dy[o + j] - mDy[j] - xhat[o + j] * mDyXhat[j]);
                        }
                    }
                });
            });
        }
        return out;
    }

    /** LayerNorm over the last axis with an elementwise affine transform. */
    public static Tensor layerNorm(Graph g, Tensor x, Tensor gamma, Tensor beta) {
        int c = x.dim(-1);
        int n = Shapes.rows(x.shape());
        float[] xd = x.data();
        float[] xhat = new float[xd.length];
        float[] invStd = new float[n];
        float[] y = new float[xd.length];
        float[] gm = gamma.data();
        float[] bt = beta.data();
        Elementwise.forEach(g, n, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * c;
                double s = 0;
                for (int j = 0; j < c; j++) {
                    s += xd[o + j];
                }
                float mean = (float) (s / c);
                double sq = 0;
                for (int j = 0; j < c; j++) {
                    double dv = xd[o + j] - (double) mean;
                    sq += dv * dv;
                }
                float is = (float) (1.0 / Math.sqrt(sq / c + EPS));
                invStd[r] = is;
                for (int j = 0; j < c; j++) {
                    float h = (xd[o + j] - mean) * is;
                    xhat[o + j] = h;
                    y[o + j] = h * gm[j] + bt[j];
                }
            }
        });
        boolean needs = g.needsGrad(x, gamma, beta);
        Tensor out = Tensor.result(y, needs, x.shape());
        if (needs) {
            g.record(() -> {
                float[] dy = out.grad();
                if (dy == null) {
                    return;
                }
                if (gamma.requiresGrad() || beta.requiresGrad()) {
                    affineGradients(g, dy, xhat, n, c, gamma, beta, new double[c], new double[c]);
                }
                if (!x.requiresGrad()) {
                    return;
                }
                float[] dx = x.gradOrAlloc();
                Elementwise.forEach(g, n, (lo, hi) -> {
                    for (int r = lo; r < hi; r++) {
                        int o = r * c;
                        float m1 = 0f;
                        float m2 = 0f;
                        for (int j = 0; j < c; j++) {
                            float dxh = dy[o + j] * gm[j];
                            m1 += dxh;
                            m2 += dxh * xhat[o + j];
                        }
                        m1 /= c;
                        m2 /= c;
                        float is = invStd[r];
                        for (int j = 0; j < c; j++) {
                            float dxh = dy[o + j] * gm[j];
                            dx[o + j] += is * (dxh - m1 - xhat[o + j] * m2);
                        }
                    }
                });
            });
        }
        return out;
    }

    /** Runs body over channel ranges [lo, hi) of an [n, c] matrix, split across threads when it is large enough. */
    private static void byChannels(Graph g, int n, int c, Parallel.RangeBody body) {
        g.compute().parallel().forRange(c, (int) Math.max(1, Math.min(c, (1L << 15) / Math.max(1, n))), body);
    }

    /**
     * Σ_rows dy and Σ_rows dy·x̂ per channel, in row order and in double (into sumDy and sumDyXhat), added to the
     * gradients of the affine bias and weight.
     */
    private static void affineGradients(Graph g, float[] dy, float[] xhat, int n, int c, Tensor gamma, Tensor beta,
                                        double[] sumDy, double[] sumDyXhat) {
        byChannels(g, n, c, (lo, hi) -> {
            int w = hi - lo;
            double[] s1 = new double[w];
            double[] s2 = new double[w];
            for (int r = 0; r < n; r++) {
                int o = r * c + lo;
                for (int j = 0; j < w; j++) {
                    s1[j] += dy[o + j];
                    s2[j] += dy[o + j] * xhat[o + j];
                }
            }
            for (int j = 0; j < w; j++) { // the callers' sums start at zero: 0 + s is s
                sumDy[lo + j] += s1[j];
                sumDyXhat[lo + j] += s2[j];
            }
        });
        if (gamma.requiresGrad()) {
            float[] dg = gamma.gradOrAlloc();
            for (int j = 0; j < c; j++) {
                dg[j] += (float) sumDyXhat[j];
            }
        }
        if (beta.requiresGrad()) {
            float[] db = beta.gradOrAlloc();
            for (int j = 0; j < c; j++) {
                db[j] += (float) sumDy[j];
            }
        }
    }
}
