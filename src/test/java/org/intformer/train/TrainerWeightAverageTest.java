package org.intformer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.app.DataLoader;
import org.intformer.app.Engines;
import org.intformer.app.ModelSpecs;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.nn.ForecastModel;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Training with a weight average: the model validated, kept and returned is the average (batch-norm statistics
 * estimated for it), the same for any thread count, and a run continued from where it stopped is the same run.
 */
class TrainerWeightAverageTest {
    private static TrainConfig config(String average) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("synthetic-rows", 700);
        m.put("lookback", 16);
        m.put("horizon", 4);
        m.put("patch", 4);
        m.put("d-model", 8);
        m.put("ffn", 16);
        m.put("batch", 32);
        m.put("epochs", 4);
        m.put("patience", 0);
        m.put("weight-average", average);
        m.put("ema-decay", 0.9);
        return ConfigSchema.overlay(TrainConfig.defaults(), m, Origin.of("test")).validate();
    }

    private static TrainSettings settings(TrainConfig c) {
        return org.intformer.app.TrainJob.settings(c);
    }

    private record Outcome(Map<String, float[]> state, TrainResult result) {
    }

    private static Outcome fit(TrainConfig c, int threads) {
        PreparedData data = DataLoader.prepare(c);
        ForecastModel model = ModelSpecs.create(c, data);
        try (Compute compute = Engines.compute(threads)) {
            TrainResult r = new Trainer(compute, settings(c), TrainingListener.NONE).fit(model, data.fit(), data.val());
            return new Outcome(copy(model.state()), r);
        }
    }

    private static Map<String, float[]> copy(Map<String, Tensor> state) {
        Map<String, float[]> m = new LinkedHashMap<>();
        state.forEach((k, v) -> m.put(k, v.data().clone()));
        return m;
    }

    /** An epoch's figures without its wall-clock time. */
    private static java.util.List<String> figures(TrainResult r) {
        return r.history().stream().map(e -> e.epoch() + " " + e.trainLoss() + " " + e.valMse() + " " + e.lr() + " " + e.improved())
                .toList();
    }

    @Test
    void theSameRunOnOneAndTwoThreads() {
        TrainConfig c = config("ema");
        Outcome one = fit(c, 1);
        Outcome two = fit(c, 2);
        assertThat(figures(two.result())).isEqualTo(figures(one.result()));
        assertThat(two.state()).containsOnlyKeys(one.state().keySet());
        one.state().forEach((k, v) -> assertThat(two.state().get(k)).as(k).containsExactly(v));
    }

    @Test
    void theKeptModelIsTheValidatedAverageNotTheTrainedWeights() {
        TrainConfig c = config("ema");
        PreparedData data = DataLoader.prepare(c);
        ForecastModel model = ModelSpecs.create(c, data);
        try (Compute compute = Engines.compute(1)) {
            TrainResult r = new Trainer(compute, settings(c), TrainingListener.NONE).fit(model, data.fit(), data.val());
            assertThat(r.bestEpoch()).as("some epoch beat the start").isGreaterThanOrEqualTo(0);
            assertThat(Inference.mse(model, compute, data.val(), Math.max(c.batch(), 256))).isEqualTo(r.bestValMse());
        }
        Outcome plain = fit(config("none"), 1);
        Outcome averaged = fit(c, 1);
        // the same optimisation either way (the training losses, of the weights as trained, are identical); what is
        // validated differs
        for (int e = 0; e < c.epochs(); e++) {
            assertThat(averaged.result().history().get(e).trainLoss()).isEqualTo(plain.result().history().get(e).trainLoss());
            assertThat(averaged.result().history().get(e).valMse()).isNotEqualTo(plain.result().history().get(e).valMse());
        }
    }

    @Test
    void trainingToTwoEpochsThenFourIsTheRunOfFour() {
        TrainConfig c = config("ema");
        Outcome straight = fit(c, 1);
        PreparedData data = DataLoader.prepare(c);
        ForecastModel model = ModelSpecs.create(c, data);
        try (Compute compute = Engines.compute(1)) {
            Trainer trainer = new Trainer(compute, settings(c), TrainingListener.NONE);
            TrainState state = trainer.start(model, data.fit(), data.val());
            trainer.advance(model, state, 2, data.fit(), data.val());
            trainer.advance(model, state, 4, data.fit(), data.val());
            state.restoreBest();
            assertThat(figures(state.result())).isEqualTo(figures(straight.result()));
            straight.state().forEach((k, v) -> assertThat(model.state().get(k).data()).as(k).containsExactly(v));
        }
    }

    @Test
    void batchStatisticsAreEstimatedAgainForTheWeightsTheModelHas() {
        // without the linear path: every forecast goes through the batch norms
        TrainConfig c = ConfigSchema.overlay(config("none"), Map.of("linear-path", false), Origin.of("test")).validate();
        PreparedData data = DataLoader.prepare(c);
        ForecastModel model = ModelSpecs.create(c, data);
        try (Compute compute = Engines.compute(1)) {
            new Trainer(compute, settings(c), TrainingListener.NONE).fit(model, data.fit(), data.val());
            Map<String, float[]> trained = copy(model.state());
            model.state().forEach((k, t) -> {
                if (k.endsWith(".running_mean")) {
                    java.util.Arrays.fill(t.data(), 5f);
                } else if (k.endsWith(".running_var")) {
                    java.util.Arrays.fill(t.data(), 100f);
                }
            });
            BatchStatistics.reestimate(model, compute, data.fit(), c.batch(), 11);
            model.state().forEach((k, t) -> {
                if (k.endsWith(".running_mean") || k.endsWith(".running_var")) {
                    for (int j = 0; j < t.size(); j++) {
                        float want = trained.get(k)[j];
                        assertThat(t.data()[j]).as(k).isCloseTo(want, within(0.1f * Math.max(1f, Math.abs(want))));
                    }
                } else {
                    assertThat(t.data()).as(k + " (not a statistic)").containsExactly(trained.get(k));
                }
            });
        }
    }
}
