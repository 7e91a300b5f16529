package org.intformer.hw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.intformer.hw.synth.Ice40Flow;
import org.intformer.hw.synth.Resources;
import org.intformer.hw.synth.Target;
import org.intformer.hw.synth.XilinxSynthesis;

/**
 * Collects calibration rows for {@link CostModel}: generates each design of {@link CostDesigns} and appends its shape
 * and measured counts to a CSV. XC7S15: yosys {@code synth_xilinx}, columns {@code seconds, lut, ff, dsp, bram36,
 * bram18, lutram, srl}. iCE40 UP5K: yosys {@code synth_ice40} + nextpnr-ice40 placed and routed at 48 MHz, columns
 * {@code seconds, lc, ff, ebr, spram, mac16, fmax_mhz}. Run by hand (minutes per design):
 * {@code java -cp target/classes:target/test-classes:DEPS org.intformer.hw.CostCalibration OUT.csv FIRST_SEED N [xc7s15|ice40up5k]}.
 */
public final class CostCalibration {
    static final String COUNTS_HEADER = "seconds,lut,ff,dsp,bram36,bram18,lutram,srl";
    static final String ICE40_HEADER = "seconds,lc,ff,ebr,spram,mac16,fmax_mhz";

    private CostCalibration() {
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("explore")) {
            explore(Path.of(args[1]));
            return;
        }
        Path csv = Path.of(args[0]);
        Target target = args.length > 3 ? Target.parse(args[3]) : Target.XC7S15;
        boolean xc7 = target == Target.XC7S15;
        List<CostDesigns.Shape> shapes = CostDesigns.random(Long.parseLong(args[1]), Integer.parseInt(args[2]), target);
        if (!Files.exists(csv)) {
            Files.writeString(csv, CostDesigns.Shape.CSV_HEADER + "," + (xc7 ? COUNTS_HEADER : ICE40_HEADER) + "\n");
        }
        Path work = Files.createTempDirectory("cost-cal");
        for (CostDesigns.Shape s : shapes) {
            Path dir = work.resolve("s" + s.seed());
            GeneratedDesign d = VerilogGenerator.generate(CostDesigns.model(s), s.options(target), dir);
            long t0 = System.nanoTime();
            String counts;
            if (xc7) {
                Resources r = XilinxSynthesis.run(dir, List.of(VerilogGenerator.SOURCE), d.top()).resources();
                counts = String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d", r.lut(), r.ff(), r.dsp(), r.bram36(), r.bram18(),
                        r.lutram(), r.srl());
            } else {
                Ice40Flow.Result f = Ice40Flow.run(dir, List.of(VerilogGenerator.SOURCE), d.top(), Ice40Flow.DEFAULT_TARGET_MHZ);
                Resources r = f.resources();
                counts = String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.1f", r.lc(), r.ff(), r.ebr(), r.spram(), r.dsp(),
                        f.fmaxMhz());
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            // record the lanes the design got (auto resolves them), so the row rebuilds the same design
            CostDesigns.Shape used = new CostDesigns.Shape(s.seed(), s.lookback(), s.patch(), s.d(), s.heads(), s.layers(), s.ffn(),
                    s.head(), s.aBits(), s.wBits(), s.horizon(), d.lanes());
            String row = used.csv() + String.format(Locale.ROOT, ",%.1f,", sec) + counts;
            Files.writeString(csv, row + "\n", StandardOpenOption.APPEND);
            System.out.println(row);
        }
    }

    /**
     * Re-measures the exploration's real designs ({@code CostModelExploreTest}'s ids and lanes, models in
     * {@code cost/explore/ID.iqm}) with yosys into {@code OUT.csv}: {@code CostCalibration explore OUT.csv}.
     */
    static void explore(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            Files.writeString(csv, "id,lanes," + COUNTS_HEADER + "\n");
        }
        Path work = Files.createTempDirectory("cost-explore");
        for (CostModelExploreTest.Row r : CostModelExploreTest.rows()) {
            Path dir = work.resolve(r.id());
            GeneratedDesign d = VerilogGenerator.generate(CostModelExploreTest.model(r.id(), work), new HwOptions(r.lanes(),
                    Target.XC7S15), dir);
            long t0 = System.nanoTime();
            Resources x = XilinxSynthesis.run(dir, List.of(VerilogGenerator.SOURCE), d.top()).resources();
            String row = String.format(Locale.ROOT, "%s,%d,%.1f,%d,%d,%d,%d,%d,%d,%d", r.id(), r.lanes(), (System.nanoTime() - t0) / 1e9,
                    x.lut(), x.ff(), x.dsp(), x.bram36(), x.bram18(), x.lutram(), x.srl());
            Files.writeString(csv, row + "\n", StandardOpenOption.APPEND);
            System.out.println(row);
        }
    }
}
