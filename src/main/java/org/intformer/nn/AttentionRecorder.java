package org.intformer.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.tensor.AttentionOp;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Tensor;

/**
 * Hooks that keep the attention probabilities of the layers whose names start with a prefix, for interpretation
 * (the inter-series model's map of which series attends to which). Each forward pass replaces the record:
 * per layer, {@code [batch, heads, T, U]} probabilities softmax(q_j·k_jᵀ/√dh), computed in double from the
 * same q and k the layer uses. The forecast itself is the float model's, unchanged.
 */
public final class AttentionRecorder implements QuantHooks {
    private final String prefix;
    private final Map<String, double[]> probabilities = new LinkedHashMap<>();

    public AttentionRecorder(String prefix) {
        this.prefix = prefix;
    }

    /** The probabilities of the last forward pass by layer name, [batch, heads, T, U] flat. */
    public Map<String, double[]> probabilities() {
        return probabilities;
    }

    @Override
    public Tensor attention(Graph g, String layer, Tensor q, Tensor k, Tensor v, int heads) {
        if (layer.startsWith(prefix)) {
            probabilities.put(layer, softmaxScores(q, k, heads));
        }
        return AttentionOp.apply(g, q, k, v, heads);
    }

    static double[] softmaxScores(Tensor q, Tensor k, int heads) {
        int batch = q.dim(0);
        int t = q.dim(1);
        int u = k.dim(1);
        int d = q.dim(2);
        int dh = d / heads;
        double scale = 1.0 / Math.sqrt(dh);
        double[] p = new double[batch * heads * t * u];
        float[] qd = q.data();
        float[] kd = k.data();
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < heads; j++) {
                for (int i = 0; i < t; i++) {
                    int row = ((b * heads + j) * t + i) * u;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < u; c++) {
                        double s = 0;
                        for (int e = j * dh; e < (j + 1) * dh; e++) {
                            s += (double) qd[(b * t + i) * d + e] * kd[(b * u + c) * d + e];
                        }
                        p[row + c] = s * scale;
                        max = Math.max(max, p[row + c]);
                    }
                    double sum = 0;
                    for (int c = 0; c < u; c++) {
                        p[row + c] = Math.exp(p[row + c] - max);
                        sum += p[row + c];
                    }
                    for (int c = 0; c < u; c++) {
                        p[row + c] /= sum;
                    }
                }
            }
        }
        return p;
    }
}
