package org.intformer.hw.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Xilinx 7-series synthesis with yosys ({@code synth_xilinx -family xc7}) and the fits / does-not-fit verdict
 * against {@link Target#XC7S15}. The counts are yosys's, before placement: Vivado usually packs and
 * optimises somewhat further, so the LUT count is an upper-side estimate.
 *
 * <p>Outputs go to {@code DIR/synth/xc7/}: the script {@code synth.ys}, the full log {@code yosys.log},
 * {@code stat.json} ({@code stat -json}) and {@code stat.txt} ({@code stat -tech xilinx}).
 */
public final class XilinxSynthesis {
    public static final String OUT_DIR = "synth/xc7";

    /**
     * The outcome: resources, the verdict, the utilisation lines, the files written, and the static timing of the
     * netlist ({@link XilinxTiming}; null when it was not run, e.g. from a captured {@code stat -json}).
     */
    public record Result(Target target, Resources resources, boolean fits, List<Target.Usage> usage,
                         List<String> overLimit, Path log, Path statJson, Timing timing) {
    }

    private XilinxSynthesis() {
    }

    /** Synthesises with the tools from the environment. */
    public static Result run(Path dir, List<String> sources, String top) throws IOException {
        return run(Tools.fromEnvironment(), dir, sources, top);
    }

    public static Result run(Tools tools, Path dir, List<String> sources, String top) throws IOException {
        Sources.check(dir, sources, top);
        Tools.require(tools.yosys(), "yosys");
        Path out = dir.resolve(OUT_DIR);
        Files.createDirectories(out);
        String script = String.join("\n",
                Sources.readVerilog(sources),
                "synth_xilinx -family xc7 -flatten -top " + top,
                "tee -o " + OUT_DIR + "/stat.txt stat -tech xilinx",
                "tee -q -o " + OUT_DIR + "/stat.json stat -json",
                "write_json " + OUT_DIR + "/net.json",
                "");
        Path ys = out.resolve("synth.ys");
        Files.writeString(ys, script);
        Path log = out.resolve("yosys.log");
        tools.runOrThrow(dir, log, List.of(tools.yosys(), "-s", OUT_DIR + "/synth.ys"));
        Path stat = out.resolve("stat.json");
        if (!Files.isRegularFile(stat)) {
            throw new Tools.ToolException("yosys wrote no " + stat + "; log " + log + ":\n" + Tools.tail(log, 20));
        }
        Result r = fromStat(Files.readString(stat), log, stat);
        Timing timing = XilinxTiming.run(tools, dir, top);
        return new Result(r.target(), r.resources(), r.fits(), r.usage(), r.overLimit(), log, stat, timing);
    }

    /** The verdict from a captured {@code stat -json} (used by tests without the tools). */
    public static Result fromStat(String statJson, Path log, Path statFile) throws IOException {
        Map<String, Integer> cells = YosysStats.cells(statJson);
        Resources r = XilinxCells.fromCells(cells);
        Target t = Target.XC7S15;
        return new Result(t, r, t.fits(r), t.usage(r), t.overLimit(r), log, statFile, null);
    }
}
