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
 * The committed yosys measurements ({@code src/test/resources/cost/xc7s15_*.csv}, written by
 * {@link CostCalibration}): per row the design's shape and yosys 0.23 {@code synth_xilinx} counts.
 */
final class CostFixture {
    static final String CALIBRATION = "/cost/xc7s15_calibration.csv";
    static final String HELD_OUT = "/cost/xc7s15_heldout.csv";

    record Row(CostDesigns.Shape shape, double seconds, Resources actual) {
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

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("seed")) {
                continue;
            }
            String[] c = line.trim().split(",");
            int[] n = new int[7];
            for (int i = 0; i < 7; i++) {
                n[i] = Integer.parseInt(c[13 + i]);
            }
            Resources r = new Resources(n[0], n[1], n[2], n[3], n[4], n[5], n[6], 0, 0, 0, 0, 0, 0, null);
            rows.add(new Row(CostDesigns.Shape.parse(c), Double.parseDouble(c[12]), r));
        }
        return rows;
    }

    /** Prints every row's features next to its counts (for fitting by hand): {@code CostFixture FILE.csv...}. */
    public static void main(String[] args) throws IOException {
        for (String f : args) {
            for (Row r : load(Path.of(f))) {
                CostFeatures x = CostFeatures.of(Design.of(CostDesigns.model(r.shape()), r.shape().options()));
                Resources a = r.actual();
                System.out.println(r.shape().seed() + "," + a.lut() + "," + a.ff() + "," + a.dsp() + "," + a.bram36() + ","
                        + a.bram18() + "," + (a.lutram() + a.srl()) + "," + x.csv());
            }
        }
    }
}
