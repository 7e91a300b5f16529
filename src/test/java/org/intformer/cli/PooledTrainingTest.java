package org.intformer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.intformer.app.DataLoader;
import org.intformer.app.FloatModelStore;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.io.Json;
import org.intformer.quant.QatModel;
import org.intformer.quant.QuantConfig;
import org.intformer.quant.QuantGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train-series: all} through the command line: the univariate model trains on every column's windows, the
 * report and the integer model stay on the target, and the result is reproducible whatever the thread count.
 */
class PooledTrainingTest {
    @TempDir
    Path dir;

    private static final String[] SMALL = {"--synthetic-rows", "900", "--synthetic-channels", "3", "--lookback", "24",
            "--horizon", "6", "--d-model", "8", "--ffn", "16", "--patch", "4", "--epochs", "2", "--qat-epochs", "1",
            "--batch", "64", "--no-linear-path", "--quiet"};

    private CommandsEndToEndTest.Run run(String command, String out, String... more) {
        return CommandsEndToEndTest.run(CommandsEndToEndTest.args(CommandsEndToEndTest.args(new String[] {command}, SMALL),
                CommandsEndToEndTest.args(more, "--out", dir.resolve(out).toString())));
    }

    @Test
    void pooledTrainingIsDeterministicAndReportsOnTheTarget() throws IOException {
        var one = run("train", "one", "--train-series", "all", "--threads", "1");
        var two = run("train", "two", "--train-series", "all", "--threads", "2");
        var target = run("train", "target", "--threads", "1");
        for (var r : new CommandsEndToEndTest.Run[] {one, two, target}) {
            assertThat(r.code()).as(r.err()).isZero();
        }
        JsonNode a = Json.MAPPER.readTree(dir.resolve("one/report.json").toFile());
        JsonNode b = Json.MAPPER.readTree(dir.resolve("two/report.json").toFile());
        JsonNode t = Json.MAPPER.readTree(dir.resolve("target/report.json").toFile());
        assertThat(a.at("/metrics")).isEqualTo(b.at("/metrics"));
        assertThat(FloatModelStore.load(dir.resolve("one/model.ifm")).model().state().get("head.weight").data())
                .containsExactly(FloatModelStore.load(dir.resolve("two/model.ifm")).model().state().get("head.weight").data());
        assertThat(a.at("/config/train-series").asText()).isEqualTo("all");
        // 3 columns' windows to train on; the reported windows and the baselines are the target's
        assertThat(a.at("/data/training_windows/windows").asInt()).isEqualTo(3 * a.at("/data/windows/train").asInt());
        assertThat(t.at("/data/training_windows").isMissingNode()).isTrue();
        assertThat(a.at("/data/windows")).isEqualTo(t.at("/data/windows"));
        assertThat(a.at("/metrics/linear")).isEqualTo(t.at("/metrics/linear"));
        assertThat(a.at("/metrics/naive")).isEqualTo(t.at("/metrics/naive"));
        assertThat(a.at("/metrics/float/val/mse").asDouble()).isNotEqualTo(t.at("/metrics/float/val/mse").asDouble());
    }

    @Test
    void theIntegerModelsInputGridIsTheTargetsWhateverTheTrainingSeries() throws IOException {
        var r = run("qat", "q", "--train-series", "all", "--bits", "8");
        assertThat(r.code()).as(r.err()).isZero();
        IntModel integer = IntModelFile.read(dir.resolve("q/model.iqm"));
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), java.util.Map.of("synthetic-rows", 900,
                "synthetic-channels", 3, "lookback", 24, "horizon", 6), Origin.commandLine()).validate();
        PreparedData data = DataLoader.prepare(config);
        QuantGrid target = QatModel.inputGrid(data.train().x(), QuantConfig.of(config));
        assertThat(integer.inputSpec().scale()).isEqualTo(target.scale());
        assertThat(integer.inputSpec().zeroPoint()).isEqualTo(target.zeroPoint());
        PreparedData all = DataLoader.prepare(ConfigSchema.overlay(config, java.util.Map.of("train-series", "all"),
                Origin.commandLine()).validate());
        // the pooled windows span another range: the grid is the target's by choice, not by coincidence
        QuantGrid pooled = QatModel.inputGrid(all.fit().x(), QuantConfig.of(config));
        assertThat(pooled.scale()).isNotEqualTo(target.scale());
    }

    @Test
    void pooledTrainingWithSeveralInputColumnsIsAUserError() {
        var r = run("train", "ms", "--train-series", "all", "--features", "MS");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElse("")).startsWith("intformer: error: ").contains("train-series = all")
                .contains("features S");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("ms/model.ifm"))).isFalse();
    }

    @Test
    void epochWindowsSamplesThatManyWindowsPerEpochReproducibly() throws IOException {
        var one = run("train", "c1", "--train-series", "all", "--epoch-windows", "100", "--threads", "1");
        var two = run("train", "c2", "--train-series", "all", "--epoch-windows", "100", "--threads", "2");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(two.code()).as(two.err()).isZero();
        JsonNode a = Json.MAPPER.readTree(dir.resolve("c1/report.json").toFile());
        JsonNode b = Json.MAPPER.readTree(dir.resolve("c2/report.json").toFile());
        // 100 windows a batch of 64 at a time: 2 steps per epoch
        assertThat(a.at("/training/steps").asInt()).isEqualTo(2 * a.at("/training/epochs").asInt());
        assertThat(a.at("/metrics")).isEqualTo(b.at("/metrics"));
        var bad = run("train", "c3", "--epoch-windows", "-1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("epoch-windows").doesNotContain("\tat ");
    }

    @Test
    void allThenTargetPretrainsOnEveryColumnAndFineTunesAndQuantizesOnTheTarget() throws IOException {
        var r = run("qat", "att", "--train-series", "all-then-target", "--bits", "8");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(dir.resolve("att/report.json").toFile());
        int windows = report.at("/data/windows/train").asInt();
        assertThat(report.at("/data/training_windows/windows").asInt()).isEqualTo(3 * windows);
        int perEpoch = (windows + 63) / 64;
        // QAT steps: the target's windows only
        assertThat(report.at("/qat_training/steps").asInt()).isEqualTo(perEpoch * report.at("/qat_training/epochs").asInt());
        var train = run("train", "att-float", "--train-series", "all-then-target");
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode t = Json.MAPPER.readTree(dir.resolve("att-float/report.json").toFile());
        // pretraining on all three columns' windows, then fine-tuning on the target's
        assertThat(t.at("/training/pretraining/steps").asInt())
                .isEqualTo((3 * windows + 63) / 64 * t.at("/training/pretraining/epochs").asInt());
        assertThat(t.at("/training/steps").asInt()).isEqualTo(perEpoch * t.at("/training/epochs").asInt());
    }
}
