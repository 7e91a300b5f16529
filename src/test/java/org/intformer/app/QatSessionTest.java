package org.intformer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Stopping QAT and going on is the same run as training straight through: explore's warm-started rungs rest on it. */
class QatSessionTest {
    @TempDir
    Path dir;

    static TrainConfig config(String schedule) {
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
        m.put("schedule", schedule);
        m.put("step-size", 2);
        m.put("threads", 1);
        return ConfigSchema.overlay(TrainConfig.defaults(), m, Origin.of("test")).validate();
    }

    @Test
    void trainingToTwoThenFourEqualsTrainingToFour() throws IOException {
        for (String schedule : new String[] {"step", "cosine"}) {
            TrainConfig c = config(schedule);
            QatJob.run(c, null, dir.resolve(schedule + "-straight"), TrainingListener.NONE);

            QatSession session = QatSession.start(c, null, TrainingListener.NONE);
            TrainJob.Result two = session.trainTo(2, dir.resolve(schedule + "-two"), TrainingListener.NONE);
            session.park();
            TrainJob.Result four = session.trainTo(4, dir.resolve(schedule + "-four"), TrainingListener.NONE);

            assertThat(qatEpochs(two)).isEqualTo(2);
            assertThat(qatEpochs(four)).isEqualTo(4);
            assertThat(bytes(schedule + "-four", QatJob.INTEGER_FILE)).isEqualTo(bytes(schedule + "-straight", QatJob.INTEGER_FILE));
            assertThat(four.content().get("metrics")).isEqualTo(straightReport(schedule).get("metrics"));
            // The continued run repeats the first run's epochs exactly, and its best epoch can only be as good or better.
            assertThat(history(four).subList(0, 2)).isEqualTo(history(two));
            assertThat(bestVal(four)).isLessThanOrEqualTo(bestVal(two));
        }
    }

    @Test
    void qatPatienceStopsQatEarlyAndAContinuedRunStopsAtTheSameEpoch() throws IOException {
        TrainConfig all = ConfigSchema.overlay(config("step"), Map.of("qat-epochs", 12), Origin.of("test")).validate();
        TrainConfig patient = ConfigSchema.overlay(all, Map.of("qat-patience", 1), Origin.of("test")).validate();
        TrainJob.Result full = QatJob.run(all, null, dir.resolve("all"), TrainingListener.NONE);
        TrainJob.Result straight = QatJob.run(patient, null, dir.resolve("straight"), TrainingListener.NONE);

        int stopped = qatEpochs(straight);
        assertThat(stopped).isLessThan(12);
        assertThat(qatTraining(straight).get("stopped_early")).isEqualTo(true);
        // Up to the stop it is the same run as without patience, and the best epoch kept is the best of those epochs.
        assertThat(history(straight)).isEqualTo(history(full).subList(0, stopped));
        assertThat(qatTraining(full).get("stopped_early")).isEqualTo(false);

        // Rungs that continue a stopped run change nothing: the same epochs, the same integer model.
        QatSession session = QatSession.start(patient, null, TrainingListener.NONE);
        session.trainTo(2, dir.resolve("two"), TrainingListener.NONE);
        session.park();
        session.trainTo(7, dir.resolve("seven"), TrainingListener.NONE);
        TrainJob.Result twelve = session.trainTo(12, dir.resolve("twelve"), TrainingListener.NONE);
        assertThat(history(twelve)).isEqualTo(history(straight));
        assertThat(bytes("twelve", QatJob.INTEGER_FILE)).isEqualTo(bytes("straight", QatJob.INTEGER_FILE));
    }

    @Test
    void aSharedFloatModelGivesTheSameQatResultAsTrainingItHere() throws IOException {
        TrainConfig c = config("step");
        QatJob.run(c, null, dir.resolve("here"), TrainingListener.NONE);
        // The float model of another bit width: only the quantization keys differ.
        TrainConfig eight = ConfigSchema.overlay(c, Map.of("bits", 8), Origin.of("test")).validate();
        TrainJob.run(eight, dir.resolve("float"), TrainingListener.NONE);
        QatJob.run(c, dir.resolve("float").resolve(TrainJob.MODEL_FILE), dir.resolve("shared"), TrainingListener.NONE);
        assertThat(bytes("shared", QatJob.INTEGER_FILE)).isEqualTo(bytes("here", QatJob.INTEGER_FILE));
    }

    @Test
    void goingBackIsRefused() {
        QatSession session = QatSession.start(config("step"), null, TrainingListener.NONE);
        session.trainTo(3, dir.resolve("three"), TrainingListener.NONE);
        assertThatThrownBy(() -> session.trainTo(2, dir.resolve("two"), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.trainTo(5, dir.resolve("five"), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @SuppressWarnings("unchecked")
    static java.util.List<Object> history(TrainJob.Result r) {
        java.util.List<Map<String, Object>> h = (java.util.List<Map<String, Object>>)
                ((Map<String, Object>) r.content().get("qat_training")).get("history");
        return h.stream().map(e -> (Object) java.util.List.of(e.get("train_loss"), e.get("val_mse"), e.get("lr"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> qatTraining(TrainJob.Result r) {
        return (Map<String, Object>) r.content().get("qat_training");
    }

    @SuppressWarnings("unchecked")
    private static double bestVal(TrainJob.Result r) {
        return ((Number) ((Map<String, Object>) r.content().get("qat_training")).get("best_val_mse")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static int qatEpochs(TrainJob.Result r) {
        return ((Number) ((Map<String, Object>) r.content().get("qat_training")).get("epochs")).intValue();
    }

    private Map<?, ?> straightReport(String schedule) throws IOException {
        return org.intformer.io.Json.MAPPER.readValue(dir.resolve(schedule + "-straight").resolve(TrainJob.REPORT_FILE).toFile(), Map.class);
    }

    private byte[] bytes(String sub, String file) throws IOException {
        return Files.readAllBytes(dir.resolve(sub).resolve(file));
    }
}
