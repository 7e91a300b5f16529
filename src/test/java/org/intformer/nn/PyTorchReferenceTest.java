package org.intformer.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.LossOps;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole forecaster against PyTorch (tools/make_fixtures.py, float64): training-mode output, loss, every
 * parameter gradient, running statistics after the step, and evaluation output.
 */
class PyTorchReferenceTest {
    private static final double TOL = 2e-4;

    @ParameterizedTest
    @ValueSource(strings = {"paper_ms_gap_batch_relu", "s_flatten_layer_gelu_rel_p3_2layers", "m_last_batch_gelu_rel_p2",
            "ms_gap_layer_relu_rel_4heads"})
    void matchesPyTorch(String name) throws IOException {
        JsonNode f;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name + ".json")) {
            f = new ObjectMapper().readTree(in);
        }
        JsonNode c = f.get("config");
        int m = c.get("in_channels").asInt();
        String features = c.get("features").asText();
        int[] sources = switch (features) {
            case "M" -> java.util.stream.IntStream.range(0, m).toArray();
            case "MS" -> new int[] {m - 1};
            default -> new int[] {0};
        };
        ModelSpec spec = new ModelSpec(m, sources, c.get("lookback").asInt(), c.get("horizon").asInt(), c.get("d_model").asInt(),
                c.get("heads").asInt(), c.get("layers").asInt(), c.get("ffn").asInt(),
                ModelSpec.Norm.valueOf(c.get("norm").asText().toUpperCase()),
                ModelSpec.Activation.valueOf(c.get("activation").asText().toUpperCase()),
                ModelSpec.Head.valueOf(c.get("head").asText().toUpperCase()), c.get("relative").asBoolean(),
                c.get("patch").asInt(), 0f);
        Forecaster model = new Forecaster(spec, 0);
        Map<String, float[]> values = new LinkedHashMap<>();
        f.get("params").fields().forEachRemaining(e -> values.put(e.getKey(), floats(e.getValue())));
        model.load(values);
        int batch = c.get("batch").asInt();
        float[] x = floats(f.get("input"));
        float[] y = floats(f.get("target"));
        Compute compute = new Compute(new ScalarKernels(), new Parallel(1));

        Graph g = new Graph(compute, true);
        Tensor out = model.forward(g, x, batch, new SplittableRandom(0));
        assertClose(out.data(), floats(f.get("output")), name + " output");
        Tensor loss = LossOps.mse(g, out, y);
        assertThat((double) loss.item()).isCloseTo(f.get("loss").asDouble(), within(TOL * Math.max(1, f.get("loss").asDouble())));
        g.backward(loss);
        f.get("grads").fields().forEachRemaining(e ->
                assertClose(model.parameters().get(e.getKey()).grad(), floats(e.getValue()), name + " grad " + e.getKey()));
        assertThat(model.parameters().keySet()).containsExactlyInAnyOrderElementsOf(iterable(f.get("grads")));
        f.get("running_after").fields().forEachRemaining(e ->
                assertClose(model.state().get(e.getKey()).data(), floats(e.getValue()), name + " " + e.getKey()));

        Tensor eval = model.forward(new Graph(compute, false), x, batch, new SplittableRandom(0));
        assertClose(eval.data(), floats(f.get("eval_output")), name + " eval output");
        assertThat(spec.parameterCount()).isEqualTo(values.entrySet().stream()
                .filter(e -> !e.getKey().contains("running")).mapToLong(e -> e.getValue().length).sum());
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }

    private static float[] floats(JsonNode tensor) {
        JsonNode data = tensor.get("data");
        float[] r = new float[data.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) data.get(i).asDouble();
        }
        return r;
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what + " (no gradient?)").isNotNull();
        assertThat(actual.length).as(what + " size").isEqualTo(expected.length);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as(what + "[" + i + "]").isCloseTo(expected[i], within(TOL * Math.max(1, scale)));
        }
    }
}
