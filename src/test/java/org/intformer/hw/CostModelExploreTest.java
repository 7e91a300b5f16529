package org.intformer.hw;

import org.intformer.hw.synth.Target;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.intformer.hw.synth.Resources;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CostModel} on real designs: nine Pareto points of a design-space exploration on ETTh1 (their integer
 * models in {@code src/test/resources/cost/explore/ID.iqm}, yosys 0.23 {@code synth_xilinx -family xc7} counts
 * in {@code xc7s15_explore.csv}). Their weight, bias and multiplier ROMs are where the block RAM rules matter
 * (24 lanes × 6 bits = 144-bit words over several 512-word rows; multiplier ROMs whose constant columns
 * {@code opt_mem} drops). Block RAM and DSP must be exact; LUTs, FFs and LUT RAM within the fit's tolerance.
 */
class CostModelExploreTest {
    static final String EXPLORE = "/cost/xc7s15_explore.csv";

    record Row(String id, int lanes, Resources actual) {
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = CostModelExploreTest.class.getResourceAsStream(EXPLORE)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("id")) {
                    continue;
                }
                String[] c = line.trim().split(",");
                int[] n = new int[7];
                for (int i = 0; i < 7; i++) {
                    n[i] = Integer.parseInt(c[3 + i]);
                }
                rows.add(new Row(c[0], Integer.parseInt(c[1]),
                        new Resources(n[0], n[1], n[2], n[3], n[4], n[5], n[6], 0, 0, 0, 0, 0, 0, null)));
            }
        }
        return rows;
    }

    static IntModel model(String id, Path dir) throws IOException {
        Path f = dir.resolve(id + ".iqm");
        try (InputStream in = CostModelExploreTest.class.getResourceAsStream("/cost/explore/" + id + ".iqm")) {
            Files.write(f, in.readAllBytes());
        }
        return IntModelFile.read(f);
    }

    static Resources estimate(Row r, Path dir) throws IOException {
        return CostModel.estimate(model(r.id(), dir), new HwOptions(r.lanes(), Target.XC7S15)).resources();
    }

    @Test
    void blockRamIsExactAndLogicWithinTolerance(@TempDir Path dir) throws IOException {
        for (Row r : rows()) {
            Resources e = estimate(r, dir);
            Resources a = r.actual();
            String what = String.format(Locale.ROOT, "%s: estimate %s vs yosys %s", r.id(), e, a);
            assertThat(new int[] {e.bram36(), e.bram18(), e.dsp()}).as("BRAM36, BRAM18, DSP " + what)
                    .containsExactly(a.bram36(), a.bram18(), a.dsp());
            assertThat((double) Math.abs(e.lut() - a.lut())).as("LUT " + what)
                    .isLessThanOrEqualTo(CostModelFitTest.LUT_TOLERANCE * a.lut());
            assertThat((double) Math.abs(e.ff() - a.ff())).as("FF " + what)
                    .isLessThanOrEqualTo(CostModelFitTest.FF_TOLERANCE * a.ff());
            assertThat((double) Math.abs(e.lutram() - a.lutram())).as("LUT RAM " + what)
                    .isLessThanOrEqualTo(CostModelFitTest.TOLERANCE * a.lutram());
        }
    }

    /** Per-design estimate vs yosys: {@code CostModelExploreTest [refit]} (refit: with the calibration set's fit). */
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("refit")) {
            CostModelFitTest.Fitted f = CostModelFitTest.refit(CostFixture.load(CostFixture.CALIBRATION));
            System.arraycopy(f.lut(), 0, CostModel.XC7_LUT, 0, f.lut().length);
            System.arraycopy(f.ff(), 0, CostModel.XC7_FF, 0, f.ff().length);
        }
        Path dir = Files.createTempDirectory("explore");
        for (Row r : rows()) {
            Resources e = estimate(r, dir);
            Resources a = r.actual();
            System.out.printf(Locale.ROOT, "%s lanes %d  bram %d+%d/%d+%d  lut %d/%d (%+.1f%%)  ff %d/%d (%+.1f%%)  lutram %d/%d%n",
                    r.id(), r.lanes(), e.bram36(), e.bram18(), a.bram36(), a.bram18(), e.lut(), a.lut(),
                    100.0 * (e.lut() - a.lut()) / a.lut(), e.ff(), a.ff(), 100.0 * (e.ff() - a.ff()) / a.ff(), e.lutram(), a.lutram());
        }
    }
}
