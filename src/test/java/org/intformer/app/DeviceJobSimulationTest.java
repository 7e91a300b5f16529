package org.intformer.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.intformer.UserError;
import org.intformer.board.Board;
import org.intformer.board.DeviceClient;
import org.intformer.board.SimulatedBoard;
import org.intformer.cli.Main;
import org.intformer.hw.GeneratedDesign;
import org.intformer.hw.HwOptions;
import org.intformer.hw.HwModels;
import org.intformer.hw.VerilogGenerator;
import org.intformer.hw.WeightMemory;
import org.intformer.board.DeviceStatus;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code device load}, {@code device check} and {@code device predict} against the simulated board, on a model made by {@code intformer qat}. */
@Tag("slow")
class DeviceJobSimulationTest {
    @TempDir
    Path dir;

    @Test
    void checkAndPredictThroughTheSimulatedBoard() throws Exception {
        assumeTrue(SimulatedBoard.available(), "verilator is not installed");
        Path q = dir.resolve("q");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "qat", "--synthetic-rows", "900",
                "--lookback", "12", "--horizon", "3", "--d-model", "8", "--ffn", "16", "--patch", "4", "--epochs", "1",
                "--qat-epochs", "1", "--batch", "64", "--bits", "6", "--quiet", "--out", q.toString());
        assertThat(code).as(err.toString()).isZero();
        Path iqm = q.resolve("model.iqm");
        IntModel m = IntModelFile.read(iqm);
        GeneratedDesign core = VerilogGenerator.generate(m, new HwOptions(4, Target.ICE40UP5K, WeightMemory.SPRAM), dir.resolve("rtl"));
        try (SimulatedBoard sim = SimulatedBoard.start(core, Board.load("icebreaker"), 8)) {
            DeviceClient device = new DeviceClient(sim, 1000);
            // weights in SPRAM: check refuses until `device load` has sent them
            assertThatThrownBy(() -> DeviceJob.check(device, iqm, null, 1)).isInstanceOf(UserError.class)
                    .hasMessageContaining("not loaded");
            int[] sent = {0};
            DeviceStatus loaded = DeviceJob.load(device, iqm, n -> sent[0] = n);
            assertThat(loaded.weightsLoaded()).isTrue();
            assertThat(sent[0]).isEqualTo(loaded.weightWords()).isEqualTo(core.design().weights().depth());
            DeviceJob.Check c = DeviceJob.check(device, iqm, null, 25);
            assertThat(c.windows()).isEqualTo(25);
            assertThat(c.mismatches()).as(c.firstMismatch()).isZero();
            assertThat(c.status().inferences()).isEqualTo(25);

            Path csv = dir.resolve("forecast.csv");
            int n = DeviceJob.predict(device, iqm, null, csv);
            assertThat(n).isPositive();
            // one row per window and horizon step, after the header
            assertThat(Files.readAllLines(csv)).hasSize(1 + n * 3);

            Path other = dir.resolve("other.iqm");
            IntModelFile.write(other, HwModels.random(3));
            assertThatThrownBy(() -> DeviceJob.check(device, other, null, 1)).isInstanceOf(UserError.class)
                    .hasMessageContaining("holds another model");
        }
    }
}
