package org.intformer.tensor;

/** Test loss Σ c_i·y_i: its gradient into y is exactly c, so expected backward values can be written down. */
final class WeightedSum {
    private WeightedSum() {
    }

    static Tensor of(Graph g, Tensor y, float[] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            s += (double) c[i] * y.data()[i];
        }
        Tensor out = Tensor.result(new float[] {(float) s}, y.requiresGrad(), 1);
        if (y.requiresGrad()) {
            g.record(() -> {
                float[] dy = y.gradOrAlloc();
                for (int i = 0; i < c.length; i++) {
                    dy[i] += c[i];
                }
            });
        }
        return out;
    }

    static float[] random(java.util.SplittableRandom rng, int n) {
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            c[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return c;
    }
}
