package org.intformer.hw.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The open iCE40 UP5K flow: yosys {@code synth_ice40 -dsp -spram}, {@code nextpnr-ice40 --up5k --package
 * sg48} (placement, routing, timing), {@code icepack} (bitstream). Outputs go to {@code DIR/synth/ice40/}:
 * {@code ports.json}, {@code io_shim.v} (when used), {@code synth.ys}, {@code yosys.log}, {@code stat.json},
 * {@code design.json}, {@code nextpnr.log}, {@code nextpnr-report.json}, {@code design.asc},
 * {@code design.bin}.
 *
 * <p>A design that does not fit is not an error: the result has {@code fits = false}, the utilisation
 * nextpnr printed before giving up, no Fmax and no bitstream. Tool failures of any other kind are
 * {@link Tools.ToolException}s with the end of the log.
 */
public final class Ice40Flow {
    public static final String OUT_DIR = "synth/ice40";
    /** The requested clock when none is chosen: the UP5K's internal HFOSC frequency (also nextpnr's timing target). */
    public static final double DEFAULT_TARGET_MHZ = 48.0;
    public static final int SEED = 1;

    /**
     * @param resources    lc, ff, ebr, spram, dsp, io (post-placement), lut/carry (netlist)
     * @param fmaxMhz      routed Fmax of the slowest clock, NaN when not placed/routed
     * @param clockMhz     the clock latency is computed at: the requested clock, or the routed Fmax if lower
     * @param timingMet    the requested clock is at most the Fmax
     * @param bitstream    {@code design.bin}, null when the design did not fit
     * @param fits         resources within the UP5K, placed and routed
     * @param shimBits     bits of the serial I/O shim (0 when the core's ports fit the pins directly)
     * @param overLimit    what did not fit, e.g. "dsp 12/8 (150.0%)", or why it failed
     */
    public record Result(Resources resources, double fmaxMhz, double clockMhz, boolean timingMet, Path bitstream,
                         long bitstreamBytes, boolean fits, List<Target.Usage> usage, List<String> overLimit,
                         int shimBits, Path yosysLog, Path nextpnrLog, double requestedMhz, Timing timing) {
    }

    private Ice40Flow() {
    }

    public static Result run(Path dir, List<String> sources, String top, double clockMhzOrZero) throws IOException {
        return run(Tools.fromEnvironment(), dir, sources, top, clockMhzOrZero);
    }

    public static Result run(Tools tools, Path dir, List<String> sources, String top, double clockMhzOrZero)
            throws IOException {
        return run(tools, dir, sources, top, clockMhzOrZero, null);
    }

    /**
     * As {@link #run(Tools, Path, List, String, double)}; with a {@code pcf} (relative to {@code dir}) the top's
     * ports are placed on the pins it names, every port must be constrained, and no serial shim is added.
     */
    public static Result run(Tools tools, Path dir, List<String> sources, String top, double clockMhzOrZero, String pcf)
            throws IOException {
        Sources.check(dir, sources, top);
        if (!(clockMhzOrZero >= 0) || Double.isInfinite(clockMhzOrZero)) {
            throw new org.intformer.UserError("clock must be a positive frequency in MHz (or 0 for the routed Fmax), got "
                    + clockMhzOrZero);
        }
        Tools.require(tools.yosys(), "yosys");
        Tools.require(tools.nextpnrIce40(), "nextpnr-ice40");
        Tools.require(tools.icepack(), "icepack");
        Path out = dir.resolve(OUT_DIR);
        Files.createDirectories(out);

        // 1. Ports of the core: wrap it in a serial shim when it has more port bits than SG48 has pins.
        String portsScript = String.join("\n", Sources.readVerilog(sources), "hierarchy -top " + top, "proc",
                "write_json " + OUT_DIR + "/ports.json", "");
        Files.writeString(out.resolve("ports.ys"), portsScript);
        tools.runOrThrow(dir, out.resolve("ports.log"), List.of(tools.yosys(), "-s", OUT_DIR + "/ports.ys"));
        List<IoShim.Port> ports = IoShim.ports(Files.readString(out.resolve("ports.json")), top);
        List<String> all = new ArrayList<>(sources);
        String synthTop = top;
        int shimBits = 0;
        if (pcf == null && IoShim.totalBits(ports) > Target.UP5K_SG48_IO) {
            IoShim.write(out.resolve(IoShim.FILE), top, ports);
            all.add(OUT_DIR + "/" + IoShim.FILE);
            synthTop = IoShim.MODULE;
            shimBits = IoShim.shimBits(ports);
        }

        // 2. Synthesis.
        String script = String.join("\n", Sources.readVerilog(all),
                "synth_ice40 -dsp -spram -top " + synthTop + " -json " + OUT_DIR + "/design.json",
                "tee -q -o " + OUT_DIR + "/stat.json stat -json", "");
        Files.writeString(out.resolve("synth.ys"), script);
        Path yosysLog = out.resolve("yosys.log");
        tools.runOrThrow(dir, yosysLog, List.of(tools.yosys(), "-s", OUT_DIR + "/synth.ys"));
        Map<String, Integer> cells = YosysStats.cells(Files.readString(out.resolve("stat.json")));

        // 3. Place and route.
        double target = clockMhzOrZero > 0 ? clockMhzOrZero : DEFAULT_TARGET_MHZ;
        Path pnrLog = out.resolve("nextpnr.log");
        Path report = out.resolve("nextpnr-report.json");
        Files.deleteIfExists(report);
        List<String> cmd = new ArrayList<>(List.of(tools.nextpnrIce40(), "--up5k", "--package", "sg48",
                "--json", OUT_DIR + "/design.json", "--asc", OUT_DIR + "/design.asc",
                "--freq", String.format(Locale.ROOT, "%.3f", target), "--timing-allow-fail", "--seed", Integer.toString(SEED),
                "--report", OUT_DIR + "/nextpnr-report.json"));
        cmd.addAll(pcf == null ? List.of("--pcf-allow-unconstrained") : List.of("--pcf", pcf));
        Tools.Run pnr = tools.run(dir, pnrLog, cmd);
        String logText = new String(Files.readAllBytes(pnrLog), StandardCharsets.UTF_8);
        NextpnrReport.Parsed fromLog = NextpnrReport.fromLog(logText, pnrLog.toString());
        NextpnrReport.Parsed parsed = pnr.exitCode() == 0 && Files.isRegularFile(report)
                ? merge(NextpnrReport.fromReportJson(Files.readString(report), report.toString()), fromLog)
                : fromLog;
        if (pnr.exitCode() != 0 && parsed.utilisation().isEmpty()) {
            throw nextpnrFailed(pnr, pnrLog); // failed before it could say how much of the device the design needs
        }
        Resources res = resources(cells, parsed);
        Target t = Target.ICE40UP5K;
        List<String> over = new ArrayList<>(t.overLimit(res));
        if (pnr.exitCode() != 0) {
            if (over.isEmpty()) {
                throw nextpnrFailed(pnr, pnrLog);
            }
            return new Result(res, Double.NaN, 0, false, null, 0, false, t.usage(res), over, shimBits,
                    yosysLog, pnrLog, target, null);
        }
        double fmax = parsed.fmaxMhz();
        if (!(fmax > 0) || Double.isInfinite(fmax)) {
            // a routed design always has a clock: no Fmax is a parse miss, never "timing met"
            throw new Tools.ToolException(parsed.source() + ": nextpnr routed the design but no Fmax was found (no "
                    + "'Max frequency for clock' line, no fmax in the report)");
        }
        boolean timingMet = fmax >= target;
        // the design runs at the requested clock, or at its routed Fmax when that is lower: latency is never quoted at a
        // clock the design does not meet
        double clock = Math.min(target, fmax);
        Timing timing = Files.isRegularFile(report) ? NextpnrTiming.fromReport(Files.readString(report), fmax) : null;

        // 4. Bitstream.
        Path bin = out.resolve("design.bin");
        Files.deleteIfExists(bin);
        tools.runOrThrow(dir, out.resolve("icepack.log"),
                List.of(tools.icepack(), OUT_DIR + "/design.asc", OUT_DIR + "/design.bin"));
        long size = Files.size(bin);
        return new Result(res, fmax, clock, timingMet, bin, size, over.isEmpty(), t.usage(res), over, shimBits,
                yosysLog, pnrLog, target, timing);
    }

    private static Tools.ToolException nextpnrFailed(Tools.Run pnr, Path log) {
        return new Tools.ToolException("nextpnr-ice40 failed (exit " + pnr.exitCode() + "); log " + log.toAbsolutePath()
                + ", last lines:\n" + Tools.tail(log, 20));
    }

    /** Report utilisation, with the log's Fmax figures when the report has none. */
    static NextpnrReport.Parsed merge(NextpnrReport.Parsed report, NextpnrReport.Parsed log) {
        return new NextpnrReport.Parsed(report.utilisation().isEmpty() ? log.utilisation() : report.utilisation(),
                report.fmaxByClock().isEmpty() ? log.fmaxByClock() : report.fmaxByClock(),
                report.source() + " and " + log.source());
    }

    /** Resources from the yosys cell counts and nextpnr's utilisation. */
    public static Resources resources(Map<String, Integer> cells, NextpnrReport.Parsed pnr) {
        int ff = 0;
        int lut = 0;
        int carry = 0;
        for (Map.Entry<String, Integer> e : cells.entrySet()) {
            if (e.getKey().startsWith("SB_DFF")) {
                ff += e.getValue();
            } else if (e.getKey().equals("SB_LUT4")) {
                lut += e.getValue();
            } else if (e.getKey().equals("SB_CARRY")) {
                carry += e.getValue();
            }
        }
        // placed counts from nextpnr, which lists every BEL type of the device (a missing one is an error, not 0)
        return new Resources(lut, ff, pnr.used("ICESTORM_DSP"), 0, 0, 0, 0, carry, 0, pnr.used("SB_IO"),
                pnr.used("ICESTORM_LC"), pnr.used("ICESTORM_RAM"), pnr.used("ICESTORM_SPRAM"), cells);
    }
}
