package org.intformer.spark;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.intformer.app.DataLoader;
import org.intformer.explore.PointTask;
import org.intformer.explore.PointWorker;
import org.intformer.explore.TaskResult;

/**
 * What a Spark task runs: one {@link PointTask} through this executor's {@link PointWorker} of the exploration run.
 * The data file's content arrives as a broadcast (fetched once per executor), so an executor's machine needs the
 * exploration's directory (shared storage) but not the data file. A retried task finds its result stored if an
 * earlier attempt finished, and then reuses it.
 */
final class PointTaskFunction implements Function<PointTask, TaskResult> {
    /** One worker per exploration run and executor JVM (it parks warm-started QAT runs between rungs). */
    private static final Map<String, PointWorker> WORKERS = new ConcurrentHashMap<>();

    private final String run;
    private final String outDir;
    private final String code;
    private final String target;
    private final boolean warmStart;
    /** The data file as configured, and its content; null for the built-in synthetic series. */
    private final String dataPath;
    private final Broadcast<byte[]> data;

    PointTaskFunction(String run, Path outDir, String code, String target, boolean warmStart, String dataPath,
                      Broadcast<byte[]> data) {
        this.run = run;
        this.outDir = outDir.toAbsolutePath().toString();
        this.code = code;
        this.target = target;
        this.warmStart = warmStart;
        this.dataPath = dataPath;
        this.data = data;
    }

    @Override
    public TaskResult call(PointTask task) {
        if (data != null) {
            DataLoader.provide(dataPath, data.value());
        }
        return WORKERS.computeIfAbsent(run, r -> new PointWorker(Path.of(outDir), code, target, warmStart)).execute(task);
    }

    /** The run's worker in this JVM, if a task of it ran here (the driver's JVM in local mode); null otherwise. */
    static PointWorker local(String run) {
        return WORKERS.get(run);
    }

    /** Drops the run's worker from this JVM (executors of a cluster end with the application). */
    static void forget(String run) {
        WORKERS.remove(run);
    }
}
