package org.intformer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    /**
     * QatSessionTest's small model, with both averages (or none), without the linear path: with it these rows are
     * fitted at the start and QAT has nothing left to change.
     */
    private static TrainConfig config(String average, int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads", threads);
        m.put("weight-average", average);
        m.put("qat-weight-average", average);
        m.put("ema-decay", 0.9);
        m.put("linear-path", false);
        return ConfigSchema.overlay(QatSessionTest.config("step"), m, Origin.of("test")).validate();
    }

    @Test
    void stoppedAndContinuedIsTheRunStraightThroughAndTheThreadCountChangesNothing() throws IOException {
        TrainJob.Result straight = QatJob.run(config("ema", 1), null, dir.resolve("straight"), TrainingListener.NONE);
        QatSession session = QatSession.start(config("ema", 1), null, TrainingListener.NONE);
        session.trainTo(2, dir.resolve("two"), TrainingListener.NONE);
        session.park();
        TrainJob.Result four = session.trainTo(4, dir.resolve("four"), TrainingListener.NONE);
        assertThat(bytes("four")).isEqualTo(bytes("straight"));
        assertThat(QatSessionTest.history(four)).isEqualTo(QatSessionTest.history(straight));

        TrainJob.Result two = QatJob.run(config("ema", 2), null, dir.resolve("threads"), TrainingListener.NONE);
        assertThat(QatSessionTest.history(two)).isEqualTo(QatSessionTest.history(straight));
        assertThat(two.content().get("metrics")).isEqualTo(straight.content().get("metrics"));

        TrainJob.Result plain = QatJob.run(config("none", 1), null, dir.resolve("plain"), TrainingListener.NONE);
        assertThat(QatSessionTest.history(plain)).isNotEqualTo(QatSessionTest.history(straight));
    }

    private byte[] bytes(String sub) throws IOException {
        return Files.readAllBytes(dir.resolve(sub).resolve(QatJob.INTEGER_FILE));
    }
}
