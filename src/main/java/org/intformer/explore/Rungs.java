package org.intformer.explore;

import org.intformer.Futures;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.intformer.config.TrainConfig;

/**
 * Runs the halving rungs: each rung's points as tasks of an {@link ExploreEngine}, results collected in point order so
 * neither the engine nor its parallelism ever matters; stored results are reused, new ones stored as soon as they finish.
 */
final class Rungs {
    private final ExploreSettings settings;
    private final HalvingSchedule schedule;
    private final ResultStore store;
    private final ExploreEngine engine;
    private final Map<String, List<PointOutcome>> history = new TreeMap<>();
    private final AtomicInteger reused = new AtomicInteger();
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicInteger trainings = new AtomicInteger();

    Rungs(ExploreSettings settings, HalvingSchedule schedule, ResultStore store, ExploreEngine engine) {
        this.settings = settings;
        this.schedule = schedule;
        this.store = store;
        this.engine = engine;
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

    /** Models trained in this run: computed results minus those that shared a lanes sibling's training. */
    int trainings() {
        return trainings.get();
    }

    void runAll(List<PointSpec> valid, ExploreProgress bar) {
        List<PointSpec> alive = valid;
        try {
            for (int rung = 0; rung < schedule.rungs(); rung++) {
                // Nothing left to rank: a lone survivor goes straight to the final rung.
                if (rung < schedule.finalRung() && alive.size() <= 1) {
                    continue;
                }
                int r0 = rung;
                store.adopt(alive.stream().map(p -> new ResultStore.Want(p.id(), r0, hash(p, r0))).toList());
                Map<String, Future<TaskResult>> futures = new TreeMap<>();
                for (PointSpec p : submissionOrder(alive, rung)) {
                    PointTask task = task(p, rung);
                    futures.put(p.id(), engine.submit(task).whenComplete((r, e) -> {
                        if (r != null) {
                            (r.reused() ? reused : computed).incrementAndGet();
                            if (r.trained()) {
                                trainings.incrementAndGet();
                            }
                            bar.taskDone(task.config().epochs(), r.reused());
                        }
                    }));
                }
                List<PointOutcome> outcomes = new ArrayList<>();
                for (PointSpec p : alive) {
                    outcomes.add(Futures.await(futures.get(p.id())).outcome());
                }
                outcomes.forEach(o -> history.computeIfAbsent(o.id(), k -> new ArrayList<>()).add(o));
                if (rung == schedule.finalRung()) {
                    break;
                }
                List<PointOutcome> ranked = outcomes.stream().filter(PointOutcome::trainedAndFits).toList();
                Set<String> promoted = new HashSet<>(ExploreJob.ids(schedule.promote(ranked, PointOutcome::valMse, PointOutcome::id)));
                engine.release(alive.stream().map(PointSpec::id).filter(id -> !promoted.contains(id)).toList());
                alive = alive.stream().filter(p -> promoted.contains(p.id())).toList();
                bar.replan(schedule.plannedEpochs(alive.size(), rung + 1), schedule.plannedTasks(alive.size(), rung + 1));
            }
        } finally {
            engine.release(valid.stream().map(PointSpec::id).toList());
        }
    }

    /**
     * The order tasks start in (results are still collected in point order). Warm-started points that share a float
     * model (or a training: lanes) would wait for the one that trains it, leaving cores idle, if they started side by
     * side as the id order has them: the first point of each float model starts first, then the second of each, and
     * so on, so the float models train in parallel and the points that share one start once it exists.
     */
    private List<PointSpec> submissionOrder(List<PointSpec> points, int rung) {
        if (!settings.warmStart()) {
            return points;
        }
        Map<Map<String, Object>, Integer> seen = new java.util.HashMap<>();
        Map<String, Integer> rank = new java.util.HashMap<>();
        for (PointSpec p : points) {
            rank.put(p.id(), seen.merge(FloatModels.floatKey(p.atRung(schedule, rung, true)), 1, Integer::sum));
        }
        return points.stream().sorted(java.util.Comparator.comparing((PointSpec p) -> rank.get(p.id())).thenComparing(PointSpec::id))
                .toList();
    }

    private String hash(PointSpec p, int rung) {
        return store.hash(p.atRung(schedule, rung, settings.warmStart()), p.lanes(), settings.target(), rung,
                settings.warmStart() ? p.config().qatEpochs() : null);
    }

    /** The task of a point at a rung, keyed here (where the data file and the code are hashed), to run anywhere. */
    private PointTask task(PointSpec p, int rung) {
        TrainConfig config = p.atRung(schedule, rung, settings.warmStart());
        // Cost the untrained shape only the first time a point runs; later rungs already passed that check.
        boolean firstRun = !history.containsKey(p.id());
        String trainingKey = store.hash(config, 0, settings.target(), rung, settings.warmStart() ? p.config().qatEpochs() : null);
        return new PointTask(p.id(), rung, config, p.config(), p.lanes(), hash(p, rung), trainingKey, store.dataHash(config),
                firstRun, rung == schedule.finalRung());
    }
}
