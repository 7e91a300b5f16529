package org.intformer.board;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.intformer.hw.HwModels;
import org.intformer.hw.synth.Tools;
import org.intformer.integer.IntModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The board command's flow on a small model: pins constrained, PLL as requested, routed, a bitstream and a report. */
class BoardBuildTest {
    @TempDir
    Path tmp;

    @Test
    void pcfHasEveryPortOfTheTop() {
        String icebreaker = BoardTop.pcf(BoardTop.Settings.simulation(Board.load("icebreaker"), 8));
        assertThat(icebreaker).contains("set_io CLK 35", "set_io RX 6", "set_io TX 9", "set_io BTN_N 10",
                "set_io LED_BUSY 37", "set_io LED_ERROR 11");
        String upduino = BoardTop.pcf(BoardTop.Settings.simulation(Board.load("upduino3"), 8));
        assertThat(upduino).contains("set_io CLK 20", "set_io RX 15", "set_io TX 14", "set_io HIGH0 16",
                "set_io LED_BUSY 39", "set_io LED_ERROR 41").doesNotContain("BTN_N");
    }

    @Test
    void theIcebreakersFlashIsDataAndOnlyBoardsWithOneReadWeightsFromIt() {
        Board ib = Board.load("icebreaker");
        assertThat(ib.spiFlash()).isEqualTo(new Board.SpiFlash(15, 16, 14, 17, 1 << 20, ib.spiFlash().commands()));
        assertThat(ib.spiFlash().commands(Path.of("d/weights.bin")))
                .containsExactly("iceprog -o 1048576 d/weights.bin", "openFPGALoader -b icebreaker -f -o 1048576 d/weights.bin");
        String pcf = BoardTop.pcf(BoardTop.Settings.simulation(ib, 8).withWeightsFromFlash());
        assertThat(pcf).contains("set_io FLASH_SCK 15", "set_io FLASH_SSB 16", "set_io FLASH_MOSI 14", "set_io FLASH_MISO 17");
        assertThat(BoardTop.pcf(BoardTop.Settings.simulation(ib, 8))).doesNotContain("FLASH");
        Board up = Board.load("upduino3");
        assertThat(up.spiFlash()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BoardTop.Settings.simulation(up, 8).withWeightsFromFlash())
                .isInstanceOf(org.intformer.UserError.class).hasMessageContaining("no SPI flash");
    }

    @Test
    void weightsFromTheFlashNeedTheWeightsInSpram() {
        IntModel m = HwModels.single("linear", 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BoardBuild.run(m, Board.load("icebreaker"), 1,
                        org.intformer.hw.WeightMemory.BRAM, true, 12, 115_200, tmp.resolve("x")))
                .isInstanceOf(org.intformer.UserError.class).hasMessageContaining("--weights spram");
    }

    @Test
    void autoLanesStepDownUntilPlacementFitsAndTheReportListsTheTries() {
        java.util.List<Integer> built = new java.util.ArrayList<>();
        java.util.List<java.util.List<Map<String, Object>>> seen = new java.util.ArrayList<>();
        BoardBuild.Result r = BoardBuild.firstThatFits(8, (p, tried) -> {
            built.add(p);
            seen.add(tried);
            return fakeBuild(p, p <= 4);
        });
        assertThat(built).containsExactly(8, 4);
        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).containsExactly(Map.of("lanes", 8, "fits", false, "over_limit", java.util.List.of("lc 8")));
        assertThat(((Map<?, ?>) r.report().get("board")).get("lanes")).isEqualTo(4);
    }

    @Test
    void autoLanesStopAtOneLaneWhenNothingFits() {
        java.util.List<Integer> built = new java.util.ArrayList<>();
        BoardBuild.Result r = BoardBuild.firstThatFits(12, (p, tried) -> {
            built.add(p);
            return fakeBuild(p, false);
        });
        assertThat(built).containsExactly(12, 8, 4, 2, 1);
        assertThat(((Map<?, ?>) r.report().get("board")).get("fits")).isEqualTo(false);
    }

    @Test
    void aFittingFirstChoiceIsBuiltOnce() {
        java.util.List<Integer> built = new java.util.ArrayList<>();
        BoardBuild.firstThatFits(16, (p, tried) -> {
            built.add(p);
            return fakeBuild(p, true);
        });
        assertThat(built).containsExactly(16);
    }

    @Test
    void theAutoClockRebuildsBelowTheRoutedFmaxUntilTimingIsMet() {
        java.util.List<Double> clocks = new java.util.ArrayList<>();
        BoardBuild.Result r = BoardBuild.meetTiming(timed(30, 29.78), 12, (mhz, tried) -> {
            clocks.add(mhz);
            assertThat(tried).hasSize(clocks.size());
            return timed(mhz, clocks.size() == 1 ? 28.0 : 31.0);
        });
        assertThat(clocks).hasSize(2);
        assertThat(clocks.get(0)).isLessThanOrEqualTo(0.97 * 29.78).isGreaterThan(0.95 * 29.78);
        assertThat(clocks.get(1)).isLessThanOrEqualTo(0.97 * 28.0);
        assertThat(((Map<?, ?>) r.report().get("board")).get("timing_met")).isEqualTo(true);
    }

    @Test
    void theAutoClockStopsAfterItsRetriesAndLeavesMetOrMisfitBuildsAlone() {
        int[] builds = {0};
        BoardBuild.ClockBuild neverMet = (mhz, tried) -> {
            builds[0]++;
            return timed(mhz, mhz - 1);
        };
        BoardBuild.Result r = BoardBuild.meetTiming(timed(30, 29), 12, neverMet);
        assertThat(builds[0]).isEqualTo(2);
        assertThat(((Map<?, ?>) r.report().get("board")).get("timing_met")).isEqualTo(false);
        builds[0] = 0;
        BoardBuild.meetTiming(timed(30, 35), 12, neverMet);
        BoardBuild.meetTiming(fakeBuild(4, false), 12, neverMet);
        assertThat(builds[0]).isZero();
    }

    private static BoardBuild.Result timed(double clock, double fmax) {
        Map<String, Object> board = Map.of("lanes", 4, "fits", true, "clock_mhz", clock, "fmax_mhz", fmax, "timing_met", fmax >= clock);
        return new BoardBuild.Result(Map.of("board", board), null, null, java.util.List.of());
    }

    /** Skips the test unless yosys, nextpnr-ice40 and icepack (as the environment names them) are installed. */
    private static void assumeIce40Tools() {
        Tools tools = Tools.fromEnvironment();
        assumeTrue(Tools.available(tools.yosys()) && Tools.available(tools.nextpnrIce40()) && Tools.available(tools.icepack()),
                "iCE40 tools missing");
    }

    private static BoardBuild.Result fakeBuild(int lanes, boolean fits) {
        Map<String, Object> board = Map.of("lanes", lanes, "fits", fits, "over_limit", fits ? java.util.List.of() : java.util.List.of("lc " + lanes));
        return new BoardBuild.Result(Map.of("board", board), null, null, java.util.List.of());
    }

    @Test
    @Tag("slow")
    @SuppressWarnings("unchecked")
    void smallModelRoutesOnBothBoardsWithItsPinsAndClock() {
        assumeIce40Tools();
        IntModel m = HwModels.single("linear", 1);
        for (String name : new String[] {"icebreaker", "upduino3"}) {
            Path out = tmp.resolve(name);
            BoardBuild.Result r = BoardBuild.run(m, Board.load(name), 4, 24, 115_200, out);
            Map<String, Object> b = (Map<String, Object>) r.report().get("board");
            assertThat(b.get("fits")).as(name + " " + b.get("over_limit") + " " + b.get("resources")).isEqualTo(true);
            assertThat((Double) b.get("fmax_mhz")).as(name).isGreaterThanOrEqualTo(24.0);
            assertThat(b.get("timing_met")).isEqualTo(true);
            assertThat(b.get("clock_mhz")).isEqualTo(24.0);
            assertThat(Files.isRegularFile(out.resolve(BoardBuild.BITSTREAM))).isTrue();
            assertThat(Files.isRegularFile(out.resolve(BoardBuild.REPORT))).isTrue();
            assertThat(r.flashCommand()).startsWith("iceprog ").endsWith(BoardBuild.BITSTREAM);
            // every port is placed on its PCF pin (nextpnr runs without --pcf-allow-unconstrained)
            assertThat(out.resolve("rtl/synth/ice40/nextpnr.log")).content().contains("constrained 'CLK'", "constrained 'RX'",
                    "constrained 'TX'", "constrained 'LED_BUSY'", "constrained 'LED_ERROR'");
        }
    }

    @Test
    @Tag("slow")
    @SuppressWarnings("unchecked")
    void autoLanesAndTheAutoClockReportHowTheyWereChosenAndMeetTiming() {
        assumeIce40Tools();
        IntModel m = HwModels.single("linear", 1);
        BoardBuild.Result r = BoardBuild.run(m, Board.load("icebreaker"), 0, org.intformer.hw.WeightMemory.AUTO, false,
                BoardBuild.AUTO_CLOCK, 115_200, tmp.resolve("auto"));
        Map<String, Object> b = (Map<String, Object>) r.report().get("board");
        assertThat(b.get("fits")).isEqualTo(true);
        assertThat(b.get("timing_met")).isEqualTo(true);
        assertThat((Double) b.get("fmax_mhz")).isGreaterThanOrEqualTo((Double) b.get("clock_mhz"));
        assertThat(((Map<String, Object>) b.get("lanes_search"))).containsKeys("chosen_by", "tried");
        assertThat(((Map<String, Object>) b.get("clock_search"))).containsKeys("chosen_by", "tried");
        assertThat(r.bitstream()).isRegularFile();
    }

    @Test
    @Tag("slow")
    @SuppressWarnings("unchecked")
    void weightsInSpramGoThroughTheFlowIntoAnSpram() {
        assumeIce40Tools();
        IntModel m = HwModels.single("linear", 1);
        Path out = tmp.resolve("spram");
        BoardBuild.Result r = BoardBuild.run(m, Board.load("icebreaker"), 4, org.intformer.hw.WeightMemory.SPRAM, 24, 115_200, out);
        Map<String, Object> b = (Map<String, Object>) r.report().get("board");
        assertThat(b.get("fits")).as(b.get("over_limit") + " " + b.get("resources")).isEqualTo(true);
        assertThat(b.get("timing_met")).isEqualTo(true);
        assertThat(b.get("weights")).isEqualTo("spram");
        Map<String, Object> load = (Map<String, Object>) b.get("weight_load");
        // lanes x weight bits wide, 16 bits per SPRAM: placed SPRAMs include the weights' ones
        int sprams = ((Number) load.get("sprams")).intValue();
        assertThat(sprams).isEqualTo((((Number) load.get("word_bits")).intValue() + 15) / 16);
        assertThat(((Number) ((Map<String, Object>) b.get("resources")).get("spram")).intValue()).isGreaterThanOrEqualTo(sprams);
        // yosys put the weight memory into an SPRAM, not block RAM
        assertThat(out.resolve("rtl/synth/ice40/yosys.log")).content().contains("mapping memory intformer_board.core.wrom via $__ICE40_SPRAM_");
        assertThat(Files.isRegularFile(out.resolve(BoardBuild.BITSTREAM))).isTrue();
    }
}
