package org.intformer.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.intformer.Futures;
import org.intformer.app.DataLoader;
import org.intformer.app.HwJob;
import org.intformer.app.QatJob;
import org.intformer.app.TrainJob;
import org.intformer.config.Build;
import org.intformer.config.ConfigLoader;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.io.Fingerprints;
import org.intformer.io.Json;
import org.intformer.report.RunReportPage;
import org.intformer.train.TrainingListener;

/**
 * {@code intformer run}: data to verified, synthesized accelerator in one go. Stages, each reused when its
 * inputs are unchanged ({@link StageStore}): {@code train} (float model), {@code qat-B} per bit width
 * (fine-tuning, conversion, interpreter evaluation), {@code hw-B-TARGET} per bit width and device (Verilog,
 * simulation against the interpreter, synthesis, cost). The report ({@code report.json}, {@code report.html},
 * plots) is assembled from the stages' outputs on every run.
 */
public final class RunJob {
    public static final String STAGES_DIR = "stages";
    public static final String HTML_FILE = "report.html";
    /** Keys that do not change the float model: quantization settings and the thread count (results do not depend on it). */
    private static final List<String> NOT_FLOAT_KEYS = List.of("bits", "weight-bits", "act-bits", "layer-bits", "io-bits", "scheme",
            "granularity", "observer", "qat-epochs", "qat-lr", "lsq-lr", "distill", "qat-patience", "qat-weight-average", "threads");
    private static final List<String> QUANT_KEYS = List.of("bits", "weight-bits", "act-bits", "layer-bits", "io-bits", "scheme",
            "granularity", "observer", "qat-epochs", "qat-lr", "lsq-lr", "distill", "qat-patience", "qat-weight-average", "ema-decay", "seed");

    /** Outputs of a run. */
    public record Result(Path report, Map<String, Object> content, List<StageOutcome> stages) {
    }

    /** A stage's outputs as {@link RunReport} needs them. */
    record Variant(int bits, StageOutcome qat, Map<String, StageOutcome> hardware) {
        String name() {
            return "int" + bits;
        }
    }

    private RunJob() {
    }

    public static Result run(TrainConfig config, PipelineOptions pipeline, Path out, RunProgress progress) {
        StageStore store = new StageStore(out.resolve(STAGES_DIR), Build.codeHash());
        List<StageOutcome> stages = new ArrayList<>();

        StageOutcome train = stage(store, progress, stages, "train", "float training", trainInputs(config),
                (dir, listener) -> summary(TrainJob.run(config, dir, listener).content()));

        Map<Integer, StageOutcome> qats = new LinkedHashMap<>();
        for (int bits : pipeline.bits()) {
            TrainConfig variantConfig = variant(config, bits);
            qats.put(bits, stage(store, progress, stages, "qat-" + bits, bits + "-bit QAT and integer model",
                    qatInputs(train.key(), variantConfig), (dir, listener) -> summary(QatJob.run(variantConfig, train.dir().resolve(TrainJob.MODEL_FILE), dir,
                            listener).content())));
        }

        // Hardware stages are independent single-threaded tool runs: one per core at a time.
        Map<String, Future<StageOutcome>> pending = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.resolvedThreads()));
        try {
            for (int bits : pipeline.bits()) {
                StageOutcome qat = qats.get(bits);
                for (String target : pipeline.targets()) {
                    Map<String, Object> hwInputs = hwInputs(qat.key(), target, pipeline);
                    HwJob.Options options = new HwJob.Options(target, pipeline.lanes(), pipeline.windows(),
                            pipeline.simulators(), pipeline.synth(), 0);
                    String what = bits + "-bit accelerator for " + target + (pipeline.windows() > 0 ? ", simulation" : "")
                            + (pipeline.synth() ? ", synthesis" : "");
                    pending.put(bits + "/" + target, pool.submit(() -> stage(store, progress, null, "hw-" + bits + "-" + target,
                            what, hwInputs, (dir, listener) -> hardwareSummary(HwJob.runOrReportMisfit(qat.dir().resolve(QatJob.INTEGER_FILE),
                                    options, dir)))));
                }
            }
            List<Variant> variants = new ArrayList<>();
            for (int bits : pipeline.bits()) {
                Map<String, StageOutcome> hardware = new LinkedHashMap<>();
                for (String target : pipeline.targets()) {
                    StageOutcome o = Futures.await(pending.get(bits + "/" + target));
                    stages.add(o);
                    hardware.put(target, o);
                }
                variants.add(new Variant(bits, qats.get(bits), hardware));
            }
            Map<String, Object> report = RunReport.build(config, pipeline, train, variants, stages);
            report.put("plots", RunReportPage.write(out, report));
            report.put("html", HTML_FILE);
            Path reportFile = out.resolve(TrainJob.REPORT_FILE);
            Json.writeAtomically(reportFile, report);
            return new Result(reportFile, report, stages);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What the float model depends on: every setting but the quantization ones and the thread count, and the data's content. */
    static Map<String, Object> trainInputs(TrainConfig config) {
        Map<String, Object> inputs = new LinkedHashMap<>(ConfigLoader.toMap(config));
        NOT_FLOAT_KEYS.forEach(inputs::remove);
        inputs.put("data_sha256", DataLoader.fingerprint(config));
        if (config.interSeries().holidays() != null) {
            inputs.put("holidays_sha256", Fingerprints.file(Path.of(config.interSeries().holidays())));
        }
        return inputs;
    }

    /** What a QAT variant depends on: the float model's stage and the variant's quantization settings (and seed). */
    static Map<String, Object> qatInputs(String trainKey, TrainConfig variant) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("train", trainKey);
        Map<String, Object> all = ConfigLoader.toMap(variant);
        QUANT_KEYS.forEach(k -> inputs.put(k, all.get(k)));
        return inputs;
    }

    /** What a hardware stage depends on: its integer model's stage, the device and the pipeline's hardware options. */
    static Map<String, Object> hwInputs(String qatKey, String target, PipelineOptions pipeline) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("qat", qatKey);
        inputs.put("target", target);
        inputs.putAll(pipeline.toMap());
        inputs.remove("bit_widths");
        inputs.remove("targets");
        return inputs;
    }

    /**
     * The configuration of the {@code bits}-bit variant: weights and activations at that width. The variant
     * whose width is the configuration's own {@code bits} keeps its weight-bits and act-bits.
     */
    static TrainConfig variant(TrainConfig config, int bits) {
        if (bits == config.bits()) {
            return config;
        }
        Map<String, Object> overlay = new LinkedHashMap<>();
        overlay.put("bits", bits);
        overlay.put("weight-bits", 0);
        overlay.put("act-bits", 0);
        overlay.put("layer-bits", "");
        return ConfigSchema.overlay(config, overlay, Origin.of("pipeline bit-widths")).validate();
    }

    @FunctionalInterface
    private interface Body {
        Map<String, Object> run(Path dir, TrainingListener listener);
    }

    private static StageOutcome stage(StageStore store, RunProgress progress, List<StageOutcome> stages,
                                            String name, String description, Map<String, Object> inputs, Body body) {
        StageOutcome o = store.run(name, inputs, dir -> body.run(dir, progress.stageStarted(name, description)));
        progress.stageDone(o);
        if (stages != null) {
            stages.add(o);
        }
        return o;
    }

    /** What a training stage keeps in its marker: its report's headline numbers. */
    private static Map<String, Object> summary(Map<String, Object> report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metrics", report.get("metrics"));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hardwareSummary(Map<String, Object> report) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> hw = (Map<String, Object>) report.get("hardware");
        m.put("cycles", hw.get("cycles"));
        m.put("fits", hw.get("fits"));
        if (hw.get("status") != null) {
            m.put("status", hw.get("status"));
        }
        return m;
    }

    /** A stage's report.json. */
    static Map<String, Object> readReport(StageOutcome o) {
        try {
            return Json.MAPPER.readValue(o.dir().resolve(TrainJob.REPORT_FILE).toFile(),
                    new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report of stage " + o.name(), e);
        }
    }

}
