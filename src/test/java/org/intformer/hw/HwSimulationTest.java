package org.intformer.hw;

import org.intformer.hw.synth.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.intformer.hw.Simulation.SimResult;
import org.intformer.hw.Simulation.Simulator;
import org.intformer.integer.IntModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Generated designs against the interpreter, bit for bit, and their cycle counts against the static schedule:
 * each op alone under both simulators, 50 random encoders under Icarus (a few also under Verilator), and a
 * broken design the testbench must catch.
 */
class HwSimulationTest {

    @TempDir
    Path tmp;

    static SimResult verify(IntModel model, HwOptions options, Path dir, Simulator sim, int windows, long seed) {
        assumeTrue(Simulation.available(sim), sim + " is not installed");
        GeneratedDesign d = VerilogGenerator.generate(model, options, dir);
        SimResult r = Simulation.run(d, model, HwModels.windows(model, new Random(seed), windows), sim);
        assertThat(r.mismatches()).as("mismatches (%s), first: %s", sim, r.firstMismatch()).isZero();
        assertThat(r.windows()).isEqualTo(windows);
        assertThat(r.cyclesPerInference()).as("simulated cycles vs the schedule").isEqualTo(d.expectedCycles());
        return r;
    }

    static Stream<Arguments> singleOps() {
        return HwModels.singleOps().stream().flatMap(op -> Stream.of(Arguments.of(op, Simulator.ICARUS, Target.XC7S15),
                Arguments.of(op, Simulator.VERILATOR, Target.XC7S15), Arguments.of(op, Simulator.ICARUS, Target.ICE40UP5K)));
    }

    @ParameterizedTest(name = "{0} under {1} for {2}")
    @MethodSource("singleOps")
    void eachOpAloneIsBitExact(String op, Simulator sim, Target target) {
        IntModel m = HwModels.single(op, op.hashCode());
        verify(m, new HwOptions(4, target), tmp.resolve(op), sim, 6, 1);
    }

    /**
     * The iCE40 core with its weights in SPRAM (preloaded by the testbench; the board loads them over the link) and the
     * lean datapath of the board builds (whole-word adders), under both simulators.
     */
    @ParameterizedTest(name = "seed {0} under {1}")
    @org.junit.jupiter.params.provider.CsvSource({"4, ICARUS", "7, VERILATOR"})
    void spramWeightsAndTheLeanIce40DatapathAreBitExact(long seed, Simulator sim) {
        IntModel m = HwModels.random(seed);
        HwOptions o = new HwOptions(2, Target.ICE40UP5K, WeightMemory.SPRAM, 30);
        SimResult r = verify(m, o, tmp.resolve("spram" + seed), sim, 4, seed);
        assertThat(r.windows()).isEqualTo(4);
    }

    /**
     * The lean iCE40 datapath (narrow requantizer sums, the narrow divider with its divisor carried or, for rows long
     * enough, read from the back pass's sum) on random models at random lane counts.
     */
    @Test
    void leanIce40DatapathOnRandomModelsUnderIcarus() {
        Random lanes = new Random(43);
        int shared = 0;
        int carried = 0;
        for (int seed = 0; seed < 16; seed++) {
            IntModel m = HwModels.random(3000 + seed);
            HwOptions o = new HwOptions(1 + lanes.nextInt(4), Target.ICE40UP5K, WeightMemory.BRAM, 24);
            Design d = Design.of(m, o);
            if (d.has(Engine.SMX)) {
                if (d.divSharedSum()) {
                    shared++;
                } else {
                    carried++;
                }
            }
            verify(m, o, tmp.resolve("lean" + seed), Simulator.ICARUS, 3, seed);
        }
        assertThat(shared).as("softmax dividers with the shared sum").isPositive();
        assertThat(carried).as("softmax dividers with the divisor carried").isPositive();
    }

    @Test
    void fiftyRandomModelsUnderIcarus() {
        Random lanes = new Random(42);
        int attention = 0;
        for (int seed = 0; seed < 50; seed++) {
            IntModel m = HwModels.random(1000 + seed);
            attention += m.ops().stream().anyMatch(o -> o instanceof org.intformer.integer.IntOp.AttentionApply) ? 1 : 0;
            int p = 1 + lanes.nextInt(8);
            Target target = lanes.nextBoolean() ? Target.XC7S15 : Target.ICE40UP5K;
            verify(m, new HwOptions(p, target), tmp.resolve("m" + seed), Simulator.ICARUS, 4, seed);
        }
        assertThat(attention).as("models with attention").isGreaterThan(25);
    }

    @Test
    void randomModelsUnderVerilator() {
        for (int seed = 0; seed < 4; seed++) {
            IntModel m = HwModels.random(2000 + seed);
            verify(m, new HwOptions(2 + 3 * seed, Target.XC7S15), tmp.resolve("v" + seed), Simulator.VERILATOR, 8, seed);
        }
    }

    @Test
    void autoLanesAndDefaultsWork() {
        IntModel m = HwModels.random(77);
        SimResult r = verify(m, HwOptions.auto(Target.XC7S15), tmp.resolve("auto"), Simulator.ICARUS, 3, 7);
        assertThat(r.cyclesPerInference()).isPositive();
    }

    @Test
    void brokenWeightIsCaught() throws IOException {
        assumeTrue(Simulation.available(Simulator.ICARUS));
        IntModel m = HwModels.single("linear", 5);
        GeneratedDesign d = VerilogGenerator.generate(m, new HwOptions(4, Target.XC7S15), tmp.resolve("broken"));
        Path weights = d.dir().resolve("weights.mem");
        List<String> lines = Files.readAllLines(weights);
        String first = lines.get(0);
        char c = first.charAt(first.length() - 1);
        int flipped = Character.digit(c, 16) ^ 0x4;
        lines.set(0, first.substring(0, first.length() - 1) + Character.forDigit(flipped, 16));
        Files.write(weights, lines);
        SimResult r = Simulation.run(d, m, HwModels.windows(m, new Random(3), 4), Simulator.ICARUS);
        assertThat(r.mismatches()).isPositive();
        assertThat(r.firstMismatch()).startsWith("MISMATCH window=0");
    }

    @Test
    void aSimulationThatDisagreesWithTheScheduleFailsTheRun() throws IOException {
        assumeTrue(Simulation.available(Simulator.ICARUS));
        IntModel m = HwModels.single("linear", 5);
        GeneratedDesign d = VerilogGenerator.generate(m, new HwOptions(4, Target.XC7S15), tmp.resolve("late"));
        // the sequencer now stays one cycle longer in its done state: the results are unchanged, the cycle count is not
        Path src = d.sources().get(0);
        String rtl = Files.readString(src);
        String state = "reg [1:0] state;";
        String finish = "default: begin done <= 1'b1; busy <= 1'b0; state <= S_IDLE; end";
        assertThat(rtl).contains(state).contains(finish);
        Files.writeString(src, rtl.replace(state, state + " reg late = 1'b0;").replace(finish,
                "default: begin if (late) begin done <= 1'b1; busy <= 1'b0; state <= S_IDLE; end late <= !late; end"));
        assertThatThrownBy(() -> Simulation.run(d, m, HwModels.windows(m, new Random(3), 2), Simulator.ICARUS))
                .isInstanceOf(Simulation.CycleMismatch.class)
                .hasMessageContaining("simulated " + (d.expectedCycles() + 1) + " cycles")
                .hasMessageContaining("schedule says " + d.expectedCycles());
    }

    @Test
    void debugModeComparesEveryTensor() throws IOException {
        assumeTrue(Simulation.available(Simulator.ICARUS));
        IntModel m = HwModels.random(1003);
        GeneratedDesign d = VerilogGenerator.generate(m, new HwOptions(3, Target.XC7S15), tmp.resolve("dbg"));
        SimResult r = Simulation.run(d, m, HwModels.windows(m, new Random(1), 2), Simulator.ICARUS, true);
        assertThat(r.mismatches()).isZero();
        String log = Files.readString(d.dir().resolve("sim_icarus.log"));
        assertThat(log).contains("TENSOR h0 mismatches=0").doesNotContainPattern("TENSOR \\S+ mismatches=[1-9]");
    }
}
