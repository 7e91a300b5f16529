package org.intformer.explore;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The default engine: tasks on a fixed pool of {@code workers} threads of this process, one thread per point. */
final class LocalEngine implements ExploreEngine {
    static final String NAME = "local";

    private final PointWorker worker;
    private final ExecutorService pool;

    LocalEngine(Context context) {
        this.worker = new PointWorker(context.outDir(), context.code(), context.target(), context.warmStart());
        this.pool = Executors.newFixedThreadPool(Math.max(1, context.workers()));
    }

    @Override
    public CompletableFuture<TaskResult> submit(PointTask task) {
        return CompletableFuture.supplyAsync(() -> worker.execute(task), pool);
    }

    @Override
    public void release(Collection<String> ids) {
        worker.release(ids);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
