package org.intformer.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Every hardware report says which windows its simulation ran on: the model's test split, or seeded random inputs. */
class HwJobWindowsTest {
    @TempDir
    static Path dir;

    static Path withData;

    @BeforeAll
    static void trainATinyModel() {
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), Map.of("synthetic-rows", 300, "lookback", 16,
                "horizon", 4, "d-model", 8, "ffn", 16, "patch", 4, "epochs", 1, "qat-epochs", 1, "batch", 64),
                Origin.commandLine()).validate();
        QatJob.run(config, null, dir.resolve("qat"), TrainingListener.NONE);
        withData = dir.resolve("qat").resolve(QatJob.INTEGER_FILE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aModelWithItsDataIsVerifiedOnItsTestWindowsAndTheReportSaysSo() {
        Map<String, Object> report = HwJob.run(withData, new HwJob.Options("xc7s15", 4, 5000, List.of(), false, 0),
                dir.resolve("hw-data"));
        Map<String, Object> windows = (Map<String, Object>) report.get("verification_windows");
        assertThat(windows).containsEntry("source", "test split").containsEntry("data", "synthetic")
                .containsEntry("requested", 5000);
        int available = ((Number) windows.get("available")).intValue();
        assertThat(available).isPositive().isLessThan(5000);
        assertThat(windows).containsEntry("used", available);
        assertThat((String) windows.get("description")).contains("test-split windows").contains("first " + available);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aModelWithoutDataIsVerifiedOnSeededRandomInputsAndTheReportSaysSo() {
        IntModel m = IntModelFile.read(withData);
        Path bare = dir.resolve("bare.iqm");
        IntModelFile.write(bare, new IntModel(m.formatVersion(), m.input(), m.output(), m.tensors(), m.ops(), Map.of()));
        Map<String, Object> report = HwJob.run(bare, new HwJob.Options("xc7s15", 4, 7, List.of(), false, 0),
                dir.resolve("hw-bare"));
        Map<String, Object> windows = (Map<String, Object>) report.get("verification_windows");
        assertThat(windows).containsEntry("source", "random").containsEntry("seed", 1L).containsEntry("used", 7)
                .containsEntry("range", List.of(m.inputSpec().min(), m.inputSpec().max()));
        assertThat((String) windows.get("description")).contains("random").contains("no data");
    }
}
