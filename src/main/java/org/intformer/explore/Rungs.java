package org.intformer.explore;

import org.intformer.Futures;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.intformer.config.TrainConfig;

/**
 * Runs the halving rungs: each rung's points on a fixed pool, results collected in point order so the pool size
 * never matters; stored results are reused, new ones stored as soon as they finish.
 */
final class Rungs {
    private final ExploreSettings settings;
    private final HalvingSchedule schedule;
    private final ResultStore store;
    private final PointRunner runner;
    private final Map<String, List<PointOutcome>> history = new TreeMap<>();
    private final AtomicInteger reused = new AtomicInteger();
    private final AtomicInteger computed = new AtomicInteger();

    Rungs(ExploreSettings settings, HalvingSchedule schedule, ResultStore store, PointRunner runner) {
        this.settings = settings;
        this.schedule = schedule;
        this.store = store;
        this.runner = runner;
    }

    Map<String, List<PointOutcome>> history() {
        return history;
    }

    ResultStore store() {
        return store;
    }

    int reused() {
        return reused.get();
    }

    int computed() {
        return computed.get();
    }

    void runAll(List<PointSpec> valid, ExploreProgress bar) {
        List<PointSpec> alive = valid;
        ExecutorService pool = Executors.newFixedThreadPool(settings.resolvedWorkers());
        try {
            for (int rung = 0; rung < schedule.rungs(); rung++) {
                // Nothing left to rank: a lone survivor goes straight to the final rung.
                if (rung < schedule.finalRung() && alive.size() <= 1) {
                    continue;
                }
                int r0 = rung;
                store.adopt(alive.stream().map(p -> new ResultStore.Want(p.id(), r0, hash(p, r0))).toList());
                List<Future<PointOutcome>> futures = new ArrayList<>();
                for (PointSpec p : alive) {
                    int r = rung;
                    futures.add(pool.submit(() -> runOrReuse(p, r, bar)));
                }
                List<PointOutcome> outcomes = new ArrayList<>();
                for (Future<PointOutcome> f : futures) {
                    outcomes.add(Futures.await(f));
                }
                outcomes.forEach(o -> history.computeIfAbsent(o.id(), k -> new ArrayList<>()).add(o));
                if (rung == schedule.finalRung()) {
                    break;
                }
                List<PointOutcome> ranked = outcomes.stream().filter(PointOutcome::trainedAndFits).toList();
                Set<String> promoted = new HashSet<>(ExploreJob.ids(schedule.promote(ranked, PointOutcome::valMse, PointOutcome::id)));
                alive = alive.stream().filter(p -> promoted.contains(p.id())).toList();
                bar.replan(schedule.plannedEpochs(alive.size(), rung + 1), schedule.plannedTasks(alive.size(), rung + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String hash(PointSpec p, int rung) {
        return store.hash(p.atRung(schedule, rung), p.lanes(), settings.target(), rung);
    }

    private PointOutcome runOrReuse(PointSpec p, int rung, ExploreProgress bar) {
        TrainConfig config = p.atRung(schedule, rung);
        String hash = store.hash(config, p.lanes(), settings.target(), rung);
        PointOutcome stored = store.reusable(p.id(), rung, hash);
        if (stored != null) {
            reused.incrementAndGet();
            bar.taskDone(config.epochs(), true);
            return stored;
        }
        // Cost the untrained shape only the first time a point runs; later rungs already passed that check.
        boolean firstRun = !history.containsKey(p.id());
        PointOutcome o = runner.run(p, rung, config, store.workDir(p.id(), rung), firstRun);
        store.save(o, hash, config);
        computed.incrementAndGet();
        bar.taskDone(config.epochs(), false);
        return o;
    }
}
