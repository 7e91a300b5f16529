package org.intformer.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.io.Json;
import org.intformer.nn.Forecaster;
import org.intformer.nn.ModelSpec;
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

    /** Where the outputs went, and the report as written. */
    public record Result(Path report, Path model, Map<String, Object> content) {
    }

    private TrainJob() {
    }

    public static Result run(TrainConfig config, Path outDir, TrainingListener listener) {
        PreparedData data = DataLoader.prepare(config);
        ModelSpec spec = ModelSpecs.of(config, data);
        try (Compute compute = Engines.compute(config.resolvedThreads())) {
            Forecaster model = new Forecaster(spec, config.seed());
            TrainResult trained = new Trainer(compute, settings(config), listener).fit(model, data.train(), data.val());
            Map<String, Object> metrics = new LinkedHashMap<>(Evaluation.baselines(data));
            int batch = Math.max(256, config.batch());
            metrics.put("float", Evaluation.of(w -> Inference.predict(model, compute, w.x(), w.n(), batch), data));

            Map<String, Object> report = new LinkedHashMap<>();
            report.put("command", "train");
            report.put("seed", config.seed());
            report.put("config", ConfigLoader.toMap(config));
            report.put("data", Reports.data(data));
            report.put("model", Reports.model(spec));
            report.put("training", training(trained, compute, config));
            report.put("metrics", metrics);
            report.put("artifacts", Map.of("model", MODEL_FILE));

            Path modelFile = outDir.resolve(MODEL_FILE);
            FloatModelStore.save(modelFile, model, config, SavedData.of(data),
                    Map.of("metrics", Map.of("float", metrics.get("float")), "training_best_epoch", trained.bestEpoch()));
            Path reportFile = outDir.resolve(REPORT_FILE);
            Json.writeAtomically(reportFile, report);
            return new Result(reportFile, modelFile, report);
        }
    }

    static TrainSettings settings(TrainConfig c) {
        return new TrainSettings(c.epochs(), c.batch(), c.lr(), c.beta1(), c.beta2(), c.adamEps(), c.weightDecay(),
                c.schedule().id(), c.stepSize(), c.gamma(), c.patience(), c.seed());
    }

    private static Map<String, Object> training(TrainResult r, Compute compute, TrainConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", r.history().size());
        m.put("best_epoch", r.bestEpoch() + 1);
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
