package org.intformer.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.intformer.app.EvalJob;
import org.intformer.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intformer eval}: metrics of a saved model on validation and test windows. */
@Command(name = "eval", description = {"Re-evaluate a saved model on the validation and test windows of its data "
        + "(or of --data), next to the naive and linear baselines."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file written by train.")
    Path model;

    @Option(names = "--data", paramLabel = "CSV", description = "CSV to evaluate on (default: the model's training data).")
    String data;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Threads; 0 = all cores (default: 0).")
    int threads;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        if (threads < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 0, got " + threads);
        }
        Map<String, Object> report = EvalJob.run(model, data, threads);
        var w = spec.commandLine().getOut();
        w.println(MetricsTable.render((Map<String, Object>) report.get("metrics")));
        if (out != null) {
            Json.writeAtomically(out, report);
            w.println("report: " + out);
        }
        w.flush();
        return 0;
    }
}
