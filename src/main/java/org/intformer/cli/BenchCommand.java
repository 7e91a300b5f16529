package org.intformer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.intformer.UserError;
import org.intformer.app.DataLoader;
import org.intformer.app.Engines;
import org.intformer.app.ModelSpecs;
import org.intformer.bench.TorchReference;
import org.intformer.bench.Machine;
import org.intformer.bench.TrainingStepBenchmark;
import org.intformer.quant.QuantConfig;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.data.FeatureMode;
import org.intformer.data.TimeSeries;
import org.intformer.io.Json;
import org.intformer.nn.ModelSpec;
import org.intformer.tensor.Compute;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code intformer bench}: milliseconds per training step of the configured model in Java at several thread
 * counts, side by side in one run with the PyTorch reference on the same model, as a ratio.
 */
@Command(name = "bench", description = {"Time training steps (forward, backward, Adam) of the configured model at "
        + "1 and 2 threads, side by side with the PyTorch reference script when it can model the same network.",
        "Runs are interleaved (torch 1 thread, Java 1 thread, Java 2 threads, torch 2 threads) to share the machine's noise."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Option(names = "--threads-list", paramLabel = "N,N", split = ",", defaultValue = "1,2",
            description = "Java thread counts to time (default: 1,2).")
    List<Integer> threadsList;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "30", description = "Timed steps per run (default: 30).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10", description = "Untimed steps first (default: 10).")
    int warmup;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "3",
            description = "Keep warming up for at least this long, so that the JIT has compiled the kernels (default: 3).")
    double warmupSeconds;

    @Option(names = "--torch-script", paramLabel = "PY",
            description = "Shared PyTorch reference script (default: ../shared/bench/torch_reference.py when present).")
    Path torchScript;

    @Option(names = "--torch-patch-script", paramLabel = "PY",
            description = "PyTorch reference for the models the shared script cannot express: patches, linear path, "
                    + "heads, layer norm, GELU (default: tools/torch_patch_reference.py of this installation).")
    Path torchPatchScript;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = "/usr/bin/python3", description = "Python with torch (default: /usr/bin/python3).")
    String python;

    @Option(names = "--no-torch", description = "Java only.")
    boolean noTorch;

    @Option(names = "--qat", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time the QAT step (fake quantization at the configured bits) at each thread count, "
                    + "alternating with the float step, and its ratio to the float step (default: on).")
    boolean qat;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the figures as JSON.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || warmup < 0 || !(warmupSeconds >= 0) || threadsList.stream().anyMatch(t -> t < 1)) {
            throw new UserError("--steps must be >= 1, --warmup and --warmup-seconds >= 0 and every thread count >= 1");
        }
        TrainConfig config = options.resolve();
        if (config.interSeries().interSeries()) {
            throw new UserError("bench times the encoder's training step next to the PyTorch reference; model inter-series "
                    + "is not offered (its step time is in the train report, training.ms_per_step)");
        }
        TimeSeries series = DataLoader.series(config);
        FeatureMode mode = FeatureMode.parse(config.features());
        int target = series.requireColumn(config.target());
        int in = mode.inputColumns(series.columns(), target).length;
        int[] outputs = mode.outputColumns(series.columns(), target);
        int[] sources = new int[outputs.length];
        int[] inputs = mode.inputColumns(series.columns(), target);
        for (int k = 0; k < outputs.length; k++) {
            sources[k] = java.util.Arrays.stream(inputs).boxed().toList().indexOf(outputs[k]);
        }
        ModelSpec model = ModelSpecs.of(config, in, sources);
        var w = spec.commandLine().getOut();
        Machine machine = Machine.current(org.intformer.tensor.KernelsFactory.best().name());
        w.println(machine.line());
        w.printf("model: %s, %d parameters, batch %d%n", model, model.parameterCount(), config.batch());

        String targetName = series.columns().get(target);
        TorchReference torch = null;
        String why = noTorch ? "--no-torch" : config.data() == null ? "the reference needs a CSV (--data)" : null;
        if (why == null) {
            Path shared = torchScript != null ? torchScript : Path.of("../shared/bench/torch_reference.py");
            Path own = torchPatchScript != null ? torchPatchScript : ownScript();
            String notShared = !Files.isRegularFile(shared) ? "no script at " + shared
                    : TorchReference.unsupportedByShared(model, config.features(), targetName, series.columns());
            String notOwn = !Files.isRegularFile(own) ? "no script at " + own : TorchReference.unsupportedByOwn(config.features());
            if (notShared == null) {
                torch = new TorchReference(python, shared, true);
            } else if (notOwn == null) {
                torch = new TorchReference(python, own, false);
            } else {
                why = notShared + "; " + notOwn;
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Double torch1 = null;
        Long torchParams = null;
        if (torch != null) {
            TorchReference.Run run = torch.run(Path.of(config.data()), config.features(), targetName, model, config.batch(), 1);
            torch1 = run.msPerStep();
            torchParams = run.params();
            w.printf("PyTorch reference: %s, %d parameters (intformer %d)%s%n", torch.script(), run.params(),
                    model.parameterCount(), run.params() == model.parameterCount() ? "" : ": NOT THE SAME MODEL");
            rows.add(row("pytorch", 1, torch1));
        } else {
            w.println("PyTorch reference skipped: " + why);
        }
        for (int t : threadsList) {
            try (Compute compute = Engines.compute(t)) {
                TrainingStepBenchmark.Timing[] both = qat
                        ? TrainingStepBenchmark.runFloatAndQat(model, QuantConfig.of(config), compute, config.batch(), warmup,
                        warmupSeconds, steps, config.seed())
                        : new TrainingStepBenchmark.Timing[] {TrainingStepBenchmark.run(model, compute, config.batch(), warmup,
                        warmupSeconds, steps, config.seed())};
                var timing = both[0];
                Map<String, Object> r = row("intformer", t, timing.medianMs());
                r.put("kernels", compute.kernels().name());
                r.put("mean_ms", timing.meanMs());
                rows.add(r);
                if (qat) {
                    var q = both[1];
                    Map<String, Object> qr = row("intformer-qat", t, q.medianMs());
                    qr.put("kernels", compute.kernels().name());
                    qr.put("mean_ms", q.meanMs());
                    qr.put("qat_over_float", q.medianMs() / timing.medianMs());
                    rows.add(qr);
                }
            }
        }
        if (torch != null) {
            rows.add(row("pytorch", 2, torch.run(Path.of(config.data()), config.features(), targetName, model, config.batch(), 2)
                    .msPerStep()));
        }
        w.printf("%-14s %7s %12s %22s%n", "tool", "threads", "ms/step", "speed-up vs torch@1");
        for (Map<String, Object> r : rows) {
            double ms = (Double) r.get("ms_per_step");
            boolean comparable = torch1 != null && !r.containsKey("qat_over_float"); // torch times float steps only
            if (comparable) {
                r.put("speedup_vs_torch_1_thread", torch1 / ms);
            }
            w.printf("%-14s %7d %12.1f %22s%s%n", r.get("tool"), (Integer) r.get("threads"), ms,
                    comparable ? String.format("%.2fx", torch1 / ms) : "-",
                    r.containsKey("qat_over_float") ? String.format("   (%.2fx the float step)", (Double) r.get("qat_over_float")) : "");
        }
        if (out != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("command", "bench");
            report.put("machine", machine.toMap());
            report.put("config", ConfigLoader.toMap(config));
            report.put("params", model.parameterCount());
            if (torch != null) {
                report.put("torch_script", torch.script().toString());
                report.put("torch_params", torchParams);
            }
            report.put("steps", steps);
            report.put("warmup", warmup);
            report.put("warmup_seconds", warmupSeconds);
            report.put("results", rows);
            Json.writeAtomically(out, report);
            w.println("report: " + out);
        }
        w.flush();
        return 0;
    }

    /** tools/torch_patch_reference.py beside this installation's target/ directory, else under the working directory. */
    private static Path ownScript() {
        Path relative = Path.of("tools", "torch_patch_reference.py");
        try {
            Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            if (root != null && Files.isRegularFile(root.resolve(relative))) {
                return root.resolve(relative);
            }
        } catch (java.net.URISyntaxException | SecurityException | java.nio.file.FileSystemNotFoundException e) {
            // no code source to go by: the working directory decides
        }
        return relative;
    }

    private static Map<String, Object> row(String tool, int threads, double ms) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tool", tool);
        r.put("threads", threads);
        r.put("ms_per_step", ms);
        return r;
    }
}
