package org.intformer.quant;

import java.util.Map;
import org.intformer.nn.QuantHooks;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Tensor;

/** The QAT hooks, recording each activation as the fake-quant forward produced it. */
record RecordingHooks(QatModel qat, Map<String, float[]> recorded) implements QuantHooks {
    @Override
    public float[] input(float[] window) {
        return qat.input(window);
    }

    @Override
    public float[] dates(float[] features) {
        return qat.dates(features);
    }

    @Override
    public Tensor activation(Graph g, String point, Tensor x) {
        Tensor y = qat.activation(g, point, x);
        if (y != x) {
            recorded.put(point, y.data().clone());
        }
        return y;
    }

    @Override
    public Tensor weight(Graph g, String layer, Tensor w) {
        return qat.weight(g, layer, w);
    }

    @Override
    public Tensor bias(Graph g, String layer, Tensor b) {
        return qat.bias(g, layer, b);
    }

    @Override
    public Tensor attention(Graph g, String layer, Tensor q, Tensor k, Tensor v, int heads) {
        return qat.attention(g, layer, q, k, v, heads);
    }

    @Override
    public boolean freezeNorms() {
        return true;
    }
}
