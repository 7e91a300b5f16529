package org.intformer.quant;

import java.util.Map;
import org.intformer.integer.Interpreter;
import org.intformer.nn.QuantHooks;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Tensor;

import static org.assertj.core.api.Assertions.assertThat;

/** The QAT hooks, recording each activation as the fake-quant forward produced it. */
record RecordingHooks(QatModel qat, Map<String, float[]> recorded) implements QuantHooks {

    /**
     * Compares every recorded activation, quantized on its grid, with the interpreter's tensor of the same name:
     * each at most one LSB apart. Returns {values compared, values that differ}.
     */
    long[] compare(Interpreter.Result r, int window) {
        Map<String, QuantGrid> grids = qat.grids();
        long values = 0;
        long differ = 0;
        for (var e : recorded.entrySet()) {
            int[] codes = r.tensors().get(e.getKey());
            assertThat(codes).as("interpreter tensor " + e.getKey()).isNotNull();
            QuantGrid g = grids.get(e.getKey());
            for (int j = 0; j < codes.length; j++) {
                long d = Math.abs((long) g.quantize(e.getValue()[j]) - codes[j]);
                assertThat(d).as(e.getKey() + "[" + j + "] of window " + window).isLessThanOrEqualTo(1);
                values++;
                differ += d == 0 ? 0 : 1;
            }
        }
        return new long[] {values, differ};
    }
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
