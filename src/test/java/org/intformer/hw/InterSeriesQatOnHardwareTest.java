package org.intformer.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.intformer.app.IntegerEvaluation;
import org.intformer.data.WindowSet;
import org.intformer.hw.Simulation.SimResult;
import org.intformer.hw.Simulation.Simulator;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;
import org.intformer.quant.SmallInterSeries;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inter-series model trained and converted by the project's own pipeline (three synthetic series, date features,
 * the residual cross-series context, flatten head, 8 bit), generated as Verilog and simulated on every test window
 * under Verilator and 30 under Icarus (window and date features as the host writes them), bit-exact.
 */
@Tag("slow")
class InterSeriesQatOnHardwareTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Simulator.class)
    void trainedInterSeriesModelIsBitExactOnEveryTestWindow(Simulator sim) {
        assumeThat(Simulation.available(sim)).as(sim + " is not installed").isTrue();
        SmallInterSeries small = SmallInterSeries.train(SmallInterSeries.options("head", "flatten", "patch", 4, "heads", 2,
                "cross-residual", true, "day-of-week", "onehot", "hour-of-day", "sincos", "bits", 8));
        IntModel m = small.integer();
        assertThat(m.extraInputs()).containsExactly("dates");
        WindowSet ws = small.data().test();
        List<int[]> windows = new ArrayList<>();
        for (int i = 0; i < ws.n(); i++) {
            windows.add(Simulation.hostWords(IntegerEvaluation.inputs(m, ws, i)));
        }
        assertThat(windows.size()).isGreaterThanOrEqualTo(90);
        if (sim == Simulator.ICARUS) {
            // Icarus runs this design about five times slower than Verilator: a third of the windows keeps the test short
            windows = windows.subList(0, 30);
        }
        GeneratedDesign d = VerilogGenerator.generate(m, new HwOptions(6, Target.XC7S15), tmp.resolve("is"));
        SimResult r = Simulation.run(d, m, windows, sim);
        assertThat(r.mismatches()).as("first: %s", r.firstMismatch()).isZero();
        assertThat(r.windows()).isEqualTo(windows.size());
        assertThat(r.cyclesPerInference()).isEqualTo(d.expectedCycles());
    }
}
