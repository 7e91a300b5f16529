package org.intformer.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.intformer.UserError;
import org.intformer.app.HwJob;
import org.intformer.hw.Simulation;
import org.intformer.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code intformer hw}: the FPGA accelerator of an integer model. */
@Command(name = "hw", description = {"Generate the Verilog accelerator of an integer model (.iqm), verify it bit for bit "
        + "against the golden interpreter under Verilator and Icarus Verilog, and with --synth synthesize it (yosys for "
        + "XC7S15; yosys, nextpnr-ice40 and icepack for iCE40 UP5K). Writes DIR/rtl and DIR/report.json."})
final class HwCommand implements Callable<Integer> {
    @Mixin
    DesignOptions design;

    @Option(names = "--target", defaultValue = "xc7s15", paramLabel = "DEVICE", description = "xc7s15 or ice40up5k (default: xc7s15).")
    String target;


    // Boxed with no default: picocli 4.7 inverts a negatable primitive whose default is true.
    @Option(names = "--verify", negatable = true, description = "Simulate and compare with the interpreter (default: on).")
    Boolean verify;

    @Option(names = "--windows", defaultValue = "100", paramLabel = "N", description = "Test windows to simulate (default: 100).")
    int windows;

    @Option(names = "--simulators", defaultValue = "verilator,icarus", split = ",", paramLabel = "LIST",
            description = "verilator and/or icarus (default: both).")
    List<String> simulators;

    @Option(names = "--synth", description = "Run synthesis (and place and route on iCE40).")
    boolean synth;

    @Option(names = "--clock", defaultValue = "0", paramLabel = "MHZ",
            description = "Clock for latency and energy: 100 MHz on XC7S15 by default, the routed Fmax on iCE40.")
    double clock;

    @Option(names = "--out", defaultValue = "runs/hw", paramLabel = "DIR", description = "Output directory (default: runs/hw).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        boolean verify = !Boolean.FALSE.equals(this.verify);
        int p = design.lanes();
        Path model = design.model;
        if (windows < 0 || clock < 0) {
            throw new UserError("--windows and --clock must not be negative");
        }
        List<Simulation.Simulator> sims = simulators.stream().map(s -> Simulation.Simulator.parse(s, "--simulators")).toList();
        if (verify) {
            Simulation.requireInstalled(sims, "");
        }
        Map<String, Object> report = HwJob.run(model, new HwJob.Options(target, p, verify ? windows : 0, sims, synth, clock, design.weights()), out);
        var w = spec.commandLine().getOut();
        Map<String, Object> hw = (Map<String, Object>) report.get("hardware");
        w.printf("target %s, %s lanes, %s cycles per inference (MAC bound %s), %s MACs%n", hw.get("target"), hw.get("lanes"),
                hw.get("cycles"), hw.get("mac_bound_cycles"), hw.get("macs"));
        Map<String, Object> windows = (Map<String, Object>) report.get("verification_windows");
        if (windows != null) {
            w.println("verification windows: " + windows.get("description"));
        }
        for (Map<String, Object> v : (List<Map<String, Object>>) report.get("verification")) {
            w.printf("%s: %s windows, %s mismatches, %s cycles%n", v.get("simulator"), v.get("windows"), v.get("mismatches"), v.get("cycles"));
        }
        if (hw.containsKey("resources")) {
            w.println("resources: " + Json.toString(hw.get("resources")) + (Boolean.TRUE.equals(hw.get("fits")) ? " (fits)" : " (does NOT fit)"));
            if (hw.get("timing") instanceof Map<?, ?> t) {
                w.printf("timing: critical path %s ns (logic %s ns), Fmax %s MHz, %s -> %s [%s]%n", t.get("critical_path_ns"),
                        t.get("logic_ns"), t.get("fmax_mhz"), t.get("start"), t.get("end"), t.get("method"));
            }
            w.printf("latency %s us at %s MHz (requested %s MHz), power %s mW, energy %s uJ%n", hw.get("latency_us"), hw.get("clock_mhz"),
                    hw.get("requested_clock_mhz"), hw.get("power_mw"), hw.get("energy_uj"));
        }
        w.println("report: " + out.resolve("report.json"));
        w.flush();
        return 0;
    }
}
