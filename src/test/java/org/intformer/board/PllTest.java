package org.intformer.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** PLL settings against icestorm's icepll, the tool that defines them. */
class PllTest {

    @ParameterizedTest
    @ValueSource(doubles = {16, 20, 24, 25, 30, 32, 33.3, 36, 40, 42, 45, 48, 50, 54, 60, 64, 72, 80, 100, 120, 133, 200})
    void matchesIcepll(double mhz) throws Exception {
        Map<String, String> ref = icepll(12, mhz);
        Pll p = Pll.solve(12, mhz);
        assertThat(p.divr()).isEqualTo(Integer.parseInt(ref.get("DIVR")));
        assertThat(p.divf()).isEqualTo(Integer.parseInt(ref.get("DIVF")));
        assertThat(p.divq()).isEqualTo(Integer.parseInt(ref.get("DIVQ")));
        assertThat(p.filterRange()).isEqualTo(Integer.parseInt(ref.get("FILTER_RANGE")));
        assertThat(p.outputMhz()).isCloseTo(Double.parseDouble(ref.get("achieved")), org.assertj.core.data.Offset.offset(0.0005));
    }

    @Test
    void knownSetting() {
        Pll p = Pll.solve(12, 48);
        assertThat(p).extracting(Pll::divr, Pll::divf, Pll::divq, Pll::filterRange).containsExactly(0, 63, 4, 1);
        assertThat(p.outputMhz()).isEqualTo(48.0);
    }

    @Test
    void outOfRangeIsAUserError() {
        assertThatThrownBy(() -> Pll.solve(12, 5)).isInstanceOf(UserError.class).hasMessageContaining("16-275");
    }

    static Map<String, String> icepll(double in, double out) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("icepll", "-i", Double.toString(in), "-o", Double.toString(out))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "icepll is not installed");
            throw e;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<String, String> m = new HashMap<>();
        Matcher k = Pattern.compile("(?m)^(DIVR|DIVF|DIVQ|FILTER_RANGE):\\s*(\\d+)").matcher(text);
        while (k.find()) {
            m.put(k.group(1), k.group(2));
        }
        Matcher a = Pattern.compile("F_PLLOUT:\\s*([0-9.]+) MHz \\(achieved\\)").matcher(text);
        assertThat(a.find()).as(text).isTrue();
        m.put("achieved", a.group(1));
        return m;
    }

    @Test
    void atMostNeverExceedsItsLimitAndIsTheClosestSettingBelowIt() {
        for (double limit : new double[] {16.2, 24.0, 28.87, 29.2, 31.7}) {
            Pll p = Pll.atMost(12, limit);
            assertThat(p.outputMhz()).as("limit " + limit).isLessThanOrEqualTo(limit);
            // brute force over every request on a fine grid: no setting at or below the limit is closer to it
            for (double r = Pll.MIN_OUT_MHZ; r <= limit; r += 0.01) {
                double out = Pll.solve(12, r).outputMhz();
                if (out <= limit) {
                    assertThat(out).as("limit " + limit + ", request " + r).isLessThanOrEqualTo(p.outputMhz());
                }
            }
        }
    }
}
