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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Reading the PyTorch fixtures of tools/make_fixtures.py and tools/make_interseries_fixtures.py. */
final class Fixtures {
    static final double TOL = 2e-4;

    private Fixtures() {
    }

    /**
     * Loads the fixture's parameters into {@code model}, then compares one training-mode forward (output, loss),
     * the backward pass (every parameter gradient), the running statistics after it, one evaluation-mode forward
     * and the parameter count with PyTorch's.
     */
    static void check(ForecastModel model, JsonNode f, String name) {
        Map<String, float[]> values = params(f);
        model.load(values);
        int batch = f.get("config").get("batch").asInt();
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
        assertThat(model.parameters().keySet()).containsExactlyInAnyOrderElementsOf(names(f.get("grads")));
        f.get("running_after").fields().forEachRemaining(e ->
                assertClose(model.state().get(e.getKey()).data(), floats(e.getValue()), name + " " + e.getKey()));

        Tensor eval = model.forward(new Graph(compute, false), x, batch, new SplittableRandom(0));
        assertClose(eval.data(), floats(f.get("eval_output")), name + " eval output");
        assertThat(model.parameterCount()).isEqualTo(values.entrySet().stream()
                .filter(e -> !e.getKey().contains("running")).mapToLong(e -> e.getValue().length).sum());
    }

    static JsonNode read(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Every tensor of the fixture's "params" by name. */
    static Map<String, float[]> params(JsonNode fixture) {
        Map<String, float[]> values = new LinkedHashMap<>();
        fixture.get("params").fields().forEachRemaining(e -> values.put(e.getKey(), floats(e.getValue())));
        return values;
    }

    static Iterable<String> names(JsonNode node) {
        return node::fieldNames;
    }

    static float[] floats(JsonNode tensor) {
        JsonNode data = tensor.get("data");
        float[] r = new float[data.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) data.get(i).asDouble();
        }
        return r;
    }

    /** Element-wise within {@link #TOL} relative to the largest expected magnitude (at least 1). */
    static void assertClose(float[] actual, float[] expected, String what) {
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
