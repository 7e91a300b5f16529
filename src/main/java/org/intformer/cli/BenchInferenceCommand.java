package org.intformer.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.intformer.UserError;
import org.intformer.app.DataLoader;
import org.intformer.app.Engines;
import org.intformer.app.QatStore;
import org.intformer.bench.InferenceBenchmark;
import org.intformer.config.ConfigLoader;
import org.intformer.data.PreparedData;
import org.intformer.integer.IntModel;
import org.intformer.io.Json;
import org.intformer.quant.QatConverter;
import org.intformer.tensor.Compute;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intformer bench-inference}: windows per second, float vs fake-quant vs integer interpreter. */
@Command(name = "bench-inference", description = {"Windows per second on the test windows of a QAT model's data: the "
        + "float model (batch 1 and 256), the fake-quant model and the golden integer interpreter, at 1 and 2 threads, "
        + "in one run."})
final class BenchInferenceCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "QAT_MODEL", description = "QAT model (qat.ifm) written by intformer qat.")
    Path model;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Timed passes, best kept (default: 3).")
    int repeats;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the figures as JSON.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (repeats < 1) {
            throw new UserError("--repeats must be >= 1");
        }
        QatStore.Loaded loaded = QatStore.load(model);
        if (loaded.qat() == null) {
            throw new UserError(model + ": a float model; bench-inference needs a QAT model (qat.ifm)");
        }
        var config = loaded.floatModel().config();
        PreparedData data = DataLoader.prepare(config, DataLoader.series(config), loaded.floatModel().data());
        IntModel integer = QatConverter.convert(loaded.qat(), Map.of());
        Map<Integer, Compute> computes = new LinkedHashMap<>();
        computes.put(1, Engines.compute(1));
        computes.put(2, Engines.compute(2));
        List<InferenceBenchmark.Row> rows;
        try {
            rows = InferenceBenchmark.run(loaded.floatModel().model(), loaded.qat(), integer, data.test(), computes, repeats);
        } finally {
            computes.values().forEach(Compute::close);
        }
        var w = spec.commandLine().getOut();
        w.printf("%d test windows, %d MACs per window%n", data.test().n(), integer.macs());
        w.printf("%-20s %7s %6s %16s%n", "engine", "threads", "batch", "windows/s");
        for (InferenceBenchmark.Row r : rows) {
            w.printf("%-20s %7d %6d %16.0f%n", r.engine(), r.threads(), r.batch(), r.windowsPerSecond());
        }
        if (out != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("command", "bench-inference");
            report.put("config", ConfigLoader.toMap(config));
            report.put("windows", data.test().n());
            report.put("macs_per_window", integer.macs());
            report.put("results", rows.stream().map(InferenceBenchmark::toMap).toList());
            Json.writeAtomically(out, report);
            w.println("report: " + out);
        }
        w.flush();
        return 0;
    }
}
