package org.intformer.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.tensor.Compute;
import org.intformer.train.Inference;

/**
 * {@code intformer eval}: re-evaluates a saved model on its validation and test windows, next to the baselines.
 * The data is scaled with the model's saved scaler, so a file with other statistics is judged fairly.
 */
public final class EvalJob {
    private EvalJob() {
    }

    /** @param dataOverride a CSV to evaluate on instead of the model's own data, or null */
    public static Map<String, Object> run(Path modelFile, String dataOverride, int threads) {
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (org.intformer.integer.IntModelFile.looksLike(modelFile)) {
            return integer(modelFile, dataOverride, t);
        }
        QatStore.Loaded qat = QatStore.load(modelFile);
        FloatModelStore.Loaded loaded = qat.floatModel();
        TrainConfig config = FloatModelStore.withData(loaded.config(), dataOverride);
        PreparedData data = DataLoader.prepare(config, DataLoader.series(config), loaded.data());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "eval");
        report.put("model_file", modelFile.toString());
        report.put("data", Reports.data(data));
        report.put("model", Reports.model(loaded.model()));
        try (Compute compute = Engines.compute(t)) {
            Map<String, Object> metrics = new LinkedHashMap<>(Evaluation.baselines(data));
            if (qat.qat() == null) {
                metrics.put("float", Evaluation.of(w -> Inference.predict(loaded.model(), compute, w.inputs(), w.n(), 512), data));
            } else {
                metrics.put("qat", Evaluation.of(w -> Inference.predict(qat.qat(), compute, w.inputs(), w.n(), 512), data));
            }
            report.put("metrics", metrics);
        }
        return report;
    }

    /** An integer model file: the golden interpreter's forecasts. */
    private static Map<String, Object> integer(Path modelFile, String dataOverride, int threads) {
        org.intformer.integer.IntModel model = org.intformer.integer.IntModelFile.read(modelFile);
        PreparedData data = IntegerModels.data(model, modelFile, dataOverride);
        IntegerEvaluation.Run val = IntegerEvaluation.run(model, data.val(), threads);
        IntegerEvaluation.Run test = IntegerEvaluation.run(model, data.test(), threads);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "eval");
        report.put("model_file", modelFile.toString());
        report.put("data", Reports.data(data));
        Map<String, Object> metrics = new LinkedHashMap<>(Evaluation.baselines(data));
        metrics.put("integer", Evaluation.of(val.predictions(), test.predictions(), data));
        report.put("metrics", metrics);
        report.put("integer", IntegerReport.of(model, test, null));
        return report;
    }
}
