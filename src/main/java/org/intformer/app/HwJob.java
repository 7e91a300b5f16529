package org.intformer.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.config.TrainConfig;
import org.intformer.data.WindowSet;
import org.intformer.hw.CostEstimate;
import org.intformer.hw.CostModel;
import org.intformer.hw.GeneratedDesign;
import org.intformer.hw.HwOptions;
import org.intformer.hw.Misfit;
import org.intformer.hw.Simulation;
import org.intformer.hw.VerilogGenerator;
import org.intformer.hw.WeightMemory;
import org.intformer.hw.synth.Target;
import org.intformer.hw.synth.HwReport;
import org.intformer.hw.synth.Ice40Flow;
import org.intformer.hw.synth.XilinxSynthesis;
import org.intformer.integer.HostQuantization;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.integer.TensorSpec;
import org.intformer.io.Json;

/**
 * {@code intformer hw}: generates the accelerator of an integer model, verifies it against the golden interpreter
 * in simulation, and (optionally) synthesizes it for the target, writing {@code DIR/report.json}.
 */
public final class HwJob {
    /** The clock XC7S15 latency and energy are asked for unless the user chooses one: the paper's. */
    public static final double XC7_CLOCK_MHZ = 100.0;

    /**
     * The clock the user asks for ({@code --clock}), else the target's default: 100 MHz on XC7S15 (the paper's), 48 MHz on
     * iCE40 (its internal oscillator). Reports quote latency at this clock or at the design's Fmax, whichever is lower.
     */
    public static double requestedClockMhz(org.intformer.hw.synth.Target target, double chosenMhz) {
        return chosenMhz > 0 ? chosenMhz : target == org.intformer.hw.synth.Target.XC7S15 ? XC7_CLOCK_MHZ : Ice40Flow.DEFAULT_TARGET_MHZ;
    }

    /** What to do beyond generating the design. */
    public record Options(String target, int lanes, int windows, List<Simulation.Simulator> simulators, boolean synth,
                          double clockMhz, WeightMemory weights) {
        /** Options with the weights in block RAM. */
        public Options(String target, int lanes, int windows, List<Simulation.Simulator> simulators, boolean synth, double clockMhz) {
            this(target, lanes, windows, simulators, synth, clockMhz, WeightMemory.BRAM);
        }
    }

    private HwJob() {
    }

    /**
     * The board top and the device protocol carry one window per inference (IR version 1); `hw` and `run` generate and
     * verify the inter-series model's accelerator (IR version 2: the date features after the window in the input
     * buffer), but a board build or a device run of it is refused with a clear message instead of a wrong frame.
     */
    public static void requireBoardSupported(IntModel model, String what) {
        if (model.formatVersion() > 1) {
            throw new org.intformer.UserError(what + ": the board and device commands do not support integer models of IR version "
                    + model.formatVersion() + " yet (the inter-series model's date features have no frame in the serial protocol); "
                    + "intformer hw generates and simulates its accelerator");
        }
    }

    /**
     * Generates, verifies and (optionally) synthesizes the design. With auto lanes, a model the cost model cannot fit
     * at any lane count is a user error naming the resource and the excess (the user asked for this one design).
     */
    public static Map<String, Object> run(Path modelFile, Options o, Path outDir) {
        return run(modelFile, o, outDir, false);
    }

    /**
     * As {@link #run(Path, Options, Path)}, but a model the cost model cannot fit at any lane count (auto lanes) is a
     * result: the report says it does not fit, with the estimate and the reason, and nothing else runs. For
     * {@code intformer run}, where one device among several may be too small for the model.
     */
    public static Map<String, Object> runOrReportMisfit(Path modelFile, Options o, Path outDir) {
        return run(modelFile, o, outDir, true);
    }

    private static Map<String, Object> run(Path modelFile, Options o, Path outDir, boolean misfitIsResult) {
        IntModel model = IntModelFile.read(modelFile);
        HwOptions hw = new HwOptions(o.lanes(), o.target() == null ? Target.XC7S15 : Target.parse(o.target()), o.weights());
        if (o.lanes() == 0) {
            Misfit misfit = CostModel.misfit(model, hw.target(), hw.weights());
            if (misfit != null) {
                if (!misfitIsResult) {
                    throw new org.intformer.UserError(misfit.message());
                }
                return misfitReport(modelFile, o, misfit, outDir);
            }
        }
        GeneratedDesign design = VerilogGenerator.generate(model, hw, outDir.resolve("rtl"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "hw");
        report.put("model_file", modelFile.toString());
        report.put("design", design.summary());
        List<Map<String, Object>> verifications = new ArrayList<>();
        HwReport.Verification verification = null;
        if (o.windows() > 0) {
            Windows windows = windows(model, modelFile, o.windows());
            report.put("verification_windows", windows.source());
            for (Simulation.Simulator sim : o.simulators()) {
                Simulation.SimResult r = Simulation.run(design, model, windows.inputs(), sim);
                verification = new HwReport.Verification(sim.name().toLowerCase(), r.windows(), r.mismatches());
                Map<String, Object> v = new LinkedHashMap<>(verification.toMap());
                v.put("windows_from", windows.source().get("description"));
                v.put("cycles", r.cyclesPerInference());
                if (r.firstMismatch() != null) {
                    v.put("first_mismatch", r.firstMismatch());
                }
                verifications.add(v);
                if (r.mismatches() > 0) {
                    report.put("verification", verifications);
                    Json.writeAtomically(outDir.resolve(TrainJob.REPORT_FILE), report);
                    throw new IllegalStateException("generated design disagrees with the interpreter under " + sim + ": "
                            + r.mismatches() + " mismatches, first " + r.firstMismatch());
                }
            }
        }
        report.put("verification", verifications);
        Map<String, Object> hardware;
        long macs = model.macs();
        // the simulated count when a simulation ran (Simulation fails the run if it differs from the schedule's)
        long cycles = verifications.isEmpty() ? design.expectedCycles() : (long) verifications.get(0).get("cycles");
        // every design carries the analytic estimate; with synthesis also its error against the real counts
        CostEstimate estimate = CostModel.estimate(model, hw);
        if (o.synth()) {
            List<String> sources = design.sources().stream().map(p -> design.dir().relativize(p).toString()).toList();
            try {
                if (hw.target() == org.intformer.hw.synth.Target.XC7S15) {
                    XilinxSynthesis.Result r = XilinxSynthesis.run(design.dir(), sources, design.top());
                    hardware = HwReport.xc7(r, requestedClockMhz(hw.target(), o.clockMhz()), design.lanes(), cycles, macs,
                            verification);
                } else {
                    Ice40Flow.Result r = Ice40Flow.run(design.dir(), sources, design.top(), o.clockMhz());
                    hardware = HwReport.ice40(r, design.lanes(), cycles, macs, verification);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            @SuppressWarnings("unchecked") // HwReport puts a Map<String, Integer> there
            Map<String, ?> actual = (Map<String, ?>) hardware.get("resources");
            hardware.put("cost_model", estimate.against(actual));
        } else {
            hardware = new LinkedHashMap<>();
            hardware.put("target", hw.target().id());
            hardware.put("lanes", design.lanes());
            hardware.put("cycles", cycles);
            hardware.put("macs", macs);
            // without synthesis nothing says the design meets any clock: no latency is quoted at an assumed one
            hardware.put("requested_clock_mhz", requestedClockMhz(hw.target(), o.clockMhz()));
            hardware.put("clock_mhz", null);
            hardware.put("latency_us", null);
            hardware.put("timing", null);
            if (verification != null) {
                hardware.put("verification", verification.toMap());
            }
            hardware.put("estimate", estimate.toMap());
        }
        hardware.put("mac_bound_cycles", (macs + design.lanes() - 1) / design.lanes());
        hardware.put("cycles_source", verifications.isEmpty() ? "schedule (not simulated)" : "simulation (equal to the schedule)");
        report.put("hardware", hardware);
        Json.writeAtomically(outDir.resolve(TrainJob.REPORT_FILE), report);
        return report;
    }

    /**
     * The report of a model that does not fit: {@code hardware.fits} false, the cost model's estimate of the one-lane
     * design and the resources it exceeds, and the stages that were skipped and why. No latency, cycles or resources
     * are quoted as if measured.
     */
    private static Map<String, Object> misfitReport(Path modelFile, Options o, Misfit misfit, Path outDir) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "hw");
        report.put("model_file", modelFile.toString());
        report.put("verification", List.of());
        Map<String, Object> hardware = new LinkedHashMap<>();
        hardware.put("target", misfit.target().id());
        hardware.put("fits", false);
        hardware.put("status", "does not fit");
        hardware.put("misfit", misfit.toMap());
        hardware.put("estimate", misfit.estimate().toMap());
        Map<String, Object> skipped = new LinkedHashMap<>();
        String why = "the model does not fit " + misfit.target().id();
        skipped.put("verilog", why);
        if (o.windows() > 0) {
            skipped.put("simulation", why);
        }
        if (o.synth()) {
            skipped.put("synthesis", why);
        }
        hardware.put("skipped", skipped);
        report.put("hardware", hardware);
        Json.writeAtomically(outDir.resolve(TrainJob.REPORT_FILE), report);
        return report;
    }

    /** The windows a design is simulated on, and where they came from (the report's "verification_windows"). */
    record Windows(List<int[]> inputs, Map<String, Object> source) {
    }

    /**
     * The model's own test windows when it carries its data configuration (the first {@code count}, or all there
     * are), else seeded random windows in the input range; either way the source says which, and why.
     */
    static Windows windows(IntModel model, Path file, int count) {
        List<int[]> out = new ArrayList<>();
        TensorSpec in = model.inputSpec();
        Map<String, Object> source = new LinkedHashMap<>();
        if (model.metadata().get("config") != null && model.metadata().get("data") != null) {
            TrainConfig config = IntegerModels.config(model, file, null);
            WindowSet ws = IntegerModels.data(model, file, null).test();
            int used = Math.min(count, ws.n());
            for (int i = 0; i < used; i++) {
                // the window and, for the inter-series model, its date features: what the host writes
                out.add(Simulation.hostWords(IntegerEvaluation.inputs(model, ws, i)));
            }
            String data = config.data() == null ? "synthetic" : config.data();
            source.put("source", "test split");
            source.put("data", data);
            source.put("requested", count);
            source.put("available", ws.n());
            source.put("used", used);
            source.put("description", "the first " + used + " of the " + ws.n() + " test-split windows of "
                    + (config.data() == null ? "the synthetic data" : data) + (used < count ? " (" + count + " requested)" : ""));
            return new Windows(out, source);
        }
        long seed = 1;
        SplittableRandom rng = new SplittableRandom(seed);
        List<TensorSpec> host = new ArrayList<>();
        host.add(in);
        model.extraInputs().forEach(e -> host.add(model.tensor(e)));
        for (int i = 0; i < count; i++) {
            List<int[]> inputs = new ArrayList<>();
            for (TensorSpec t : host) {
                int[] w = new int[t.size()];
                for (int j = 0; j < w.length; j++) {
                    w[j] = t.min() + rng.nextInt(t.max() - t.min() + 1);
                }
                inputs.add(w);
            }
            out.add(Simulation.hostWords(inputs));
        }
        source.put("source", "random");
        source.put("seed", seed);
        source.put("range", List.of(in.min(), in.max()));
        source.put("used", count);
        source.put("description", count + " seeded random windows (seed " + seed + ", uniform in [" + in.min() + ", "
                + in.max() + "]): the model file carries no data configuration to take test windows from");
        return new Windows(out, source);
    }
}
