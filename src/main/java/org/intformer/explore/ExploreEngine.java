package org.intformer.explore;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.intformer.config.TrainConfig;

/**
 * Where an exploration's (point, rung) tasks run. The exploration itself (sampling, rungs, promotion, NSGA-II,
 * fronts, reports) is one piece of code, {@link ExploreJob}; an engine only runs tasks, each through a
 * {@link PointWorker}, which reuses a stored result or computes and stores it the moment it finishes. Results are
 * collected in the order the exploration asked for them, so explore.json does not depend on the engine.
 */
public interface ExploreEngine extends AutoCloseable {

    /** Starts one task; the future completes with its result (or the exception that ended it). */
    CompletableFuture<TaskResult> submit(PointTask task);

    /** Points that run no further rung: whatever the engine keeps for them (a parked QAT run) can go. */
    default void release(Collection<String> ids) {
    }

    /** Called once with the finished points of explore.json (the same maps as explore.csv): extra outputs, if any. */
    default void finish(List<Map<String, Object>> points, Path outDir) {
    }

    @Override
    void close();

    /**
     * What an engine is started with.
     *
     * @param outDir   the exploration's directory (workers must see it at this path)
     * @param code     {@link org.intformer.config.Build#codeHash()} where the exploration is planned
     * @param target   the FPGA target
     * @param warmStart whether rungs are warm-started
     * @param workers  tasks at once for a local engine (resolved; at least 1)
     * @param base     the base configuration (its data file is the one the points read, unless the space varies it)
     */
    record Context(Path outDir, String code, String target, boolean warmStart, int workers, TrainConfig base) {
    }

    /** Starts an engine by name; found through {@link java.util.ServiceLoader} for engines outside this jar. */
    interface Provider {
        String name();

        ExploreEngine start(Context context);
    }
}
