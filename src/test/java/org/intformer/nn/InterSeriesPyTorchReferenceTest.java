package org.intformer.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inter-series forecaster against PyTorch (tools/make_interseries_fixtures.py, float64): training-mode output,
 * loss, every parameter gradient, running statistics, evaluation output and parameter count. The fixtures cover
 * date features, the ablation, several cross-series layers and heads, each head kind, batch and layer norm.
 */
class InterSeriesPyTorchReferenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"is_flatten_batch_relu_dates_p2", "is_last_layer_gelu_ablation_p4", "is_gap_batch_relu_2cross_4heads"})
    void matchesPyTorch(String name) throws IOException {
        JsonNode f = Fixtures.read(name);
        Fixtures.check(new InterSeriesForecaster(spec(f.get("config")), 0), f, name);
    }

    static InterSeriesSpec spec(JsonNode c) {
        int n = c.get("series").asInt();
        ModelSpec encoder = new ModelSpec(n, IntStream.range(0, n).toArray(), c.get("lookback").asInt(),
                c.get("horizon").asInt(), c.get("d_model").asInt(), c.get("heads").asInt(), c.get("layers").asInt(),
                c.get("ffn").asInt(), ModelSpec.Norm.valueOf(c.get("norm").asText().toUpperCase()),
                ModelSpec.Activation.valueOf(c.get("activation").asText().toUpperCase()),
                ModelSpec.Head.valueOf(c.get("head").asText().toUpperCase()), c.get("relative").asBoolean(),
                c.get("patch").asInt(), 0f);
        return new InterSeriesSpec(encoder, c.get("cross_layers").asInt(), c.get("cross_series").asBoolean(),
                c.get("series_embedding").asBoolean(), c.get("positional_encoding").asBoolean(), c.get("date_features").asInt());
    }
}
