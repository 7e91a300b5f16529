package org.intformer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QAT with a weight average (weights and LSQ step sizes): the integer model is converted from the average, the
 * same on one and two threads, and a session stopped and continued (explore's rungs) is the run straight through.
 */
class QatWeightAverageTest {
    @TempDir
    Path dir;

    private static TrainConfig config(String average, int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("synthetic-rows", 400);
        m.put("lookback", 16);
        m.put("horizon", 4);
        m.put("d-model", 8);
        m.put("ffn", 16);
        m.put("batch", 64);
        m.put("epochs", 2);
        m.put("qat-epochs", 4);
        m.put("bits", 6);
        m.put("step-size", 2);
        m.put("threads", threads);
        m.put("weight-average", average);
        m.put("qat-weight-average", average);
        m.put("ema-decay", 0.9);
        // without the linear path: with it, these rows are fitted at the start and QAT has nothing left to change
        m.put("linear-path", false);
        return ConfigSchema.overlay(TrainConfig.defaults(), m, Origin.of("test")).validate();
    }

    @Test
    void stoppedAndContinuedIsTheRunStraightThroughAndTheThreadCountChangesNothing() throws IOException {
        TrainJob.Result straight = QatJob.run(config("ema", 1), null, dir.resolve("straight"), TrainingListener.NONE);
        QatSession session = QatSession.start(config("ema", 1), null, TrainingListener.NONE);
        session.trainTo(2, dir.resolve("two"), TrainingListener.NONE);
        session.park();
        TrainJob.Result four = session.trainTo(4, dir.resolve("four"), TrainingListener.NONE);
        assertThat(bytes("four")).isEqualTo(bytes("straight"));
        assertThat(history(four)).isEqualTo(history(straight));

        TrainJob.Result two = QatJob.run(config("ema", 2), null, dir.resolve("threads"), TrainingListener.NONE);
        assertThat(history(two)).isEqualTo(history(straight));
        assertThat(two.content().get("metrics")).isEqualTo(straight.content().get("metrics"));

        TrainJob.Result plain = QatJob.run(config("none", 1), null, dir.resolve("plain"), TrainingListener.NONE);
        assertThat(history(plain)).isNotEqualTo(history(straight));
    }

    private byte[] bytes(String sub) throws IOException {
        return Files.readAllBytes(dir.resolve(sub).resolve(QatJob.INTEGER_FILE));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> history(TrainJob.Result r) {
        List<Map<String, Object>> h = (List<Map<String, Object>>) ((Map<String, Object>) r.content().get("qat_training")).get("history");
        return h.stream().map(e -> (Object) List.of(e.get("train_loss"), e.get("val_mse"), e.get("lr"))).toList();
    }
}
