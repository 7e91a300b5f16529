package org.intformer.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.app.DataLoader;
import org.intformer.app.Engines;
import org.intformer.app.FloatModelStore;
import org.intformer.app.IntegerEvaluation;
import org.intformer.app.QatJob;
import org.intformer.app.TrainJob;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import java.nio.file.Path;
import org.intformer.data.Baselines;
import org.intformer.data.PerSeriesLinear;
import org.intformer.data.PreparedData;
import org.intformer.data.WindowSet;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModelFile;
import org.intformer.tensor.Compute;
import org.intformer.train.Inference;

/**
 * Assembles {@code report.json} of {@code intformer run} from its stages: the configuration, the float model
 * and baselines, each integer variant with its hardware per device, test error per horizon step and sample
 * forecasts (recomputed from the saved models: cheap next to training), and the stage record.
 */
final class RunReport {
    private RunReport() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> build(TrainConfig config, PipelineOptions pipeline, StageOutcome train,
                                     List<RunJob.Variant> variants, List<StageOutcome> stages) {
        Map<String, Object> trained = RunJob.readReport(train);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "run");
        report.put("config", ConfigLoader.toMap(config));
        report.put("pipeline", pipeline.toMap());
        report.put("data", trained.get("data"));
        report.put("model", trained.get("model"));
        report.put("training", trained.get("training"));
        Map<String, Object> topMetrics = new LinkedHashMap<>((Map<String, Object>) trained.get("metrics"));
        report.put("metrics", topMetrics);
        if (trained.get("attention") != null) {
            report.put("attention", trained.get("attention"));
        }

        FloatModelStore.Loaded loaded = FloatModelStore.load(train.dir().resolve(TrainJob.MODEL_FILE));
        PreparedData data = DataLoader.prepare(loaded.config(), DataLoader.series(loaded.config()), loaded.data());
        WindowSet test = data.test();
        int threads = config.resolvedThreads();
        Map<String, float[]> baselines = new LinkedHashMap<>();
        baselines.put("naive", Baselines.naive(test));
        if (topMetrics.containsKey("seasonal_naive")) {
            baselines.put("seasonal_naive", Baselines.seasonalNaive(test, data.season()));
        }
        baselines.put("linear", Baselines.linear(data.train()).predict(test));
        if (topMetrics.containsKey("linear_per_series")) {
            baselines.put("linear_per_series", PerSeriesLinear.fit(data.train()).predict(test));
        }
        Map<String, float[]> models = new LinkedHashMap<>();
        try (Compute compute = Engines.compute(threads)) {
            Path ablation = train.dir().resolve(TrainJob.ABLATION_FILE);
            if (java.nio.file.Files.exists(ablation)) {
                baselines.put("ablation", Inference.predict(FloatModelStore.load(ablation).model(), compute, test.inputs(),
                        test.n(), Math.max(256, config.batch())));
            }
            models.put("float", Inference.predict(loaded.model(), compute, test.inputs(), test.n(), Math.max(256, config.batch())));
        }
        List<Map<String, Object>> variantSections = new ArrayList<>();
        for (RunJob.Variant v : variants) {
            Map<String, Object> qat = RunJob.readReport(v.qat());
            models.put(v.name(), IntegerEvaluation.run(IntModelFile.read(v.qat().dir().resolve(QatJob.INTEGER_FILE)), test,
                    threads).predictions());
            Map<String, Object> quant = (Map<String, Object>) qat.get("quant");
            Map<String, Object> metrics = (Map<String, Object>) qat.get("metrics");
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("name", v.name());
            section.put("bits", v.bits());
            section.put("weight_bits", quant.get("weight_bits"));
            section.put("act_bits", quant.get("act_bits"));
            section.put("io_bits", quant.get("io_bits"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("qat", metrics.get("qat"));
            m.put("integer", metrics.get("integer"));
            section.put("metrics", m);
            if (v.bits() == config.bits()) {
                topMetrics.put("qat", metrics.get("qat"));
                topMetrics.put("integer", metrics.get("integer"));
            }
            section.put("integer", qat.get("integer"));
            Map<String, Object> hardware = new LinkedHashMap<>();
            v.hardware().forEach((target, outcome) -> hardware.put(target, hardware(RunJob.readReport(outcome), target)));
            section.put("hardware", hardware);
            section.put("artifacts", Map.of("integer_model", RunJob.STAGES_DIR + "/" + v.qat().name() + "/" + QatJob.INTEGER_FILE));
            variantSections.add(section);
        }
        report.put("variants", variantSections);

        int k = ForecastFigures.targetChannel(data);
        Map<String, Object> perStep = new LinkedHashMap<>();
        baselines.forEach((name, p) -> perStep.put(name, ForecastFigures.perStep(p, test, k)));
        models.forEach((name, p) -> perStep.put(name, ForecastFigures.perStep(p, test, k)));
        report.put("per_step", perStep);
        report.put("forecasts", ForecastFigures.samples(data, models));
        report.put("stages", stages.stream().map(StageOutcome::summary).toList());
        return report;
    }

    /** The hardware section of one device: the hw stage's figures, its verification runs, design facts and the device limits. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> hardware(Map<String, Object> hw, String target) {
        Map<String, Object> section = new LinkedHashMap<>((Map<String, Object>) hw.get("hardware"));
        section.put("verification", hw.get("verification"));
        section.put("design", hw.get("design"));
        section.put("limits", limits(Target.parse(target), (Map<String, Object>) section.get("resources")));
        return section;
    }

    /** The device's limits of the resources this section reports (I/O pins are not among them). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> limits(Target target, Map<String, Object> resources) {
        Map<String, Object> m = new LinkedHashMap<>();
        target.limits().forEach((resource, limit) -> {
            if (resources == null || resources.containsKey(resource)) {
                m.put(resource, limit);
            }
        });
        return m;
    }
}
