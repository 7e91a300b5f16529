package org.intformer.hw.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PowerModelTest {
    private static final Resources XC7 = Resources.xc7(2000, 3000, 8, 4, 2, 100);
    private static final Resources UP5K = Resources.ice40(2000, 1500, 20, 2, 8);

    @Test
    void arithmeticXc7() {
        PowerModel.PowerEstimate p = PowerModel.estimate(Target.XC7S15, XC7, 100, 10_000);
        // µW/MHz × count: lut 0.05×2000=100, lutram 0.1×100=10, ff (0.005+0.010)×3000=45, dsp 3×8=24,
        // bram 15×4 + 8×2 = 76 → 255 µW/MHz × 100 MHz = 25.5 mW
        assertThat(p.dynamicMw()).isCloseTo(25.5, within(1e-9));
        assertThat(p.staticMw()).isEqualTo(35.0);
        assertThat(p.powerMw()).isCloseTo(60.5, within(1e-9));
        assertThat(p.latencyUs()).isCloseTo(100.0, within(1e-12));      // 10,000 cycles at 100 MHz
        assertThat(p.energyUj()).isCloseTo(60.5 * 100e-6 * 1e3, within(1e-9)); // mW × s → mJ; ×1000 → µJ
        assertThat(p.breakdownMw()).containsKeys("static", "lut", "lutram", "ff", "clock", "dsp", "bram");
        double sum = p.breakdownMw().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(p.powerMw(), within(1e-9));
    }

    @Test
    void arithmeticUp5k() {
        PowerModel.PowerEstimate p = PowerModel.estimate(Target.ICE40UP5K, UP5K, 24, 48_000);
        // lc 0.02×2000=40, ff 0.006×1500=9, dsp 1×8=8, ebr 0.6×20=12, spram 3×2=6 → 75 µW/MHz × 24 = 1.8 mW
        assertThat(p.dynamicMw()).isCloseTo(1.8, within(1e-9));
        assertThat(p.powerMw()).isCloseTo(1.9, within(1e-9));
        assertThat(p.latencyUs()).isCloseTo(2000, within(1e-9));
        assertThat(p.energyUj()).isCloseTo(1.9 * 2000 / 1000, within(1e-9));
    }

    @Test
    void monotoneInEveryResourceClockAndCycles() {
        double base = PowerModel.estimate(Target.XC7S15, XC7, 100, 1000).energyUj();
        Resources[] more = {Resources.xc7(2001, 3000, 8, 4, 2, 100), Resources.xc7(2000, 3001, 8, 4, 2, 100),
                Resources.xc7(2000, 3000, 9, 4, 2, 100), Resources.xc7(2000, 3000, 8, 5, 2, 100),
                Resources.xc7(2000, 3000, 8, 4, 3, 100), Resources.xc7(2000, 3000, 8, 4, 2, 101)};
        for (Resources r : more) {
            assertThat(PowerModel.estimate(Target.XC7S15, r, 100, 1000).energyUj()).isGreaterThan(base);
        }
        assertThat(PowerModel.estimate(Target.XC7S15, XC7, 100, 1001).energyUj()).isGreaterThan(base);
        assertThat(PowerModel.estimate(Target.XC7S15, XC7, 120, 1000).powerMw())
                .isGreaterThan(PowerModel.estimate(Target.XC7S15, XC7, 100, 1000).powerMw());
        // a faster clock at the same cycle count spends less static energy: energy per inference drops
        assertThat(PowerModel.estimate(Target.XC7S15, XC7, 200, 1000).energyUj()).isLessThan(base);
        assertThat(PowerModel.estimate(Target.XC7S15, XC7, 100, 1000, 0.25).powerMw())
                .isGreaterThan(PowerModel.estimate(Target.XC7S15, XC7, 100, 1000).powerMw());
        double up = PowerModel.estimate(Target.ICE40UP5K, UP5K, 24, 1000).powerMw();
        for (Resources r : new Resources[]{Resources.ice40(2001, 1500, 20, 2, 8), Resources.ice40(2000, 1501, 20, 2, 8),
                Resources.ice40(2000, 1500, 21, 2, 8), Resources.ice40(2000, 1500, 20, 3, 8),
                Resources.ice40(2000, 1500, 20, 2, 9)}) {
            assertThat(PowerModel.estimate(Target.ICE40UP5K, r, 24, 1000).powerMw()).isGreaterThan(up);
        }
    }

    @Test
    void emptyDesignIsStaticPowerOnly() {
        PowerModel.PowerEstimate p = PowerModel.estimate(Target.ICE40UP5K, Resources.ice40(0, 0, 0, 0, 0), 12, 0);
        assertThat(p.powerMw()).isEqualTo(0.1);
        assertThat(p.energyUj()).isZero();
    }

    /**
     * The coefficients the model uses are the ones docs/SYNTHESIS.md states and justifies, row by row (reports cite
     * that page as the source of every power figure).
     */
    @Test
    void theDocumentedCoefficientsAreTheOnesTheModelUses() throws Exception {
        String doc = Files.readString(Path.of("docs/SYNTHESIS.md"));
        String xc7 = section(doc, "### XC7S15");
        PowerModel.Coefficients x = PowerModel.XC7S15;
        assertThat(documented(xc7, "static")).containsExactly(x.staticMw());
        assertThat(documented(xc7, "LUT (logic)")).containsExactly(x.lut());
        assertThat(documented(xc7, "LUT as RAM / SRL")).containsExactly(x.lutram());
        assertThat(documented(xc7, "FF data")).containsExactly(x.ff());
        assertThat(documented(xc7, "FF clock")).containsExactly(x.ffClock());
        assertThat(documented(xc7, "DSP48E1")).containsExactly(x.dsp());
        assertThat(documented(xc7, "RAMB36E1")).containsExactly(x.bram36());
        assertThat(documented(xc7, "RAMB18E1")).containsExactly(x.bram18());
        String up5k = section(doc, "### iCE40 UP5K");
        PowerModel.Coefficients u = PowerModel.UP5K;
        assertThat(documented(up5k, "static")).containsExactly(u.staticMw());
        assertThat(documented(up5k, "logic cell")).containsExactly(u.lc());
        assertThat(documented(up5k, "FF data / clock")).containsExactly(u.ff(), u.ffClock());
        assertThat(documented(up5k, "SB_MAC16")).containsExactly(u.dsp());
        assertThat(documented(up5k, "EBR (4 Kb)")).containsExactly(u.ebr());
        assertThat(documented(up5k, "SPRAM (256 Kb)")).containsExactly(u.spram());
        assertThat(doc).contains("`PowerModel.UNCERTAINTY = " + PowerModel.UNCERTAINTY + "`");
    }

    private static String section(String doc, String heading) {
        int start = doc.indexOf(heading);
        assertThat(start).as(heading).isNotNegative();
        int end = doc.indexOf("\n#", start + heading.length());
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    /** The numbers of the value column of the table row whose first column is {@code term}. */
    private static List<Double> documented(String section, String term) {
        for (String line : section.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 2 && cells[1].strip().equals(term)) {
                List<Double> numbers = new ArrayList<>();
                Matcher m = Pattern.compile("[0-9]+(\\.[0-9]+)?").matcher(cells[2]);
                while (m.find()) {
                    numbers.add(Double.parseDouble(m.group()));
                }
                return numbers;
            }
        }
        throw new AssertionError("no row '" + term + "' in " + section);
    }

    @Test
    void badArgumentsAreUserErrors() {
        assertThatThrownBy(() -> PowerModel.estimate(Target.XC7S15, XC7, 0, 10)).isInstanceOf(UserError.class)
                .hasMessageContaining("clock");
        assertThatThrownBy(() -> PowerModel.estimate(Target.XC7S15, XC7, Double.NaN, 10)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> PowerModel.estimate(Target.XC7S15, XC7, 100, -1)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> PowerModel.estimate(Target.XC7S15, XC7, 100, 1, 0)).isInstanceOf(UserError.class);
    }
}
