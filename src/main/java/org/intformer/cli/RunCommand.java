package org.intformer.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.intformer.UserError;
import org.intformer.app.ConsoleProgress;
import org.intformer.config.ConfigLoader;
import org.intformer.config.Origin;
import org.intformer.hw.Simulation;
import org.intformer.hw.synth.Tools;
import org.intformer.pipeline.PipelineOptions;
import org.intformer.pipeline.RunJob;
import org.intformer.pipeline.RunProgress;
import org.intformer.pipeline.RunSummary;
import org.intformer.pipeline.StageOutcome;
import org.intformer.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intformer run}: the whole pipeline, from a time series to verified and synthesized accelerators. */
@Command(name = "run", description = {"The whole pipeline: float training, QAT at each bit width, integer model and "
        + "its evaluation, Verilog, simulation against the interpreter, synthesis and cost for each device, and a report.",
        "Writes DIR/report.json, DIR/report.html, DIR/plots/*.png and the stages' outputs in DIR/stages/. Stages whose "
        + "inputs did not change since the last run in DIR are reused (a rerun after a crash resumes).",
        "Without a config file it runs the built-in demo: synthetic data, the default model at d-model 16, 8- and 4-bit "
        + "variants on XC7S15 and iCE40 UP5K. A device the model does not fit at any lane count is "
        + "reported as such (the cost model's estimate, simulation and synthesis skipped), and the run still succeeds."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
            description = "YAML file: configuration keys, plus an optional 'pipeline:' section (see docs/CONFIG.md).")
    Path configFile;

    @Mixin
    TrainOptions options;

    @Option(names = "--bit-widths", split = ",", paramLabel = "B", description = "Integer variants to build, e.g. 8,6,4 (default: 8,4).")
    List<String> bitWidths;

    @Option(names = "--targets", split = ",", paramLabel = "DEVICE",
            description = "Devices: xc7s15, ice40up5k, or none (default: xc7s15,ice40up5k).")
    List<String> targets;

    @Option(names = "--lanes", paramLabel = "P", description = "MAC lanes or auto (default: auto).")
    String lanes;

    @Option(names = "--windows", paramLabel = "N", description = "Test windows simulated per design; 0 skips simulation (default: 100).")
    Integer windows;

    @Option(names = "--simulators", split = ",", paramLabel = "SIM", description = "verilator and/or icarus (default: verilator).")
    List<String> simulators;

    @Option(names = "--synth", negatable = true, description = "Synthesize (and place and route on iCE40); --no-synth skips it (default: on).")
    Boolean synth;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/run", description = "Output directory (default: runs/run).")
    Path out;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /**
     * The demo model when no config file is given: the default architecture at d-model 16, small enough for the
     * XC7S15 and for the whole pipeline to finish in a few minutes on two cores. With the pipelined datapath it does
     * not fit the iCE40 UP5K's logic cells, which the report says. Flags still override it.
     */
    static final Map<String, Object> DEMO = Map.of("d-model", 16);

    @Override
    public Integer call() {
        if (configFile != null && options.configFile() != null) {
            throw new UserError("give the config file once: as the argument or with --config, not both");
        }
        Path file = configFile != null ? configFile : options.configFile();
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (file == null) {
            overrides.putAll(DEMO);
        }
        overrides.putAll(options.overrides());
        ConfigLoader.Sectioned loaded = new ConfigLoader().load(file, overrides, Set.of(PipelineOptions.SECTION));
        PipelineOptions pipeline = PipelineOptions.overlay(PipelineOptions.defaults(), loaded.section(PipelineOptions.SECTION),
                loaded.origin());
        pipeline = PipelineOptions.overlay(pipeline, flags(), Origin.commandLine());
        checkTools(pipeline);
        var w = spec.commandLine().getOut();
        RunJob.Result result = RunJob.run(loaded.config(), pipeline, out, new Console(quiet));
        w.print(RunSummary.render(result.content()));
        w.println("report: " + out.resolve("report.html") + " (and report.json)");
        w.flush();
        return 0;
    }

    /** The pipeline flags the user gave, under their section key names. */
    private Map<String, Object> flags() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (bitWidths != null) {
            m.put("bit-widths", bitWidths);
        }
        if (targets != null) {
            m.put("targets", targets.size() == 1 && targets.get(0).trim().equalsIgnoreCase("none") ? List.of() : targets);
        }
        if (lanes != null) {
            m.put("lanes", lanes);
        }
        if (windows != null) {
            m.put("windows", windows);
        }
        if (simulators != null) {
            m.put("simulators", simulators);
        }
        if (synth != null) {
            m.put("synth", synth);
        }
        return m;
    }

    /** Fails before any training when a tool the pipeline needs is missing. */
    private static void checkTools(PipelineOptions p) {
        if (p.targets().isEmpty()) {
            return;
        }
        if (p.windows() > 0) {
            Simulation.requireInstalled(p.simulators(), ", or run with --windows 0");
        }
        if (p.synth()) {
            List<String> tools = p.targets().contains(org.intformer.hw.synth.Target.ICE40UP5K.id()) ? List.of("yosys", "nextpnr-ice40", "icepack")
                    : List.of("yosys");
            for (String tool : tools) {
                if (!Tools.available(tool)) {
                    throw new UserError(tool + " is not installed (apt-get install yosys nextpnr-ice40 fpga-icestorm), "
                            + "or run with --no-synth");
                }
            }
        }
    }

    /** Progress bars for training stages, one line per stage, on stderr. */
    static final class Console implements RunProgress {
        private final boolean quiet;
        private ConsoleProgress bar;

        Console(boolean quiet) {
            this.quiet = quiet;
        }

        @Override
        public synchronized TrainingListener stageStarted(String stage, String description) {
            System.err.println("[" + stage + "] " + description + " ...");
            if (quiet || !(stage.equals("train") || stage.startsWith("qat"))) {
                return TrainingListener.NONE;
            }
            bar = new ConsoleProgress(System.err, stage);
            return bar;
        }

        @Override
        public synchronized void stageDone(StageOutcome o) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            // a device the model does not fit is a result of the run, shown here and in the summary, not a failure
            String status = o.result() == null || o.result().get("status") == null ? "" : ": " + o.result().get("status");
            System.err.printf("[%s] %s%s (%.1f s)%n", o.name(), o.reused() ? "reused from an earlier run" : "done", status, o.seconds());
        }
    }
}
