package org.intformer.explore;

import java.nio.file.Path;
import java.util.Collection;

/**
 * Runs {@link PointTask}s where an engine puts them (a thread of this process, a Spark executor): a stored result
 * whose key matches is reused untouched, anything else is computed and stored atomically the moment it finishes, so
 * a killed run, worker or task never redoes a finished (point, rung). One worker per exploration run and process:
 * it keeps the warm-started QAT runs parked between rungs and the trainings shared by points that differ only in lanes.
 */
public final class PointWorker {
    private final ResultStore store;
    private final PointRunner runner;

    /** A worker for the exploration in {@code outDir}, keyed by the code hash of the process that planned it. */
    public PointWorker(Path outDir, String code, String target, boolean warmStart) {
        this(new ResultStore(outDir, code), new PointRunner(target, warmStart ? new FloatModels(outDir, code) : null));
    }

    PointWorker(ResultStore store, PointRunner runner) {
        this.store = store;
        this.runner = runner;
    }

    public TaskResult execute(PointTask task) {
        PointOutcome stored = store.reusable(task.id(), task.rung(), task.hash());
        if (stored != null) {
            return new TaskResult(stored, true, false);
        }
        TaskResult result = runner.run(task, store.workDir(task.id(), task.rung()));
        store.save(result.outcome(), task.hash(), task.config());
        return result;
    }

    /** Lets go of the parked QAT runs of points that go no further. */
    public void release(Collection<String> ids) {
        runner.release(ids);
    }
}
