package org.intformer.hw.synth;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole flows on the test designs with the real tools; skipped when they are not installed. The tools are
 * deterministic (yosys 0.23 and nextpnr-ice40 0.4 of Debian 12, nextpnr seed 1) and gave LUT 186 / FF 183 /
 * LUT-RAM 44 on XC7S15 and 561 LC at 65.28 MHz on the UP5K; the ranges below are those figures ±3 % (±5 % for
 * the routed Fmax), room for another release of the tools, not for a lost multiplier lane or ROM (each a change
 * of 10 % or more on this design).
 */
@Tag("slow")
class FlowsSlowTest {

    /** Set -Dintformer.synth.capture=DIR to keep the tool outputs (how the captured resources were made). */
    private static Path keep(Path dir, String name) throws Exception {
        String capture = System.getProperty("intformer.synth.capture");
        if (capture != null) {
            Path to = Path.of(capture, name);
            Files.createDirectories(to);
            try (var files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(p)) {
                        Path t = to.resolve(dir.relativize(p).toString());
                        Files.createDirectories(t.getParent());
                        Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return dir;
    }

    private static void assumeYosys() {
        assumeTrue(Tools.available("yosys"), "yosys not installed");
    }

    private static void assumeIce40Tools() {
        assumeYosys();
        assumeTrue(Tools.available("nextpnr-ice40"), "nextpnr-ice40 not installed");
        assumeTrue(Tools.available("icepack"), "icepack not installed");
    }

    @Test
    void xc7SmallDesignFits(@TempDir Path dir) throws Exception {
        assumeYosys();
        SynthTestFiles.design("small", dir);
        XilinxSynthesis.Result r = XilinxSynthesis.run(dir, SynthTestFiles.SMALL_SOURCES, "intformer_top");
        keep(dir, "xc7-small");
        assertThat(r.fits()).isTrue();
        assertThat(r.overLimit()).isEmpty();
        assertThat(r.resources().dsp()).isEqualTo(4);            // four 8x8 MAC lanes
        assertThat(r.resources().bram36() + r.resources().bram18()).isGreaterThanOrEqualTo(2); // act RAM + ROM
        assertThat(r.resources().lut()).isBetween(180, 192);
        assertThat(r.resources().ff()).isBetween(177, 189);
        assertThat(r.resources().lutram()).isBetween(42, 46);
        assertThat(r.resources().io()).isEqualTo(86);
        assertThat(r.log()).exists();
        assertThat(Files.readString(r.log())).containsIgnoringCase("synth_xilinx");
        // static timing of the netlist: a logic-only arrival, an estimated critical path, registers at both ends
        assertThat(r.timing().estimate()).isTrue();
        assertThat(r.timing().logicNs()).isBetween(0.3, 50.0);
        assertThat(r.timing().criticalPathNs()).isEqualTo(r.timing().logicNs() * (1 + Timing.XC7_ROUTING_FACTOR));
        assertThat(r.timing().fmaxMhz()).isEqualTo(1000 / r.timing().criticalPathNs());
        assertThat(r.timing().start()).isNotEqualTo("?");
        assertThat(r.timing().end()).isNotEqualTo("?");
    }

    @Test
    void xc7BigDesignDoesNotFitTheDsps(@TempDir Path dir) throws Exception {
        assumeYosys();
        SynthTestFiles.design("big", dir);
        XilinxSynthesis.Result r = XilinxSynthesis.run(dir, SynthTestFiles.BIG_SOURCES, "intformer_top");
        keep(dir, "xc7-big");
        assertThat(r.resources().dsp()).isEqualTo(24);
        assertThat(r.fits()).isFalse();
        assertThat(r.overLimit()).anyMatch(s -> s.startsWith("dsp 24/20"));
    }

    @Test
    void ice40SmallDesignPlacesRoutesAndPacks(@TempDir Path dir) throws Exception {
        assumeIce40Tools();
        SynthTestFiles.design("small", dir);
        Ice40Flow.Result r = Ice40Flow.run(dir, SynthTestFiles.SMALL_SOURCES, "intformer_top", 0);
        keep(dir, "ice40-small");
        assertThat(r.fits()).as("%s", r.overLimit()).isTrue();
        assertThat(r.shimBits()).isEqualTo(84);                  // 86 port bits - clk - rst
        assertThat(r.resources().io()).isEqualTo(5);             // clk rst sin sload sout
        assertThat(r.resources().dsp()).isEqualTo(4);
        assertThat(r.resources().ebr()).isGreaterThanOrEqualTo(16); // 2 x 32 Kb = 16 EBR at least
        assertThat(r.resources().lc()).isBetween(544, 578);
        assertThat(r.fmaxMhz()).isBetween(62.0, 68.6);
        assertThat(r.requestedMhz()).isEqualTo(Ice40Flow.DEFAULT_TARGET_MHZ);
        assertThat(r.clockMhz()).isEqualTo(Math.min(Ice40Flow.DEFAULT_TARGET_MHZ, r.fmaxMhz()));
        assertThat(r.timingMet()).isTrue();
        assertThat(r.timing().estimate()).isFalse();
        assertThat(r.timing().fmaxMhz()).isEqualTo(r.fmaxMhz());
        assertThat(r.timing().logicNs()).isBetween(0.5, r.timing().criticalPathNs());
        assertThat(r.timing().start()).isNotBlank();
        assertThat(r.bitstream()).exists();
        assertThat(r.bitstreamBytes()).isEqualTo(104_090L);  // an uncompressed UP5K image is always this size

        // Deterministic: the same seed gives the same Fmax and the same bitstream.
        Ice40Flow.Result again = Ice40Flow.run(dir, SynthTestFiles.SMALL_SOURCES, "intformer_top", 0);
        assertThat(again.fmaxMhz()).isEqualTo(r.fmaxMhz());
        assertThat(again.resources().lc()).isEqualTo(r.resources().lc());
    }

    @Test
    void ice40ChosenClockAboveFmaxIsMissedAndTheDesignRunsAtItsFmax(@TempDir Path dir) throws Exception {
        assumeIce40Tools();
        SynthTestFiles.design("small", dir);
        Ice40Flow.Result r = Ice40Flow.run(dir, SynthTestFiles.SMALL_SOURCES, "intformer_top", 400);
        assertThat(r.timingMet()).isFalse();
        assertThat(r.requestedMhz()).isEqualTo(400);
        assertThat(r.clockMhz()).as("latency is never quoted at a clock the design misses").isEqualTo(r.fmaxMhz()).isLessThan(400);
        assertThat(r.fits()).as("resources decide the fit; the clock decides the latency").isTrue();
    }

    @Test
    void ice40BigDesignDoesNotFit(@TempDir Path dir) throws Exception {
        assumeIce40Tools();
        SynthTestFiles.design("big", dir);
        Ice40Flow.Result r = Ice40Flow.run(dir, SynthTestFiles.BIG_SOURCES, "intformer_top", 0);
        keep(dir, "ice40-big");
        assertThat(r.fits()).isFalse();
        assertThat(r.bitstream()).isNull();
        assertThat(r.fmaxMhz()).isNaN();
        assertThat(r.resources().dsp()).isEqualTo(24);
        assertThat(r.resources().lc()).isGreaterThan(Target.UP5K_LC);
        assertThat(r.overLimit()).anyMatch(s -> s.startsWith("lc ")).anyMatch(s -> s.startsWith("dsp 24/8"));
    }
}
