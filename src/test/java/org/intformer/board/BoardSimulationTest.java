package org.intformer.board;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.intformer.hw.GeneratedDesign;
import org.intformer.hw.HwModels;
import org.intformer.hw.HwOptions;
import org.intformer.hw.VerilogGenerator;
import org.intformer.hw.WeightMemory;
import org.junit.jupiter.api.Test;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;
import org.intformer.integer.Interpreter;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole board top under Verilator, both protocol ends real: the client's encoder writes the bytes the
 * simulated UART receives, the client's decoder reads what the simulated UART sends.
 */
class BoardSimulationTest {
    static final int CPB = 8;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"icebreaker", "upduino3"})
    void randomModelOverTheLinkMatchesTheInterpreterAndEveryBadFrameIsAnswered(String board) {
        assumeTrue(SimulatedBoard.available(), "verilator is not installed");
        IntModel m = HwModels.random(3);
        GeneratedDesign core = VerilogGenerator.generate(m, new HwOptions(4, Target.ICE40UP5K), tmp.resolve("b"));
        try (SimulatedBoard sim = SimulatedBoard.start(core, Board.load(board), CPB)) {
            DeviceClient c = new DeviceClient(sim, 1000);
            DeviceStatus s0 = c.status();
            assertThat(s0.modelHash()).isEqualTo(ModelHash.of(m));
            assertThat(s0.inferences()).isZero();
            assertThat(s0.needsWeights()).as("weights in block RAM: nothing to load").isFalse();
            assertThat(s0.ready()).isTrue();
            List<int[]> windows = HwModels.windows(m, new Random(5), 6);
            Interpreter interp = new Interpreter(m);
            for (int[] w : windows) {
                assertThat(c.infer(w, m.inputSpec(), m.outputSpec())).containsExactly(interp.run(w).output());
            }
            BadFrames.checkAll(c, sim, m, windows.get(0), interp.run(windows.get(0)).output());
            DeviceStatus s = c.status();
            assertThat(s.lastCycles()).isEqualTo(core.expectedCycles());
            assertThat(s.inferences()).isEqualTo(windows.size() + BadFrames.INFERENCES);
            assertThat(s.crcErrors()).isEqualTo(1);
            assertThat(s.lengthErrors()).isEqualTo(2);
            assertThat(s.typeErrors()).isEqualTo(1);
            assertThat(s.timeouts()).isEqualTo(1);
        }
    }

    @Test
    void weightsInSpramAreLoadedOverTheLinkAndEveryBadLoadIsAnswered() {
        assumeTrue(SimulatedBoard.available(), "verilator is not installed");
        IntModel m = HwModels.random(4);
        GeneratedDesign core = VerilogGenerator.generate(m, new HwOptions(2, Target.ICE40UP5K, WeightMemory.SPRAM, BoardBuild.DEFAULT_CLOCK_MHZ),
                tmp.resolve("s"));
        assertThat(core.design().weightMemory()).isEqualTo(WeightMemory.SPRAM);
        WeightImage weights = WeightImage.of(core.design());
        List<int[]> windows = HwModels.windows(m, new Random(6), 4);
        Interpreter interp = new Interpreter(m);
        try (SimulatedBoard sim = SimulatedBoard.start(core, Board.load("icebreaker"), CPB)) {
            DeviceClient c = new DeviceClient(sim, 1000);
            BadFrames.loadWeights(c, m, weights, windows.get(0), interp.run(windows.get(0)).output());
            for (int[] w : windows) {
                assertThat(c.infer(w, m.inputSpec(), m.outputSpec())).containsExactly(interp.run(w).output());
            }
            BadFrames.checkAll(c, sim, m, windows.get(0), interp.run(windows.get(0)).output());
            DeviceStatus s = c.status();
            assertThat(s.weightsLoaded()).isTrue();
            assertThat(s.lanes()).isEqualTo(2);
            assertThat(s.lastCycles()).isEqualTo(core.expectedCycles());
            assertThat(s.loadErrors()).isEqualTo(BadFrames.LOAD_ERRORS);
            assertThat(s.crcErrors()).isEqualTo(1 + BadFrames.LOAD_CRC_ERRORS);
            assertThat(s.lengthErrors()).isEqualTo(2 + BadFrames.LOAD_LENGTH_ERRORS);
        }
    }

    @Tag("slow")
    @ParameterizedTest
    @CsvSource({"etth1-ms-paper.yaml, 4, 0, bram, 100", "etth1-s96-h24.yaml, , 2, spram, 100"})
    void exampleModelOnHundredRealTestWindowsThroughTheLink(String example, Integer bits, int lanes, String weights, int n)
            throws Exception {
        assumeTrue(SimulatedBoard.available(), "verilator is not installed");
        ExampleModels.Trained t = ExampleModels.trained(example, bits);
        IntModel m = t.model();
        assertThat(t.testWindows().size()).isGreaterThanOrEqualTo(n);
        // as the iCEBreaker bitstreams are built (README, "On a board"): the lean datapath of a low clock, the S-96-24
        // example at 2 lanes (auto lanes) with its weights in SPRAM
        GeneratedDesign core = VerilogGenerator.generate(m, new HwOptions(lanes, Target.ICE40UP5K, WeightMemory.parse(weights, "weights"),
                BoardBuild.DEFAULT_CLOCK_MHZ), tmp.resolve("b"));
        Interpreter interp = new Interpreter(m);
        int mismatches = 0;
        try (SimulatedBoard sim = SimulatedBoard.start(core, Board.load("icebreaker"), CPB)) {
            DeviceClient c = new DeviceClient(sim, 1000);
            if (core.design().weightMemory() == WeightMemory.SPRAM) {
                int[] w0 = t.testWindows().get(0);
                BadFrames.loadWeights(c, m, WeightImage.of(core.design()), w0, interp.run(w0).output());
            }
            for (int i = 0; i < n; i++) {
                int[] w = t.testWindows().get(i * (t.testWindows().size() / n));
                if (!Arrays.equals(c.infer(w, m.inputSpec(), m.outputSpec()), interp.run(w).output())) {
                    mismatches++;
                }
            }
            int[] w0 = t.testWindows().get(0);
            BadFrames.checkAll(c, sim, m, w0, interp.run(w0).output());
            DeviceStatus s = c.status();
            int loadInferences = core.design().weightMemory() == WeightMemory.SPRAM ? 2 : 0;
            assertThat(s.inferences()).isEqualTo(n + BadFrames.INFERENCES + loadInferences);
            assertThat(s.lastCycles()).isEqualTo(core.expectedCycles());
        }
        assertThat(mismatches).as("windows whose forecast differs from the interpreter's").isZero();
    }
}
