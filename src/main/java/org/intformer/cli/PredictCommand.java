package org.intformer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.intformer.app.PredictJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intformer predict}: forecasts in original units as CSV. */
@Command(name = "predict", description = {"Write forecasts in original units to a CSV: one row per window and step, "
        + "with the actual value next to each forecast.",
        "--windows future forecasts the steps after the end of the data."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file written by train.")
    Path model;

    @Option(names = "--data", paramLabel = "CSV", description = "CSV to forecast (default: the model's training data).")
    String data;

    @Option(names = "--out", required = true, paramLabel = "CSV", description = "Forecasts file to write.")
    Path out;

    @Option(names = "--windows", paramLabel = "WHICH", defaultValue = "test",
            description = "train, val, test or future (default: test).")
    String windows;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Threads; 0 = all cores (default: 0).")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PredictJob.Windows which;
        try {
            which = PredictJob.Windows.valueOf(windows.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--windows must be train, val, test or future, got '" + windows + "'");
        }
        int n = PredictJob.run(model, data, which, out, threads);
        spec.commandLine().getOut().println("wrote " + n + " window(s) of forecasts to " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
