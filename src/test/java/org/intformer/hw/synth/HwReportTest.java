package org.intformer.hw.synth;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HwReportTest {
    private static final HwReport.Verification VERIFIED = new HwReport.Verification("verilator", 500, 0);

    @Test
    @SuppressWarnings("unchecked")
    void xc7Section() throws Exception {
        XilinxSynthesis.Result stat = XilinxSynthesis.fromStat(SynthTestFiles.captured("xc7-small-stat.json"), null, null);
        // logic 4 ns: an estimated 8 ns path, 125 MHz, so the requested 100 MHz holds
        XilinxSynthesis.Result synth = withTiming(stat, Timing.xc7(4.0, "a", "b.D"));
        Map<String, Object> hw = HwReport.xc7(synth, 100, 4, 10_000, 40_000, VERIFIED);
        assertThat(hw).containsKeys("target", "lanes", "clock_mhz", "cycles", "latency_us", "energy_uj", "power_mw",
                "macs", "fits", "resources", "verification").doesNotContainKey("fmax_mhz");
        assertThat(hw.get("target")).isEqualTo("xc7s15");
        assertThat(hw.get("lanes")).isEqualTo(4);
        assertThat(hw.get("clock_mhz")).isEqualTo(100.0);
        assertThat(hw.get("cycles")).isEqualTo(10_000L);
        assertThat(hw.get("latency_us")).isEqualTo(100.0);
        assertThat(hw.get("macs_per_cycle")).isEqualTo(4.0);
        assertThat(hw.get("fits")).isEqualTo(true);
        // By hand from docs/SYNTHESIS.md's coefficients (µW/MHz): 186 LUT × 0.05 + 44 LUT-RAM × 0.10 + 183 FF ×
        // (0.005 + 0.010) + 4 DSP × 3 + 2 RAMB36 × 15 = 58.445 µW/MHz, × 100 MHz = 5.8445 mW, + 35 mW static
        // = 40.8445 mW; for 10,000 cycles at 100 MHz (100 µs): 4.08445 µJ.
        assertThat((double) hw.get("power_mw")).isCloseTo(40.8445, within(1e-4));
        assertThat((double) hw.get("energy_uj")).isCloseTo(4.08445, within(1e-4));
        Map<String, Object> power = (Map<String, Object>) hw.get("power_model");
        assertThat((double) power.get("dynamic_mw")).isCloseTo(5.8445, within(1e-4));
        assertThat(power).containsEntry("static_mw", 35.0).containsEntry("uncertainty", 0.5);
        Map<String, Object> res = (Map<String, Object>) hw.get("resources");
        assertThat(res).containsExactly(Map.entry("lut", 186), Map.entry("ff", 183), Map.entry("dsp", 4),
                Map.entry("bram36", 2), Map.entry("bram18", 0), Map.entry("lutram", 44));
        assertThat((Map<String, Object>) hw.get("verification"))
                .containsExactly(Map.entry("simulator", "verilator"), Map.entry("windows", 500), Map.entry("mismatches", 0L));
    }

    private static XilinxSynthesis.Result withTiming(XilinxSynthesis.Result r, Timing t) {
        return new XilinxSynthesis.Result(r.target(), r.resources(), r.fits(), r.usage(), r.overLimit(), r.log(), r.statJson(), t);
    }

    @Test
    @SuppressWarnings("unchecked")
    void xc7LatencyIsAtTheEstimatedFmaxWhenThatIsLowerAndAbsentWithoutTiming() throws Exception {
        XilinxSynthesis.Result stat = XilinxSynthesis.fromStat(SynthTestFiles.captured("xc7-small-stat.json"), null, null);
        // logic 6 ns: an estimated 12 ns path, 83.3 MHz < the requested 100 MHz
        Map<String, Object> slow = HwReport.xc7(withTiming(stat, Timing.xc7(6.0, "a", "b.D")), 100, 4, 10_000, 40_000, VERIFIED);
        assertThat(slow.get("clock_mhz")).isEqualTo(83.333);
        assertThat(slow.get("requested_clock_mhz")).isEqualTo(100.0);
        assertThat((double) slow.get("latency_us")).isCloseTo(120.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat((Map<String, Object>) slow.get("timing")).containsEntry("critical_path_ns", 12.0).containsEntry("logic_ns", 6.0)
                .containsEntry("estimate", true).containsKeys("method", "fmax_mhz", "start", "end", "note");
        Map<String, Object> none = HwReport.xc7(stat, 100, 4, 10_000, 40_000, VERIFIED);
        assertThat(none).containsEntry("clock_mhz", null).containsEntry("latency_us", null).containsEntry("energy_uj", null)
                .containsEntry("timing", null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void ice40SectionHasFmaxAndIce40Resources() {
        Resources r = Resources.ice40(437, 308, 18, 0, 4);
        Timing timing = new Timing(Timing.NEXTPNR, 1000 / 65.28, 6.1, 65.28, "a", "b.D", false, "");
        Ice40Flow.Result flow = new Ice40Flow.Result(r, 65.28, 48.0, true, Path.of("design.bin"), 104_090, true,
                Target.ICE40UP5K.usage(r), List.of(), 84, null, null, 48.0, timing);
        Map<String, Object> hw = HwReport.ice40(flow, 4, 6528, 20_000, VERIFIED);
        assertThat(hw.get("target")).isEqualTo("ice40up5k");
        assertThat(hw.get("fmax_mhz")).isEqualTo(65.28);
        assertThat(hw.get("clock_mhz")).as("the requested 48 MHz: the design meets it").isEqualTo(48.0);
        assertThat((double) hw.get("latency_us")).isEqualTo(136.0);
        assertThat((Map<String, Object>) hw.get("timing")).containsEntry("fmax_mhz", 65.28).containsEntry("logic_ns", 6.1)
                .containsEntry("start", "a").containsEntry("estimate", false);
        assertThat(((Map<String, Object>) hw.get("resources")).keySet()).containsExactly("lc", "ebr", "spram", "dsp", "ff");
    }

    @Test
    void ice40DesignThatDidNotRouteHasNullTimingFigures() {
        Resources r = Resources.ice40(7000, 6600, 0, 0, 24);
        Ice40Flow.Result flow = new Ice40Flow.Result(r, Double.NaN, 0, false, null, 0, false,
                Target.ICE40UP5K.usage(r), Target.ICE40UP5K.overLimit(r), 0, null, null, 48.0, null);
        Map<String, Object> hw = HwReport.ice40(flow, 24, 1000, 24_000, null);
        assertThat(hw.get("fits")).isEqualTo(false);
        assertThat(hw).containsEntry("fmax_mhz", null).containsEntry("latency_us", null)
                .containsEntry("energy_uj", null).containsEntry("verification", null);
    }
}
