package org.intformer.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.junit.jupiter.api.Test;

/** NSGA-II's budget counts each training once: float models shared by bit widths, trainings shared by lanes. */
class PointEpochsTest {
    private static final TrainConfig BASE = ConfigSchema.overlay(TrainConfig.defaults(),
            Map.of("epochs", 5, "qat-epochs", 3), Origin.of("test")).validate();

    private static final SearchSpace SPACE = new SearchSpace(axes());

    private static Map<String, List<Object>> axes() {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        m.put("d-model", List.of(16L, 32L));
        m.put("bits", List.of(8L, 4L));
        m.put("lanes", List.of(1L, 2L));
        return m;
    }

    private static PointSpec point(long index) {
        return PointSpec.of(SPACE, index, BASE);
    }

    @Test
    void sharedTrainingsAndFloatModelsCountOnce() {
        // p000 (16, 8, 1), p001 (16, 8, 2): lanes siblings; p002 (16, 4, 1): same float model; p004 (32, 8, 1): its own.
        List<PointSpec> points = List.of(point(0), point(1), point(2), point(4));
        assertThat(ExploreJob.pointEpochs(points, Map.of(), true)).isEqualTo(3 + 3 + 5 + 3 + 5);
        assertThat(ExploreJob.pointEpochs(points, Map.of(), false)).isEqualTo(3 * (5 + 3));
    }

    @Test
    void aPointRefusedBeforeTrainingCostsNothing() {
        PointOutcome refused = new PointOutcome("p004", 0, PointOutcome.INFEASIBLE, "too large (before training)", 5, 3,
                null, null, null, null, 1.0, 1.0, 10L, 1, 1, 1, 0, 0, 0, null, null, false, 0.1);
        List<PointSpec> points = List.of(point(0), point(4));
        assertThat(ExploreJob.pointEpochs(points, Map.of("p004", List.of(refused)), true)).isEqualTo(5 + 3);
    }
}
