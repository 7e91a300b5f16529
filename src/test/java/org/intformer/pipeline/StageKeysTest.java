package org.intformer.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.intformer.config.ConfigKey;
import org.intformer.config.ConfigSchema;
import org.intformer.config.OtherValues;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.hw.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stage's key covers what its result depends on: every configuration setting, the data file's content, the
 * pipeline options and the code. Each is changed here in turn and the stage must not be reused.
 */
class StageKeysTest {
    @TempDir
    Path dir;

    private static final String CODE = "code-a";

    private Path csv(String name, String lastValue) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "date,OT\n2020-01-01 00:00:00,1.5\n2020-01-01 01:00:00," + lastValue + "\n");
        return f;
    }

    @Test
    void everySettingExceptTheThreadCountChangesTheQatStageAndFloatSettingsTheTrainStage() throws Exception {
        Path data = csv("a.csv", "2.5");
        Path other = csv("b.csv", "3.5");
        TrainConfig base = ConfigSchema.overlay(TrainConfig.defaults(), Map.of("data", data.toString()), Origin.commandLine());
        StageStore store = new StageStore(dir.resolve("stages"), CODE);
        String train = store.key(RunJob.trainInputs(base));
        String qat = store.key(RunJob.qatInputs(train, base));
        for (ConfigKey key : ConfigSchema.KEYS) {
            TrainConfig changed = ConfigSchema.overlay(base, Map.of(key.name(), OtherValues.of(key, base, other)), Origin.commandLine());
            String train2 = store.key(RunJob.trainInputs(changed));
            String qat2 = store.key(RunJob.qatInputs(train2, changed));
            if (key.name().equals("threads")) {
                // results do not depend on the thread count (Etth1AcceptanceTest, ParallelTest check that)
                assertThat(qat2).as(key.name()).isEqualTo(qat);
                continue;
            }
            assertThat(qat2).as(key.name()).isNotEqualTo(qat);
            boolean quantOnly = List.of("bits", "weight-bits", "act-bits", "layer-bits", "io-bits", "scheme", "granularity",
                    "observer", "qat-epochs", "qat-lr", "lsq-lr", "distill", "qat-patience", "qat-weight-average").contains(key.name());
            assertThat(train2.equals(train)).as(key.name()).isEqualTo(quantOnly);
        }
    }

    @Test
    void theDataFileContentAtTheSamePathChangesTheTrainStage() throws Exception {
        Path data = csv("a.csv", "2.5");
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), Map.of("data", data.toString()), Origin.commandLine());
        StageStore store = new StageStore(dir.resolve("stages"), CODE);
        String before = store.key(RunJob.trainInputs(config));
        csv("a.csv", "2.6");
        assertThat(store.key(RunJob.trainInputs(config))).isNotEqualTo(before);
    }

    @Test
    void everyPipelineOptionChangesTheHardwareStage() {
        StageStore store = new StageStore(dir.resolve("stages"), CODE);
        PipelineOptions base = new PipelineOptions(List.of(8), List.of("xc7s15"), 0, 100,
                List.of(Simulation.Simulator.VERILATOR), true);
        String key = store.key(RunJob.hwInputs("q", "xc7s15", base));
        List<PipelineOptions> changed = List.of(
                new PipelineOptions(List.of(8), List.of("xc7s15"), 4, 100, List.of(Simulation.Simulator.VERILATOR), true),
                new PipelineOptions(List.of(8), List.of("xc7s15"), 0, 50, List.of(Simulation.Simulator.VERILATOR), true),
                new PipelineOptions(List.of(8), List.of("xc7s15"), 0, 100, List.of(Simulation.Simulator.ICARUS), true),
                new PipelineOptions(List.of(8), List.of("xc7s15"), 0, 100, List.of(Simulation.Simulator.VERILATOR), false));
        for (PipelineOptions p : changed) {
            assertThat(store.key(RunJob.hwInputs("q", "xc7s15", p))).as("%s", p).isNotEqualTo(key);
        }
        assertThat(store.key(RunJob.hwInputs("q", "ice40up5k", base))).isNotEqualTo(key);
        assertThat(store.key(RunJob.hwInputs("q2", "xc7s15", base))).as("upstream QAT stage").isNotEqualTo(key);
    }

    @Test
    void anotherBuildOfTheCodeRerunsAStage() {
        Map<String, Object> inputs = Map.of("a", 1);
        StageStore a = new StageStore(dir.resolve("stages"), "code-a");
        StageStore b = new StageStore(dir.resolve("stages"), "code-b");
        int[] runs = {0};
        a.run("s", inputs, d -> Map.of("n", ++runs[0]));
        assertThat(a.run("s", inputs, d -> Map.of("n", ++runs[0])).reused()).isTrue();
        StageOutcome rerun = b.run("s", inputs, d -> Map.of("n", ++runs[0]));
        assertThat(rerun.reused()).isFalse();
        assertThat(runs[0]).isEqualTo(2);
    }
}
