package org.intformer.explore;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;

/**
 * One point of the space: its parameters, and either its full training configuration (the base with the
 * parameters, threads = 1 so that points can run side by side) and accelerator lanes, or why it is invalid.
 *
 * @param lanes 0 = automatic
 */
public record PointSpec(String id, long index, Map<String, Object> params, TrainConfig config, int lanes,
                        String invalidReason) {

    /** Threads a point trains on (an engine gives each running point this many cores: Spark's spark.task.cpus). */
    public static final int THREADS = 1;

    public boolean valid() {
        return invalidReason == null;
    }

    /** Training is deterministic for a seed whatever the thread count, so one thread per point changes nothing but speed. */
    static PointSpec of(SearchSpace space, long index, TrainConfig base) {
        Map<String, Object> params = space.point(index);
        String id = space.id(index);
        Map<String, Object> overlay = new LinkedHashMap<>(params);
        Object lanes = overlay.remove(SearchSpace.LANES);
        overlay.put("threads", THREADS);
        int lanesValue = lanes instanceof Integer i ? i : 0;
        try {
            TrainConfig config = ConfigSchema.overlay(base, overlay, Origin.of("explore point " + id)).validate();
            return new PointSpec(id, index, params, config, lanesValue, null);
        } catch (UserError e) {
            return new PointSpec(id, index, params, null, lanesValue, e.getMessage());
        }
    }

    /**
     * This point's configuration at a rung: QAT epochs cut in the proportion of the rung's float epochs (at least 1),
     * and the float epochs cut too unless the rungs are warm-started (then the float model is trained in full once
     * and only QAT is spread over the rungs).
     */
    TrainConfig atRung(HalvingSchedule schedule, int rung, boolean warmStart) {
        int epochs = schedule.epochs(rung, config.epochs());
        int qat = config.epochs() == 0 ? config.qatEpochs()
                : (int) Math.max(config.qatEpochs() == 0 ? 0 : 1, Math.round(config.qatEpochs() * (double) epochs / config.epochs()));
        Map<String, Object> overlay = new LinkedHashMap<>();
        overlay.put("epochs", warmStart ? config.epochs() : epochs);
        overlay.put("qat-epochs", qat);
        return ConfigSchema.overlay(config, overlay, Origin.commandLine()).validate();
    }
}
