package org.intformer.hw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.intformer.hw.synth.Resources;
import org.intformer.hw.synth.XilinxSynthesis;

/**
 * Collects calibration rows for {@link CostModel}: generates each design of {@link CostDesigns}, synthesises
 * it with yosys {@code synth_xilinx} and appends {@code shape, seconds, lut, ff, dsp, bram36, bram18, lutram,
 * srl} to a CSV. Run by hand (minutes per design):
 * {@code java -cp target/classes:target/test-classes:DEPS org.intformer.hw.CostCalibration OUT.csv FIRST_SEED N}.
 */
public final class CostCalibration {
    static final String COUNTS_HEADER = "seconds,lut,ff,dsp,bram36,bram18,lutram,srl";

    private CostCalibration() {
    }

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args[0]);
        List<CostDesigns.Shape> shapes = CostDesigns.random(Long.parseLong(args[1]), Integer.parseInt(args[2]));
        if (!Files.exists(csv)) {
            Files.writeString(csv, CostDesigns.Shape.CSV_HEADER + "," + COUNTS_HEADER + "\n");
        }
        Path work = Files.createTempDirectory("cost-cal");
        for (CostDesigns.Shape s : shapes) {
            Path dir = work.resolve("s" + s.seed());
            GeneratedDesign d = VerilogGenerator.generate(CostDesigns.model(s), s.options(), dir);
            long t0 = System.nanoTime();
            Resources r = XilinxSynthesis.run(dir, List.of(VerilogGenerator.SOURCE), d.top()).resources();
            double sec = (System.nanoTime() - t0) / 1e9;
            // record the lanes the design got (auto resolves them), so the row rebuilds the same design
            CostDesigns.Shape used = new CostDesigns.Shape(s.seed(), s.lookback(), s.patch(), s.d(), s.heads(), s.layers(), s.ffn(),
                    s.head(), s.aBits(), s.wBits(), s.horizon(), d.lanes());
            String row = used.csv() + String.format(Locale.ROOT, ",%.1f,%d,%d,%d,%d,%d,%d,%d", sec, r.lut(), r.ff(), r.dsp(),
                    r.bram36(), r.bram18(), r.lutram(), r.srl());
            Files.writeString(csv, row + "\n", StandardOpenOption.APPEND);
            System.out.println(row);
        }
    }
}
