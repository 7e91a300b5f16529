package org.intformer.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.TimeSeries;
import org.intformer.nn.ForecastModel;
import org.intformer.nn.InterSeriesForecaster;
import org.intformer.tensor.Compute;
import org.intformer.train.Inference;
import org.intformer.train.Trainer;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 1 of the inter-series model: on synthetic series where some series' future is a lagged copy of
 * another series' past (plus noise), among distractors that carry nothing, attention across series must find the
 * planted sources: the model beats its own series-independent ablation by at least 30 % test MSE, and for each
 * planted series the most attended series is its source in most test windows.
 */
@Tag("slow")
class PlantedSignalTest {
    static final int ROWS = 3000;
    static final int LOOKBACK = 24;
    static final int HORIZON = 6;
    /**
     * Series, in a mixed order: three AR(1) sources, a noisy copy of each at lag 8, 10 or 12, and two distractors
     * (daily cycles with noise, which say nothing about the others).
     */
    static final String[] NAMES = {"D1", "S_a", "T_b10", "T_a8", "S_b", "D2", "S_c", "T_c12"};
    static final int[] DISTRACTORS = {0, 5};
    /** For each planted series (by index) its source and lag. */
    static final int[][] PLANTED = {{3, 1, 8}, {2, 4, 10}, {7, 6, 12}};

    static TimeSeries planted(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = NAMES.length;
        float[][] v = new float[ROWS][n];
        double[] ar = new double[n];
        for (int t = 0; t < ROWS; t++) {
            for (int c = 0; c < n; c++) {
                ar[c] = 0.95 * ar[c] + gaussian(rng);
                v[t][c] = (float) ar[c];
            }
        }
        for (int c : DISTRACTORS) {
            double phase = rng.nextDouble(2 * Math.PI);
            for (int t = 0; t < ROWS; t++) {
                v[t][c] = (float) (3 * StrictMath.sin(2 * Math.PI * t / 24 + phase) + 0.3 * gaussian(rng));
            }
        }
        for (int[] p : PLANTED) {
            for (int t = 0; t < ROWS; t++) {
                v[t][p[0]] = t >= p[2] ? (float) (v[t - p[2]][p[1]] + 0.3 * gaussian(rng)) : 0f;
            }
        }
        String[] stamps = new String[ROWS];
        for (int t = 0; t < ROWS; t++) {
            stamps[t] = java.time.LocalDate.of(2000, 1, 1).plusDays(t).toString();
        }
        return new TimeSeries("planted(seed=" + seed + ")", List.of(NAMES), stamps, v);
    }

    private static double gaussian(SplittableRandom rng) {
        return StrictMath.sqrt(-2 * StrictMath.log(1 - rng.nextDouble())) * StrictMath.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void crossSeriesAttentionFindsThePlantedSources() {
        Map<String, Object> o = new java.util.LinkedHashMap<>(Map.of("model", "inter-series", "features", "M", "target", "D1",
                "lookback", LOOKBACK, "horizon", HORIZON, "d-model", 16, "patch", 4, "epochs", 20, "batch", 64));
        o.putAll(Map.of("lr", 0.003, "schedule", "cosine", "head", "flatten"));
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), o, Origin.commandLine()).validate();
        PreparedData data = DataPipeline.prepare(planted(5), FeatureMode.M, "D1", LOOKBACK, HORIZON,
                SplitSpec.parse("0.7,0.1,0.2"));
        try (Compute compute = Engines.compute(2)) {
            ForecastModel model = ModelSpecs.create(config, data);
            ForecastModel ablation = ModelSpecs.create(TrainJob.ablationConfig(config), data);
            double mse = trainAndTest(model, config, data, compute);
            double ablated = trainAndTest(ablation, config, data, compute);
            assertThat(mse).as("inter-series test MSE %.4f against the ablation's %.4f", mse, ablated)
                    .isLessThanOrEqualTo(0.7 * ablated);

            CrossSeriesAttention attention = CrossSeriesAttention.of((InterSeriesForecaster) model, data.test(),
                    data.outputColumns(), compute);
            int[][] argmax = attention.argmax().get(0)[0];
            List<String> found = new ArrayList<>();
            for (int[] p : PLANTED) {
                int hits = 0;
                for (int[] window : argmax) {
                    hits += window[p[0]] == p[1] ? 1 : 0;
                }
                found.add(NAMES[p[0]] + " → " + NAMES[p[1]] + ": " + hits + "/" + argmax.length);
                assertThat(hits).as("windows where %s attends most to its source %s", NAMES[p[0]], NAMES[p[1]])
                        .isGreaterThan(argmax.length / 2);
            }
            System.out.printf("planted signal: test MSE %.4f, ablation %.4f (%.0f %% lower); most attended: %s%n", mse, ablated,
                    100 * (1 - mse / ablated), found);
        }
    }

    private static double trainAndTest(ForecastModel model, TrainConfig config, PreparedData data, Compute compute) {
        new Trainer(compute, TrainJob.settings(config), TrainingListener.NONE).fit(model, data.train(), data.val());
        return Inference.mse(model, compute, data.test(), 256);
    }
}
