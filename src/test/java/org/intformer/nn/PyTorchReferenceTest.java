package org.intformer.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole forecaster against PyTorch (tools/make_fixtures.py, float64): training-mode output, loss, every
 * parameter gradient, running statistics after the step, and evaluation output.
 */
class PyTorchReferenceTest {
    @ParameterizedTest
    @ValueSource(strings = {"paper_ms_gap_batch_relu", "s_flatten_layer_gelu_rel_p3_2layers", "m_last_batch_gelu_rel_p2",
            "ms_gap_layer_relu_rel_4heads"})
    void matchesPyTorch(String name) throws IOException {
        JsonNode f = Fixtures.read(name);
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
        Fixtures.check(new Forecaster(spec, 0), f, name);
    }
}
