package org.intformer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.nn.ForecastModel;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.train.Inference;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cross-finetune}: the inter-series model starts from its trained ablation. With the residual context's
 * zero-started {@code context.cross} the started model forecasts exactly as the ablation, and the second stage's
 * early stopping keeps that start unless an epoch beats it on validation.
 */
class CrossFinetuneTest {
    @TempDir
    Path dir;

    private static TrainConfig config(Object... extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "inter-series");
        m.put("features", "M");
        m.put("synthetic-rows", 500);
        m.put("synthetic-channels", 3);
        m.put("lookback", 12);
        m.put("horizon", 3);
        m.put("patch", 4);
        m.put("d-model", 8);
        m.put("ffn", 16);
        m.put("batch", 64);
        m.put("epochs", 2);
        m.put("threads", 1);
        m.put("cross-residual", true);
        for (int i = 0; i < extra.length; i += 2) {
            m.put((String) extra[i], extra[i + 1]);
        }
        return ConfigSchema.overlay(TrainConfig.defaults(), m, Origin.of("test")).validate();
    }

    @Test
    void theStartedModelForecastsExactlyAsItsAblation() {
        TrainConfig c = config("cross-finetune", 2);
        PreparedData data = DataLoader.prepare(c);
        try (Compute compute = new Compute(new ScalarKernels(), new Parallel(1))) {
            TrainJob.Trained ablation = TrainJob.fit(ModelSpecs.create(TrainJob.ablationConfig(c), data), c, data, compute,
                    TrainingListener.NONE);
            ForecastModel started = TrainJob.startFrom(c, data, ablation.model());
            assertThat(started.state().keySet()).containsAll(ablation.model().state().keySet())
                    .anyMatch(name -> name.startsWith("cross.layers.")).contains("context.cross.weight");
            float[] a = Inference.predict(ablation.model(), compute, data.val().inputs(), data.val().n(), 64);
            float[] b = Inference.predict(started, compute, data.val().inputs(), data.val().n(), 64);
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSecondStageNeverEndsWorseThanItsStartOnValidation() {
        TrainJob.Result r = TrainJob.run(config("cross-finetune", 2, "cross-finetune-lr", 0.05), dir, TrainingListener.NONE);
        Map<String, Object> metrics = (Map<String, Object>) r.content().get("metrics");
        double model = (Double) ((Map<String, Object>) ((Map<String, Object>) metrics.get("float")).get("val")).get("mse");
        double start = (Double) ((Map<String, Object>) ((Map<String, Object>) metrics.get("ablation_first_stage")).get("val")).get("mse");
        assertThat(model).isLessThanOrEqualTo(start * (1 + 1e-6));
        // The ablation reported went through the second stage too (its own early stopping: never worse than the start).
        double ablation = (Double) ((Map<String, Object>) ((Map<String, Object>) metrics.get("ablation")).get("val")).get("mse");
        assertThat(ablation).isLessThanOrEqualTo(start * (1 + 1e-6));
        Map<String, Object> training = (Map<String, Object>) r.content().get("training");
        assertThat(training.get("epochs")).isEqualTo(2);
        assertThat(r.content().get("artifacts")).isEqualTo(Map.of("model", TrainJob.MODEL_FILE, "ablation", TrainJob.ABLATION_FILE));
    }

    @Test
    void needsTheResidualContext() {
        for (List<Object> wrong : List.of(List.<Object>of("cross-residual", false),
                List.<Object>of("cross-finetune", -1), List.<Object>of("cross-finetune-lr", 0.0))) {
            Object[] extra = {"cross-finetune", 2, wrong.get(0), wrong.get(1)};
            assertThatThrownBy(() -> config(extra)).isInstanceOf(UserError.class).hasMessageContaining("cross-finetune");
        }
    }
}
