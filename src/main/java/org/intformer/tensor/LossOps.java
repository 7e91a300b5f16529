package org.intformer.tensor;

/** Training losses. */
public final class LossOps {
    private LossOps() {
    }

    /** Mean squared error over all elements; the sum runs in double, in index order. */
    public static Tensor mse(Graph g, Tensor pred, float[] target) {
        float[] p = pred.data();
        if (p.length != target.length) {
            throw new IllegalArgumentException("mse: " + pred + " vs " + target.length + " targets");
        }
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double e = p[i] - target[i];
            s += e * e;
        }
        int n = p.length;
        boolean needs = g.needsGrad(pred);
        Tensor out = Tensor.result(new float[] {(float) (s / n)}, needs, 1);
        if (needs) {
            g.record(() -> {
                float scale = 2f * out.grad()[0] / n;
                float[] dp = pred.gradOrAlloc();
                for (int i = 0; i < n; i++) {
                    dp[i] += scale * (p[i] - target[i]);
                }
            });
        }
        return out;
    }
}
