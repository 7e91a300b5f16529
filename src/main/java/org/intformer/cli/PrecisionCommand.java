package org.intformer.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.intformer.app.ConsoleProgress;
import org.intformer.config.TrainConfig;
import org.intformer.explore.PrecisionSearch;
import org.intformer.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intformer precision}: sensitivity-driven per-layer bit widths against uniform widths. */
@Command(name = "precision", description = {"Mixed precision: measures how much validation accuracy each layer and "
        + "activation loses at each narrower width and how much energy that saves (post-training probes of the "
        + "float model, cost model), walks greedily down from the widest width (accuracy lost per energy saved) and up "
        + "from the narrowest (accuracy gained per energy spent), then fine-tunes assignments spread over the walks' "
        + "joint front with QAT next to uniform QAT at every width.",
        "Writes DIR/precision.json (sensitivity, path, points with validation/test MSE and energy, Pareto front) and "
        + "one QAT run per point under DIR/stages (reused on rerun). The float model is trained first unless --from "
        + "gives one."})
final class PrecisionCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Option(names = "--from", paramLabel = "MODEL", description = "Float model to quantize (its data and architecture).")
    Path from;

    @Option(names = "--widths", paramLabel = "B,...", split = ",", defaultValue = "8,6,4",
            description = "Candidate widths, widest first (default: 8,6,4).")
    List<Integer> widths;

    @Option(names = "--points", paramLabel = "N", defaultValue = "4",
            description = "Mixed assignments of the path fine-tuned with QAT (default: 4).")
    int points;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "xc7s15",
            description = "Device the energy is costed for: xc7s15 or ice40up5k (default: xc7s15).")
    String device;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/precision", description = "Output directory (default: runs/precision).")
    Path out;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        TrainConfig config = options.resolve();
        PrecisionSearch.Options o = new PrecisionSearch.Options(widths, org.intformer.hw.synth.Target.parse(device).id(), points);
        ConsoleProgress[] current = new ConsoleProgress[1];
        PrecisionSearch.Result r;
        try {
            r = PrecisionSearch.run(config, from, o, out, quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) : System.err,
                    () -> {
                        if (current[0] != null) {
                            current[0].close();
                        }
                        if (quiet) {
                            return TrainingListener.NONE;
                        }
                        current[0] = new ConsoleProgress(System.err, "qat");
                        return current[0];
                    });
        } finally {
            if (current[0] != null) {
                current[0].close();
            }
        }
        var w = spec.commandLine().getOut();
        w.printf("%-10s %-60s %10s %10s %10s %8s%n", "point", "layer-bits", "val MSE", "test MSE", "energy µJ", "front");
        for (Map<String, Object> p : (List<Map<String, Object>>) r.content().get("points")) {
            String bits = (String) p.get("layer_bits");
            w.printf("%-10s %-60s %10.4f %10.4f %10.2f %8s%n", p.get("name"),
                    bits.isEmpty() ? "all " + p.get("bits") : "all " + p.get("bits") + ", " + bits,
                    (Double) p.get("val_mse"), (Double) p.get("test_mse"), ((Number) p.get("energy_uj")).doubleValue(),
                    Boolean.TRUE.equals(p.get("pareto")) ? "yes" : "");
        }
        w.println("results: " + r.json());
        w.flush();
        return 0;
    }
}
