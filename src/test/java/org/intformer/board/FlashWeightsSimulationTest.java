package org.intformer.board;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.intformer.hw.GeneratedDesign;
import org.intformer.hw.HwModels;
import org.intformer.hw.HwOptions;
import org.intformer.hw.VerilogGenerator;
import org.intformer.hw.WeightMemory;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;
import org.intformer.integer.Interpreter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Weights read from the configuration flash after reset: the board top under Verilator with a behavioural SPI flash
 * that holds the image {@code intformer board --weights-from flash} writes to weights.bin.
 */
class FlashWeightsSimulationTest {
    static final int CPB = 8;

    @TempDir
    Path tmp;

    @Test
    void weightsFromTheFlashAfterResetGiveTheInterpretersForecastsAndAWrongImageIsRefusedUntilALoad() {
        assumeTrue(SimulatedBoard.available(), "verilator is not installed");
        IntModel m = HwModels.random(4);
        List<int[]> windows = HwModels.windows(m, new Random(7), 20);
        check(m, 2, windows, tmp);
    }

    @Tag("slow")
    @Test
    void paperConfigurationOnRealTestWindowsWithItsWeightsFromTheFlash() throws Exception {
        assumeTrue(SimulatedBoard.available(), "verilator is not installed");
        ExampleModels.Trained t = ExampleModels.trained("etth1-ms-paper.yaml", 4);
        int n = 20;
        List<int[]> windows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            windows.add(t.testWindows().get(i * (t.testWindows().size() / n)));
        }
        check(t.model(), 4, windows, tmp);
    }

    static void check(IntModel m, int lanes, List<int[]> windows, Path tmp) {
        GeneratedDesign core = VerilogGenerator.generate(m, new HwOptions(lanes, Target.ICE40UP5K, WeightMemory.SPRAM,
                BoardBuild.DEFAULT_CLOCK_MHZ), tmp.resolve("good"));
        WeightImage weights = WeightImage.of(core.design());
        Interpreter interp = new Interpreter(m);
        int mismatches = 0;
        try (SimulatedBoard sim = SimulatedBoard.start(core, Board.load("icebreaker"), CPB, weights.bytes())) {
            DeviceClient c = new DeviceClient(sim, 1000);
            DeviceStatus s = c.status();
            assertThat(s.weightsLoaded()).as("loaded from the flash after reset, before any frame").isTrue();
            assertThat(s.weightsFromFlash()).isTrue();
            assertThat(s.weightsSource()).isEqualTo("flash");
            assertThat(s.loadedWords()).isEqualTo(weights.words());
            assertThat(s.loadErrors()).isZero();
            for (int[] w : windows) {
                if (!Arrays.equals(c.infer(w, m.inputSpec(), m.outputSpec()), interp.run(w).output())) {
                    mismatches++;
                }
            }
            // a LOAD over the link still works on top, and says so
            DeviceStatus reloaded = c.load(weights, x -> { });
            assertThat(reloaded.weightsFromFlash()).isFalse();
            assertThat(reloaded.weightsSource()).isEqualTo("serial link");
            assertThat(c.infer(windows.get(0), m.inputSpec(), m.outputSpec())).containsExactly(interp.run(windows.get(0)).output());
        }
        assertThat(mismatches).as("windows whose forecast differs from the interpreter's").isZero();

        // one weight byte wrong in the flash: refused (WRONG_WEIGHTS) until the link loads the right ones
        byte[] bad = weights.bytes().clone();
        bad[bad.length / 2] ^= 0x10;
        GeneratedDesign again = VerilogGenerator.generate(m, new HwOptions(lanes, Target.ICE40UP5K, WeightMemory.SPRAM,
                BoardBuild.DEFAULT_CLOCK_MHZ), tmp.resolve("bad"));
        try (SimulatedBoard sim = SimulatedBoard.start(again, Board.load("icebreaker"), CPB, bad)) {
            DeviceClient c = new DeviceClient(sim, 1000);
            DeviceStatus s = c.status();
            assertThat(s.weightsLoaded()).isFalse();
            assertThat(s.flashImageWrong()).isTrue();
            assertThat(s.loadErrors()).isEqualTo(1);
            int[] w0 = windows.get(0);
            byte[] infer = new Frame(FrameType.INFER, Payloads.int16(w0)).encode();
            BadFrames.rejected(c, infer, DeviceError.Code.WRONG_WEIGHTS, FrameType.INFER.code);
            DeviceStatus loaded = c.load(weights, x -> { });
            assertThat(loaded.flashImageWrong()).isFalse();
            assertThat(loaded.weightsSource()).isEqualTo("serial link");
            for (int[] w : windows.subList(0, 3)) {
                assertThat(c.infer(w, m.inputSpec(), m.outputSpec())).containsExactly(interp.run(w).output());
            }
        }
    }
}
