package org.intformer.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.intformer.app.ConsoleProgress;
import org.intformer.app.QatJob;
import org.intformer.app.TrainJob;
import org.intformer.config.TrainConfig;
import org.intformer.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intformer qat}: quantization-aware training and the integer-only model. */
@Command(name = "qat", description = {"Quantization-aware fine-tuning (fake quantization, straight-through estimator, "
        + "min/max, EMA or LSQ ranges), then conversion to the integer-only model and its evaluation by the golden "
        + "interpreter.",
        "Without --from the float model is trained first. Writes DIR/qat.ifm, DIR/model.iqm (integer model) and "
        + "DIR/report.json."})
final class QatCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Option(names = "--from", paramLabel = "MODEL",
            description = "Fine-tune this float model (its data and architecture; the quantization flags of this run).")
    Path from;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/qat", description = "Output directory (default: runs/qat).")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        TrainConfig config = options.resolve();
        TrainJob.Result result;
        try (ConsoleProgress progress = new ConsoleProgress(System.err, "qat")) {
            result = QatJob.run(config, from, out, quiet ? TrainingListener.NONE : progress);
        }
        var w = spec.commandLine().getOut();
        w.println(MetricsTable.render((Map<String, Object>) result.content().get("metrics")));
        Map<String, Object> integer = (Map<String, Object>) result.content().get("integer");
        Map<String, Object> agreement = (Map<String, Object>) integer.get("agreement");
        Map<String, Object> sat = (Map<String, Object>) integer.get("saturations");
        w.printf("integer model: %s ops, %s weight bits, %s MACs, accumulators up to %s bits, %s saturations on test%n",
                integer.get("ops"), integer.get("weight_bits_total"), integer.get("macs"), integer.get("max_accumulator_bits"),
                sat.get("total"));
        w.printf("interpreter vs fake-quant on test: %.4f%% identical, max %s LSB apart%n",
                100 * ((Number) agreement.get("identical_fraction")).doubleValue(), agreement.get("max_abs_lsb"));
        w.println("integer model: " + out.resolve(QatJob.INTEGER_FILE));
        w.println("report: " + result.report());
        w.flush();
        return 0;
    }
}
