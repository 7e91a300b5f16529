package org.intformer.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.intformer.UserError;
import org.intformer.config.ConfigLoader;
import org.intformer.explore.ExploreJob;
import org.intformer.pipeline.PipelineOptions;
import org.intformer.pipeline.RunJob;
import org.intformer.pipeline.RunProgress;
import org.intformer.pipeline.RunSummary;
import org.intformer.report.ExplorePlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intformer explore}: design-space exploration with successive halving and hardware cost (docs/EXPLORE.md). */
@Command(name = "explore", description = {"Design-space exploration: trains the points of the config's explore.space "
        + "(float + QAT, successive halving on validation MSE), costs each on the FPGA target, prunes what does not fit, "
        + "and verifies the Pareto front (validation MSE vs energy) in simulation and synthesis.",
        "Writes DIR/explore.json, DIR/explore.csv, DIR/points/ (one result file per point and rung; a rerun reuses them) "
        + "and DIR/front/. See docs/EXPLORE.md."})
final class ExploreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG.yaml", description = "Base training keys plus an explore: section.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/explore", description = "Output directory (default: runs/explore).")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--workers", paramLabel = "N", description = "Points trained at once, overriding explore.workers (0 = every core).")
    Integer workers;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
            description = "Where the points train: local (threads of this process, the default) or spark (one Spark task "
                    + "per point; needs bin/intformer-spark or spark-submit, docs/EXPLORE.md). Results do not depend on it.")
    String engine;

    @Option(names = "--best-report", negatable = true,
            description = "Run the whole pipeline on the chosen point into DIR/best (report.html; default: on).")
    Boolean bestReport;

    @Option(names = "--dry-run", description = "Check the config and list the points and rungs, without training.")
    boolean dryRun;

    @Option(names = "--keep-going", description = "When points fail in hardware (a tool fails, the design disagrees with "
            + "the interpreter), still run the chosen point's pipeline. The failures are listed either way and the exit code is 3.")
    boolean keepGoing;

    @Spec
    CommandSpec spec;

    static final String BEST_DIR = "best";

    /** The chosen point's pipeline: its bit width, on the explored device with its lanes, verified and synthesized. */
    @SuppressWarnings("unchecked")
    private static PipelineOptions bestPipeline(ExploreJob.Result r) {
        Map<String, Object> search = (Map<String, Object>) r.explore().get("search");
        Object lanes = ((List<Map<String, Object>>) r.explore().get("points")).stream()
                .filter(p -> r.chosenId().equals(p.get("id"))).findFirst().map(p -> p.get("lanes")).orElse(null);
        PipelineOptions d = PipelineOptions.defaults();
        return new PipelineOptions(List.of(r.chosenConfig().bits()), List.of((String) search.get("target")),
                lanes instanceof Number n ? n.intValue() : 0, d.windows(), d.simulators(), true);
    }

    @Override
    public Integer call() {
        ConfigLoader.Sectioned loaded = new ConfigLoader().load(config, Map.of(), Set.of(ExploreJob.SECTION));
        if (loaded.config().interSeries().interSeries()) {
            throw new UserError("explore searches encoder models on hardware cost; model inter-series is not explored yet "
                    + "(its integer IR has no hardware generator)");
        }
        if (dryRun) {
            ExploreJob.Plan plan = ExploreJob.plan(loaded, config);
            var w = spec.commandLine().getOut();
            w.printf("%d points of a %d-point grid, %d valid; rung epochs %s, eta %d%n", plan.points().size(), plan.gridSize(),
                    plan.valid(), plan.rungEpochs(), plan.eta());
            plan.points().forEach(p -> w.println(p.id() + " " + p.params() + (p.valid() ? "" : "  invalid: " + p.invalidReason())));
            w.flush();
            return 0;
        }
        ExploreJob.Result r = ExploreJob.run(loaded, config, out, quiet ? null : System.err, workers, engine);
        List<String> plots = ExplorePlots.write(out, r.explore());
        var w = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        r.failureLines().forEach(line -> err.println("intformer: explore: FAILED " + line));
        if (!r.failures().isEmpty() && !keepGoing) {
            err.printf("intformer: explore: %d point(s) failed; results so far in %s (rerun with --keep-going to run the "
                    + "chosen point's pipeline anyway)%n", r.failures().size(), out.resolve(ExploreJob.JSON_FILE));
            err.flush();
            return Main.EXIT_FAILED;
        }
        if (r.chosenId() != null && !Boolean.FALSE.equals(bestReport)) {
            RunJob.Result best = RunJob.run(r.chosenConfig(), bestPipeline(r), out.resolve(BEST_DIR),
                    quiet ? RunProgress.NONE : new RunCommand.Console(false));
            w.print(RunSummary.render(best.content()));
            w.println("chosen point's report: " + out.resolve(BEST_DIR).resolve(RunJob.HTML_FILE));
        }
        w.printf("points·rungs: %d trained, %d reused from %s%n", r.computed(), r.reused(), out.resolve("points"));
        w.println("chosen: " + (r.chosenId() == null ? "none (no point fits the target)" : r.chosenId()));
        w.println("front (validation MSE vs energy): " + r.explore().get("front"));
        w.println("results: " + out.resolve(ExploreJob.JSON_FILE) + ", " + out.resolve(ExploreJob.CSV_FILE) + ", "
                + String.join(", ", plots.stream().map(f -> out.resolve(f).toString()).toList()));
        w.flush();
        if (!r.failures().isEmpty()) {
            err.printf("intformer: explore: %d point(s) failed (listed above and in %s)%n", r.failures().size(),
                    out.resolve(ExploreJob.JSON_FILE));
            err.flush();
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }
}
