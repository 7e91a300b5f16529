package org.intformer.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.intformer.app.ConsoleProgress;
import org.intformer.app.TrainJob;
import org.intformer.config.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intformer train}: train a float forecaster and report it next to the baselines. */
@Command(name = "train", description = {"Train a float Transformer forecaster with early stopping on the validation split.",
        "Writes DIR/model.ifm and DIR/report.json (metrics of the model and of the naive and linear baselines)."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/train", description = "Output directory (default: runs/train).")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TrainConfig config = options.resolve();
        TrainJob.Result result;
        try (ConsoleProgress progress = new ConsoleProgress(System.err, "train")) {
            result = TrainJob.run(config, out, quiet ? org.intformer.train.TrainingListener.NONE : progress);
        }
        var w = spec.commandLine().getOut();
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) result.content().get("metrics");
        w.println(MetricsTable.render(metrics));
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) result.content().get("training");
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) result.content().get("model");
        w.printf("params %s, epochs %s (best %s), %.1f ms/step on %s thread(s), %s kernels%n", model.get("params"),
                training.get("epochs"), training.get("best_epoch"), (Double) training.get("ms_per_step"),
                training.get("threads"), training.get("kernels"));
        w.println("model:  " + result.model());
        w.println("report: " + result.report());
        w.flush();
        return 0;
    }
}
