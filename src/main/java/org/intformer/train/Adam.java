package org.intformer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.intformer.tensor.Tensor;

/**
 * Adam with bias correction; a non-zero weight decay is applied decoupled from the gradient (AdamW), so it
 * does not interact with the adaptive step size.
 */
public final class Adam {
    private final List<Tensor> params;
    private final List<float[]> m = new ArrayList<>();
    private final List<float[]> v = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double[] factors;
    private long step;

    public Adam(Map<String, Tensor> params, double beta1, double beta2, double eps, double weightDecay) {
        this(params, name -> 1.0, beta1, beta2, eps, weightDecay);
    }

    /** With a learning-rate factor per parameter (quantization step sizes learn at their own rate). */
    public Adam(Map<String, Tensor> params, java.util.function.ToDoubleFunction<String> lrFactor, double beta1, double beta2,
                double eps, double weightDecay) {
        this.params = List.copyOf(params.values());
        this.factors = params.keySet().stream().mapToDouble(lrFactor).toArray();
        for (Tensor p : this.params) {
            m.add(new float[p.size()]);
            v.add(new float[p.size()]);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** One update with learning rate lr from the gradients now held by the parameters, which are then cleared. */
    public void step(double lr) {
        step++;
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float baseStep = (float) (lr / c1);
        float invC2 = (float) (1 / c2);
        float e = (float) eps;
        float decay = (float) (lr * weightDecay);
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float stepSize = (float) (baseStep * factors[i]);
            float[] g = p.grad();
            float[] w = p.data();
            float[] mi = m.get(i);
            float[] vi = v.get(i);
            for (int j = 0; j < w.length; j++) {
                float gj = g == null ? 0f : g[j];
                mi[j] = b1 * mi[j] + (1 - b1) * gj;
                vi[j] = b2 * vi[j] + (1 - b2) * gj * gj;
                if (decay != 0f) {
                    w[j] -= decay * w[j];
                }
                w[j] -= stepSize * mi[j] / ((float) Math.sqrt(vi[j] * invC2) + e);
            }
            p.zeroGrad();
        }
    }
}
