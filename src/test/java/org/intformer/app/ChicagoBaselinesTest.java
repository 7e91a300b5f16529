package org.intformer.app;

import java.nio.file.Path;
import java.util.Map;
import org.intformer.TestFiles;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The multi-series metrics and baselines against the reference figures of CHICAGO-README.txt (computed there with
 * numpy): M mode, lookback 28, horizon 7, split 0.7/0.1/0.2, through the example configuration's data settings.
 */
class ChicagoBaselinesTest {

    @Test
    @SuppressWarnings("unchecked")
    void baselinesMatchTheDatasetsReferenceFigures() {
        Path data = TestFiles.chicago();
        TrainConfig config = new ConfigLoader().load(Path.of("examples", "chicago-inter-series.yaml"),
                Map.of("data", data.toString()), java.util.Set.of("pipeline")).config();
        PreparedData prepared = DataLoader.prepare(config);
        assertThat(prepared.season()).isEqualTo(7);
        Map<String, Object> baselines = Evaluation.baselines(prepared);
        assertReference(baselines, "naive", 2.2559, 1.0737, 0.389);
        assertReference(baselines, "seasonal_naive", 0.3135, 0.2796, 0.093);
        assertReference(baselines, "linear_per_series", 0.2200, 0.2918, 0.100);
        assertReference(baselines, "linear", 0.3635, 0.4586, 0.162);
        Map<String, Object> perSeries = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) baselines
                .get("seasonal_naive")).get("test")).get("per_series");
        assertThat(perSeries).hasSize(20).containsKey("Clark_Lake");
    }

    @SuppressWarnings("unchecked")
    private static void assertReference(Map<String, Object> baselines, String name, double mse, double mae, double wape) {
        Map<String, Object> test = (Map<String, Object>) ((Map<String, Object>) baselines.get(name)).get("test");
        assertThat((Double) test.get("mse")).as(name + " MSE").isCloseTo(mse, within(0.0006));
        assertThat((Double) test.get("mae")).as(name + " MAE").isCloseTo(mae, within(0.0006));
        assertThat((Double) test.get("wape")).as(name + " WAPE").isCloseTo(wape, within(0.0006));
    }
}
