package org.intformer.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.config.ConfigLoader;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.io.Json;
import org.intformer.nn.ForecastModel;
import org.intformer.nn.Forecaster;
import org.intformer.nn.InterSeriesForecaster;
import org.intformer.tensor.Compute;
import org.intformer.train.Inference;
import org.intformer.train.TrainResult;
import org.intformer.train.TrainSettings;
import org.intformer.train.Trainer;
import org.intformer.train.TrainingListener;

/**
 * {@code intformer train}: prepares the data, trains the float forecaster with early stopping on validation,
 * evaluates it next to the naive and linear baselines, and writes the model file and {@code report.json}.
 */
public final class TrainJob {
    public static final String MODEL_FILE = "model.ifm";
    public static final String REPORT_FILE = "report.json";
    /** The series-independent twin of an inter-series model, trained beside it. */
    public static final String ABLATION_FILE = "ablation.ifm";

    /** Where the outputs went, and the report as written. */
    public record Result(Path report, Path model, Map<String, Object> content) {
    }

    private TrainJob() {
    }

    public static Result run(TrainConfig config, Path outDir, TrainingListener listener) {
        PreparedData data = DataLoader.prepare(config);
        try (Compute compute = Engines.compute(config.resolvedThreads())) {
            Trained ablation = null;
            Trained first = null;
            Trained trained;
            if (config.interSeries().warmStart()) {
                first = fit(ModelSpecs.create(ablationConfig(config), data), config, data, compute, listener);
                trained = fromAblation(config, data, compute, listener, first);
                // The ablation reported trains the second stage too, without attention across series: the two
                // differ in the cross-series part only, not in epochs or learning rates.
                ablation = fromAblation(ablationConfig(config), data, compute, listener, first, config.interSeries());
            } else {
                trained = train(config, data, compute, listener);
                ablation = ablation(config, data, compute, listener, trained);
            }
            Map<String, Object> report = report("train", config, data, trained);
            Map<String, Object> metrics = new LinkedHashMap<>(Evaluation.baselines(data));
            if (ablation != null && config.interSeries().ablation()) {
                metrics.put("ablation", ablation.metrics());
                if (first != null) {
                    metrics.put("ablation_first_stage", first.metrics());
                }
                ablation.save(outDir.resolve(ABLATION_FILE), ablationConfig(config), data);
            }
            metrics.put("float", trained.metrics());
            report.put("metrics", metrics);
            if (trained.model() instanceof InterSeriesForecaster is) {
                CrossSeriesAttention attention = CrossSeriesAttention.of(is, data.test(), data.outputColumns(), compute);
                if (attention != null) {
                    report.put("attention", attention.toMap());
                }
            }
            report.put("artifacts", ablation == null ? Map.of("model", MODEL_FILE)
                    : Map.of("model", MODEL_FILE, "ablation", ABLATION_FILE));
            Path modelFile = outDir.resolve(MODEL_FILE);
            trained.save(modelFile, config, data);
            Path reportFile = outDir.resolve(REPORT_FILE);
            Json.writeAtomically(reportFile, report);
            return new Result(reportFile, modelFile, report);
        }
    }

    /** A float model fresh from training, with its training record and its metrics. */
    record Trained(ForecastModel model, TrainResult result, Map<String, Object> metrics, Map<String, Object> training) {
        void save(Path file, TrainConfig config, PreparedData data) {
            FloatModelStore.save(file, model, config, SavedData.of(data),
                    Map.of("metrics", Map.of("float", metrics), "training_best_epoch", result.bestEpoch()));
        }
    }

    /** Trains the float forecaster of a configuration and evaluates it. */
    static Trained train(TrainConfig config, PreparedData data, Compute compute, TrainingListener listener) {
        if (config.interSeries().warmStart()) {
            Trained ablation = fit(ModelSpecs.create(ablationConfig(config), data), config, data, compute, listener);
            return fromAblation(config, data, compute, listener, ablation);
        }
        ForecastModel model = ModelSpecs.create(config, data);
        if (model instanceof Forecaster f && f.spec().linearPath()) {
            f.initLinearPath(org.intformer.data.Baselines.linear(data.train()));
        }
        if (config.fineTunesOnTarget()) {
            // train-series: all-then-target: the best weights of training on every column's windows are where training
            // on the target's own windows starts (and the state it must beat on validation)
            TrainResult pretrained = new Trainer(compute, settings(config), listener).fit(model, data.fit(), data.val());
            Trained tuned = fit(model, config, data, data.train(), compute, listener);
            tuned.training().put("pretraining", training(pretrained, compute));
            return tuned;
        }
        return fit(model, config, data, compute, listener);
    }

    static Trained fit(ForecastModel model, TrainConfig config, PreparedData data, Compute compute,
                               TrainingListener listener) {
        return fit(model, config, data, data.fit(), compute, listener);
    }

    private static Trained fit(ForecastModel model, TrainConfig config, PreparedData data, org.intformer.data.WindowSet windows,
                               Compute compute, TrainingListener listener) {
        TrainResult trained = new Trainer(compute, settings(config), listener).fit(model, windows, data.val());
        return new Trained(model, trained, evaluate(model, compute, data, config), training(trained, compute));
    }

    /**
     * The ablation of an inter-series model with cross-series attention, trained the same way (its contribution is
     * measured, not assumed); null for other models or when the configuration turns it off.
     */
    static Trained ablation(TrainConfig config, PreparedData data, Compute compute, TrainingListener listener, Trained model) {
        if (!(model.model() instanceof InterSeriesForecaster is) || !is.spec().crossSeries() || !config.interSeries().ablation()) {
            return null;
        }
        return fit(ModelSpecs.create(ablationConfig(config), data), config, data, compute, listener);
    }

    /**
     * The second stage of {@code cross-finetune}: the inter-series model takes every tensor of its trained ablation
     * (all but the cross-series layers and {@code context.cross} are shared by name), so with the zero-started
     * {@code context.cross} it starts forecasting exactly as the ablation; then it trains the given epochs at the
     * second stage's learning rate. The starting state competes in early stopping, so it never ends worse than the
     * ablation on validation.
     */
    static Trained fromAblation(TrainConfig config, PreparedData data, Compute compute, TrainingListener listener,
                                Trained ablation) {
        return fromAblation(config, data, compute, listener, ablation, config.interSeries());
    }

    /** The same, for a model of {@code config} (the inter-series model or the ablation) with {@code stage}'s epochs and rate. */
    private static Trained fromAblation(TrainConfig config, PreparedData data, Compute compute, TrainingListener listener,
                                        Trained ablation, org.intformer.config.InterSeriesConfig stage) {
        ForecastModel model = startFrom(config, data, ablation.model());
        TrainConfig second = ConfigSchema.overlay(config, Map.of("epochs", stage.crossFinetune(),
                "lr", stage.crossFinetuneLr()), Origin.of("cross-finetune")).validate();
        return fit(model, second, data, compute, listener);
    }

    /** A new model of the configuration holding every tensor of the ablation that it shares by name. */
    static ForecastModel startFrom(TrainConfig config, PreparedData data, ForecastModel ablation) {
        ForecastModel model = ModelSpecs.create(config, data);
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, org.intformer.tensor.Tensor> from = ablation.state();
        model.state().forEach((name, t) -> values.put(name, (from.containsKey(name) ? from.get(name) : t).data().clone()));
        model.load(values);
        return model;
    }

    /** The configuration of an inter-series model's ablation: the same, without attention across series. */
    static TrainConfig ablationConfig(TrainConfig config) {
        return ConfigSchema.overlay(config, Map.of("cross-series", false, "cross-finetune", 0), Origin.of("ablation")).validate();
    }

    static Map<String, Object> evaluate(org.intformer.train.Trainable model, Compute compute, PreparedData data, TrainConfig config) {
        int batch = Math.max(256, config.batch());
        return Evaluation.of(w -> Inference.predict(model, compute, w.inputs(), w.n(), batch), data);
    }

    /** The report sections every training command writes. */
    static Map<String, Object> report(String command, TrainConfig config, PreparedData data, Trained trained) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", command);
        report.put("seed", config.seed());
        report.put("config", ConfigLoader.toMap(config));
        report.put("data", Reports.data(data));
        report.put("model", Reports.model(trained.model()));
        if (trained.training() != null) {
            report.put("training", trained.training());
        }
        return report;
    }

    /** The optimisation settings of float training. */
    public static TrainSettings settings(TrainConfig c) {
        return new TrainSettings(c.epochs(), c.batch(), c.lr(), c.beta1(), c.beta2(), c.adamEps(), c.weightDecay(),
                c.schedule().id(), c.stepSize(), c.gamma(), c.patience(), c.seed(), c.epochWindows(), c.floatEmaDecay());
    }

    static Map<String, Object> training(TrainResult r, Compute compute) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", r.history().size());
        m.put("best_epoch", r.bestEpoch() + 1); // 0: no epoch beat the starting state
        m.put("best_val_mse", r.bestValMse());
        m.put("stopped_early", r.stoppedEarly());
        m.put("steps", r.steps());
        m.put("seconds", r.trainSeconds());
        m.put("ms_per_step", r.msPerStep());
        m.put("threads", compute.parallel().threads());
        m.put("kernels", compute.kernels().name());
        List<Map<String, Object>> history = r.history().stream().map(e -> {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", e.epoch() + 1);
            h.put("train_loss", e.trainLoss());
            h.put("val_mse", e.valMse());
            h.put("lr", e.lr());
            h.put("seconds", e.seconds());
            return h;
        }).toList();
        m.put("history", history);
        return m;
    }
}
