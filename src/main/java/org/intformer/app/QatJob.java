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
import org.intformer.data.WindowSet;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.io.Json;
import org.intformer.quant.QatConverter;
import org.intformer.quant.QatModel;
import org.intformer.quant.QuantGrid;
import org.intformer.tensor.Compute;
import org.intformer.train.Inference;
import org.intformer.train.TrainResult;
import org.intformer.train.TrainSettings;
import org.intformer.train.TrainingListener;

/**
 * {@code intformer qat}: quantization-aware fine-tuning of a float forecaster (trained here, or read with
 * {@code --from}), conversion to the integer model, and its evaluation by the golden interpreter next to the
 * fake-quant model, the float model and the baselines.
 */
public final class QatJob {
    public static final String QAT_FILE = "qat.ifm";
    public static final String INTEGER_FILE = "model.iqm";
    /** Keys a fine-tuning run takes from its own configuration; the rest comes from the float model's. */
    public static final List<String> QAT_KEYS = List.of("bits", "weight-bits", "act-bits", "layer-bits", "io-bits", "scheme", "granularity",
            "observer", "qat-epochs", "qat-lr", "lsq-lr", "distill", "qat-patience", "qat-weight-average", "ema-decay", "threads", "seed");

    private QatJob() {
    }

    public static TrainJob.Result run(TrainConfig given, Path from, Path outDir, TrainingListener listener) {
        QatSession session = QatSession.start(given, from, listener);
        return session.trainTo(session.config().qatEpochs(), outDir, listener);
    }

    /**
     * Converts the QAT model as it stands to the integer model, evaluates float, fake-quant and integer models
     * beside the baselines, and writes the models and the report to {@code outDir}.
     *
     * @param trained the float model the QAT started from ({@code trained.result()} null when it was read from a file)
     */
    static TrainJob.Result report(TrainConfig config, PreparedData data, TrainJob.Trained trained, QatModel qat,
                                  TrainResult fine, Compute compute, Path outDir) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("config", ConfigLoader.toMap(config));
        metadata.put("data", SavedData.of(data).toMap());
        IntModel integer = QatConverter.convert(qat, metadata);
        int threads = compute.parallel().threads();
        IntegerEvaluation.Run val = IntegerEvaluation.run(integer, data.val(), threads);
        IntegerEvaluation.Run test = IntegerEvaluation.run(integer, data.test(), threads);

        Map<String, Object> metrics = new LinkedHashMap<>(Evaluation.baselines(data));
        metrics.put("float", trained.metrics());
        metrics.put("qat", TrainJob.evaluate(qat, compute, data, config));
        metrics.put("integer", Evaluation.of(val.predictions(), test.predictions(), data));

        Map<String, Object> report = TrainJob.report("qat", config, data, trained);
        report.put("qat_training", TrainJob.training(fine, compute));
        report.put("metrics", metrics);
        report.put("quant", quantSection(config));
        report.put("integer", IntegerReport.of(integer, test, agreement(qat, compute, data.test(), test, config)));
        Map<String, Object> artifacts = new LinkedHashMap<>();
        if (trained.result() != null) {
            trained.save(outDir.resolve(TrainJob.MODEL_FILE), config, data);
            artifacts.put("model", TrainJob.MODEL_FILE);
        }
        QatStore.save(outDir.resolve(QAT_FILE), qat, config, SavedData.of(data), Map.of("metrics", metrics));
        IntModelFile.write(outDir.resolve(INTEGER_FILE), integer);
        artifacts.put("qat_model", QAT_FILE);
        artifacts.put("integer_model", INTEGER_FILE);
        report.put("artifacts", artifacts);
        Path reportFile = outDir.resolve(TrainJob.REPORT_FILE);
        Json.writeAtomically(reportFile, report);
        return new TrainJob.Result(reportFile, outDir.resolve(INTEGER_FILE), report);
    }

    /** The float model's configuration with the quantization keys (and threads, seed) of this run. */
    public static TrainConfig fineTuneConfig(TrainConfig saved, TrainConfig given) {
        Map<String, Object> mine = ConfigLoader.toMap(given);
        Map<String, Object> overlay = new LinkedHashMap<>();
        for (String key : QAT_KEYS) {
            overlay.put(key, mine.get(key));
        }
        return ConfigSchema.overlay(saved, overlay, Origin.commandLine()).validate();
    }

    /**
     * Fine-tuning keeps the best validation epoch; it runs all qat-epochs unless qat-patience is set (off by default:
     * quantized training is noisy, so its patience is its own key, not the float model's).
     */
    static TrainSettings qatSettings(TrainConfig c) {
        return new TrainSettings(c.qatEpochs(), c.batch(), c.qatLr(), c.beta1(), c.beta2(), c.adamEps(), 0.0,
                c.schedule().id(), c.stepSize(), c.gamma(), c.qatPatience(), c.seed(), c.epochWindows(), c.qatEmaDecay());
    }

    /** The training windows with targets (1 − w)·y + w·(the float model's forecast), w = distill. */
    static WindowSet distilled(org.intformer.nn.ForecastModel teacher, Compute compute, WindowSet train, TrainConfig c) {
        float[] p = Inference.predict(teacher, compute, train.inputs(), train.n(), Math.max(256, c.batch()));
        float[] y = train.y().clone();
        float w = (float) c.distill();
        for (int i = 0; i < y.length; i++) {
            y[i] = (1 - w) * y[i] + w * p[i];
        }
        return new WindowSet(train.x(), y, train.n(), train.lookback(), train.horizon(), train.inputColumns(),
                train.outputColumns(), train.firstTargetRow(), train.dates(), train.dateWidth());
    }

    /** The fake-quant model's output codes against the interpreter's on a split. */
    static Map<String, Object> agreement(QatModel qat, Compute compute, WindowSet ws, IntegerEvaluation.Run run, TrainConfig c) {
        float[] fake = Inference.predict(qat, compute, ws.inputs(), ws.n(), Math.max(256, c.batch()));
        QuantGrid out = qat.grid("output");
        long identical = 0;
        long maxDiff = 0;
        for (int i = 0; i < fake.length; i++) {
            long d = Math.abs((long) out.quantize(fake[i]) - run.codes()[i]);
            identical += d == 0 ? 1 : 0;
            maxDiff = Math.max(maxDiff, d);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", "test");
        m.put("outputs", fake.length);
        m.put("identical_fraction", fake.length == 0 ? 1.0 : identical / (double) fake.length);
        m.put("max_abs_lsb", maxDiff);
        return m;
    }

    private static Map<String, Object> quantSection(TrainConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bits", c.bits());
        m.put("weight_bits", c.resolvedWeightBits());
        m.put("act_bits", c.resolvedActBits());
        m.put("layer_bits", org.intformer.config.LayerBits.parse(c.layerBits()).entries());
        m.put("io_bits", c.ioBits());
        m.put("scheme", c.scheme().id());
        m.put("granularity", c.granularity().id());
        m.put("observer", c.observer().id());
        m.put("qat_epochs", c.qatEpochs());
        m.put("qat_lr", c.qatLr());
        m.put("qat_patience", c.qatPatience());
        m.put("distill", c.distill());
        m.put("weight_average", c.qatWeightAverage());
        if (c.qatEmaDecay() > 0) {
            m.put("ema_decay", c.qatEmaDecay());
        }
        return m;
    }
}
