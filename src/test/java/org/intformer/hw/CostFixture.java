package org.intformer.hw;

import org.intformer.hw.synth.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.intformer.hw.synth.Resources;

/**
 * The committed measurements ({@code src/test/resources/cost/xc7s15_*.csv}: yosys 0.23 {@code synth_xilinx} counts;
 * {@code ice40up5k_*.csv}: yosys {@code synth_ice40} + nextpnr-ice40 counts), written by {@link CostCalibration}: per row
 * the design's shape and its counts.
 */
final class CostFixture {
    static final String CALIBRATION = "/cost/xc7s15_calibration.csv";
    static final String HELD_OUT = "/cost/xc7s15_heldout.csv";
    static final String ICE40_CALIBRATION = "/cost/ice40up5k_calibration.csv";
    static final String ICE40_HELD_OUT = "/cost/ice40up5k_heldout.csv";

    /** One measured design: its shape, the tool's run time, its counts, and the device (from the CSV's header). */
    record Row(CostDesigns.Shape shape, double seconds, Resources actual, Target target) {
        Design design() {
            return Design.of(CostDesigns.model(shape), shape.options(target));
        }
    }

    private CostFixture() {
    }

    static List<Row> load(String resource) throws IOException {
        try (InputStream in = CostFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static List<Row> load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Rows of a {@link CostCalibration} CSV: XC7S15 counts, or iCE40 counts when the header names {@code lc}. */
    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        boolean ice40 = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("seed")) {
                ice40 = line.contains(",lc,");
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.trim().split(",");
            Resources r;
            if (ice40) {
                r = Resources.ice40(Integer.parseInt(c[13]), Integer.parseInt(c[14]), Integer.parseInt(c[15]),
                        Integer.parseInt(c[16]), Integer.parseInt(c[17]));
            } else {
                int[] n = new int[7];
                for (int i = 0; i < 7; i++) {
                    n[i] = Integer.parseInt(c[13 + i]);
                }
                r = new Resources(n[0], n[1], n[2], n[3], n[4], n[5], n[6], 0, 0, 0, 0, 0, 0, null);
            }
            rows.add(new Row(CostDesigns.Shape.parse(c), Double.parseDouble(c[12]), r, ice40 ? Target.ICE40UP5K : Target.XC7S15));
        }
        return rows;
    }

    /** Prints every row's features next to its counts (for fitting by hand): {@code CostFixture FILE.csv...}. */
    public static void main(String[] args) throws IOException {
        for (String f : args) {
            for (Row r : load(Path.of(f))) {
                CostFeatures x = CostFeatures.of(r.design());
                Resources a = r.actual();
                System.out.println(r.shape().seed() + "," + a.lut() + "," + a.lc() + "," + a.ff() + "," + a.dsp() + "," + a.bram36()
                        + "," + a.bram18() + "," + a.ebr() + "," + (a.lutram() + a.srl()) + "," + x.csv());
            }
        }
    }
}
