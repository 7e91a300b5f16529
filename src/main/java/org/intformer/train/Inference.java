package org.intformer.train;

import java.util.SplittableRandom;
import org.intformer.data.WindowSet;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;

/** Batched evaluation-mode forecasts. */
public final class Inference {
    private Inference() {
    }

    /** Forecasts for all windows of a split, [n, horizon · outChannels] flat. */
    public static float[] predict(Trainable model, Compute compute, float[] x, int n, int batch) {
        int in = x.length / Math.max(1, n);
        int out = 0;
        float[] pred = null;
        SplittableRandom unused = new SplittableRandom(0);
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            float[] xb = java.util.Arrays.copyOfRange(x, start * in, (start + b) * in);
            float[] yb = model.forward(new Graph(compute, false), xb, b, unused).data();
            if (pred == null) {
                out = yb.length / b;
                pred = new float[n * out];
            }
            System.arraycopy(yb, 0, pred, start * out, b * out);
        }
        return pred == null ? new float[0] : pred;
    }

    /** Mean squared error of the model's forecasts on a split, accumulated in double. */
    public static double mse(Trainable model, Compute compute, WindowSet split, int batch) {
        float[] p = predict(model, compute, split.inputs(), split.n(), batch);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double e = p[i] - split.y()[i];
            s += e * e;
        }
        return s / p.length;
    }
}
