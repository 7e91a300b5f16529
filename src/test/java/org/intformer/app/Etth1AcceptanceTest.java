package org.intformer.app;

import java.nio.file.Path;
import java.util.Map;
import org.intformer.TestFiles;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's acceptance on real data: the example configuration on ETTh1 S-96-24 (OT, seed 1) beats the naive
 * and the linear baselines, with fewer than 50k parameters, with identical metrics on one and two threads.
 */
@Tag("slow")
class Etth1AcceptanceTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void exampleConfigBeatsBothBaselinesIdenticallyOnOneAndTwoThreads() {
        Path data = TestFiles.etth1();
        Map<String, Object> one = train(data, 1);
        Map<String, Object> two = train(data, 2);
        assertThat(two.get("metrics")).isEqualTo(one.get("metrics"));

        Map<String, Object> metrics = (Map<String, Object>) one.get("metrics");
        double model = test(metrics, "float");
        assertThat(test(metrics, "naive")).isCloseTo(0.0343, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(test(metrics, "linear")).isCloseTo(0.0276, org.assertj.core.data.Offset.offset(0.0005));
        // The model starts at the least-squares fit (the linear path) and keeps a trained epoch only when it beats
        // that start on validation: with seed 1 the fine-tuning on OT does (its 8th epoch), so the model is better
        // than linear on validation by construction, and here also on test (0.0271 against 0.0276).
        assertThat(((Number) ((Map<String, Object>) one.get("training")).get("best_epoch")).intValue()).isPositive();
        assertThat(validation(metrics, "float")).isLessThan(validation(metrics, "linear"));
        assertThat(model).isLessThan(test(metrics, "naive")).isLessThan(test(metrics, "linear"));
        assertThat(((Number) ((Map<String, Object>) one.get("model")).get("params")).longValue()).isLessThanOrEqualTo(50_000);
    }

    private Map<String, Object> train(Path data, int threads) {
        TrainConfig config = new ConfigLoader().load(Path.of("examples", "etth1-s96-h24.yaml"),
                Map.of("data", data.toString(), "threads", threads));
        return TrainJob.run(config, dir.resolve("t" + threads), TrainingListener.NONE).content();
    }

    private static double test(Map<String, Object> metrics, String name) {
        return mse(metrics, name, "test");
    }

    private static double validation(Map<String, Object> metrics, String name) {
        return mse(metrics, name, "val");
    }

    @SuppressWarnings("unchecked")
    private static double mse(Map<String, Object> metrics, String name, String split) {
        return ((Number) ((Map<String, Object>) ((Map<String, Object>) metrics.get(name)).get(split)).get("mse")).doubleValue();
    }
}
