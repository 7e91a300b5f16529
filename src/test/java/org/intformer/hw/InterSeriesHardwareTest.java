package org.intformer.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.intformer.hw.Simulation.SimResult;
import org.intformer.hw.Simulation.Simulator;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.integer.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inter-series model (IR version 2) in hardware: the hand-built model with every version-2 op (date features
 * after the window in the input buffer, Transpose, Slice, BroadcastAdd, Concat, attention across series, grouped
 * attention and pooling per series, each head) is bit-exact under both simulators, and its shared per-series
 * weights are stored once whatever the number of series.
 */
class InterSeriesHardwareTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> heads() {
        return Stream.of(Arguments.of("flatten", Simulator.VERILATOR, Target.XC7S15, 4),
                Arguments.of("flatten", Simulator.ICARUS, Target.XC7S15, 3),
                Arguments.of("gap", Simulator.ICARUS, Target.XC7S15, 8),
                Arguments.of("gap", Simulator.VERILATOR, Target.XC7S15, 2),
                Arguments.of("last", Simulator.ICARUS, Target.XC7S15, 5),
                Arguments.of("last", Simulator.ICARUS, Target.ICE40UP5K, 4));
    }

    @ParameterizedTest(name = "{0} head under {1} for {2}, {3} lanes")
    @MethodSource("heads")
    void theInterSeriesModelIsBitExact(String head, Simulator sim, Target target, int lanes) {
        IntModel m = TestModels.interSeries(11 + head.hashCode(), head);
        assertThat(m.formatVersion()).isEqualTo(2);
        HwSimulationTest.verify(m, new HwOptions(lanes, target), tmp.resolve(head), sim, 5, 3);
    }

    @Test
    void narrowActivationsThatSaturateAreBitExact() {
        // 4-bit activations: every op that can clamp does, in the interpreter and in the design alike
        IntModel m = TestModels.interSeries(5, "flatten", 4);
        HwSimulationTest.verify(m, new HwOptions(4, Target.XC7S15), tmp.resolve("narrow"), Simulator.ICARUS, 5, 9);
    }

    @Test
    void debugModeComparesEveryTensorIncludingTheDates() throws IOException {
        assumeTrue(Simulation.available(Simulator.ICARUS));
        IntModel m = TestModels.interSeries(21, "gap");
        GeneratedDesign d = VerilogGenerator.generate(m, new HwOptions(4, Target.XC7S15), tmp.resolve("dbg"));
        SimResult r = Simulation.run(d, m, HwModels.windows(m, new Random(2), 2), Simulator.ICARUS, true);
        assertThat(r.mismatches()).isZero();
        String log = Files.readString(d.dir().resolve("sim_icarus.log"));
        assertThat(log).contains("TENSOR x mismatches=0").contains("TENSOR tok mismatches=0")
                .doesNotContainPattern("TENSOR \\S+ mismatches=[1-9]");
    }

    @Test
    void sharedWeightsAreStoredOnceAndReadOncePerSeries() {
        int lanes = 4;
        IntModel m = TestModels.interSeries(7, "flatten");
        Design d = Design.of(m, new HwOptions(lanes, Target.XC7S15));
        long words = 0;
        for (IntOp op : m.ops()) {
            if (op instanceof IntOp.Linear l) {
                words += (long) (l.outFeatures() + lanes - 1) / lanes * l.inFeatures();
            }
        }
        // one weight word per (Linear, lane block, k): no copy per series
        assertThat(d.weights().depth()).isEqualTo(words);
        int series = m.inputSpec().dim(1);
        Step embed = d.steps().stream().filter(s -> s.op().equals("embed")).findFirst().orElseThrow();
        // the patch embedding walks every series' tokens over the same weight words (B stream without a row stride)
        assertThat(embed.loops().n0() * embed.loops().n1()).isEqualTo((long) series * m.tensor("e").dim(1));
        assertThat(embed.stream(Stream_.B).s0()).isZero();
        assertThat(embed.stream(Stream_.B).s1()).isZero();
        // attention per series: one step per series at that series' base address, one multiplier entry for all
        assertThat(d.steps().stream().filter(s -> s.op().equals("scores") && s.engine() == Engine.MAT).count()).isEqualTo(series);
        assertThat(d.steps().stream().filter(s -> s.op().equals("scores") && s.engine() == Engine.MAT)
                .map(s -> s.stream(Stream_.M).base()).distinct().count()).isEqualTo(1);
        assertThat(d.cycles()).isPositive();
    }

    /** The address streams' names (the test's own Stream is java.util.stream). */
    private static final class Stream_ {
        static final org.intformer.hw.Stream.Name B = org.intformer.hw.Stream.Name.B;
        static final org.intformer.hw.Stream.Name M = org.intformer.hw.Stream.Name.M;
    }
}
