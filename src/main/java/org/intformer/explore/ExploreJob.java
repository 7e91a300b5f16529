package org.intformer.explore;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.intformer.Futures;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.intformer.UserError;
import org.intformer.app.DataLoader;
import org.intformer.app.Evaluation;
import org.intformer.app.QatJob;
import org.intformer.config.Build;
import org.intformer.config.ConfigLoader;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.io.AtomicFiles;
import org.intformer.io.Json;

/**
 * {@code intformer explore}: expands or samples the design space, trains the points with successive halving
 * on validation MSE (in parallel, one thread per point), costs each on the target, takes the Pareto fronts of
 * the fitting final points, verifies the front in hardware and writes {@code DIR/explore.json} and
 * {@code DIR/explore.csv}. Every (point, rung) result is its own file, so a rerun resumes.
 */
public final class ExploreJob {
    public static final String SECTION = "explore";
    public static final String JSON_FILE = "explore.json";
    public static final String CSV_FILE = "explore.csv";

    /**
     * What the exploration produced: the explore.json content, and the chosen point (null when no point fits)
     * with its configuration, ready for a full run (threads back to the base configuration's).
     *
     * @param reused   (point, rung) results taken from an earlier run's files
     * @param computed (point, rung) results trained in this run
     * @param failures points whose hardware run failed or whose simulated cycles differ from the schedule:
     *                 {id, stage, error} each, also in explore.json's "failures"
     */
    public record Result(Path dir, Map<String, Object> explore, String chosenId, TrainConfig chosenConfig, int reused,
                         int computed, List<Map<String, Object>> failures) {
        /** One line per failure, for the console: "p012 hardware: ...". */
        public List<String> failureLines() {
            return failures.stream().map(f -> f.get("id") + " " + f.get("stage") + ": "
                    + String.valueOf(f.get("error")).strip().replaceAll("\\s*\\R\\s*", " ")).toList();
        }
    }

    /** What a run would do, without training: the points (valid or not) and the rung epochs. */
    public record Plan(long gridSize, List<PointSpec> points, List<Integer> rungEpochs, int eta) {
        public long valid() {
            return points.stream().filter(PointSpec::valid).count();
        }
    }

    private ExploreJob() {
    }

    /** Checks the section and expands the space, as a run would, for {@code --dry-run}. */
    public static Plan plan(ConfigLoader.Sectioned loaded, Path configFile) {
        SectionLines lines = SectionLines.of(configFile);
        ExploreSettings settings = ExploreSettings.parse(loaded.section(SECTION), lines);
        SearchSpace space = SearchSpace.of(settings.space(), lines);
        List<PointSpec> points = points(loaded.config(), settings, space);
        return new Plan(space.size(), points, HalvingSchedule.of(settings, loaded.config().epochs()).rungEpochs(), settings.eta());
    }

    private static List<PointSpec> points(TrainConfig base, ExploreSettings settings, SearchSpace space) {
        return Sampler.indices(space, settings, base.seed()).stream().map(i -> PointSpec.of(space, i, base)).toList();
    }

    /**
     * @param loaded     the base configuration and the file's sections (the explore section must be there)
     * @param configFile the YAML file, for line numbers in messages (null without one)
     * @param progress   where the progress bar goes; null for none
     */
    public static Result run(ConfigLoader.Sectioned loaded, Path configFile, Path outDir, PrintStream progress) {
        return run(loaded, configFile, outDir, progress, null);
    }

    /** As above, with {@code workers} (when not null) instead of explore.workers; results do not depend on it. */
    public static Result run(ConfigLoader.Sectioned loaded, Path configFile, Path outDir, PrintStream progress, Integer workers) {
        SectionLines lines = SectionLines.of(configFile);
        ExploreSettings settings = ExploreSettings.parse(loaded.section(SECTION), lines);
        if (workers != null) {
            settings = settings.withWorkers(workers);
        }
        return run(loaded.config(), settings, lines, outDir, progress);
    }

    static Result run(TrainConfig base, ExploreSettings settings, SectionLines lines, Path outDir, PrintStream progress) {
        SearchSpace space = SearchSpace.of(settings.space(), lines);
        List<PointSpec> points = points(base, settings, space);
        List<PointSpec> valid = points.stream().filter(PointSpec::valid).toList();
        if (valid.isEmpty()) {
            PointSpec first = points.get(0);
            throw new UserError("explore: all " + points.size() + " points are invalid, e.g. " + first.id() + " "
                    + first.params() + ": " + first.invalidReason());
        }
        HalvingSchedule schedule = HalvingSchedule.of(settings, base.epochs());
        Rungs rungs = new Rungs(settings, schedule, new ResultStore(outDir, Build.codeHash()), new PointRunner(settings.target()));
        try (ExploreProgress bar = ExploreProgress.start(progress, schedule.plannedEpochs(valid.size(), 0),
                schedule.plannedTasks(valid.size(), 0))) {
            rungs.runAll(valid, bar);
        }

        Map<String, List<PointOutcome>> history = rungs.history();
        List<PointOutcome> finals = valid.stream().map(p -> last(history.get(p.id())))
                .filter(o -> o.rung() == schedule.finalRung() && o.trainedAndFits()).toList();
        ToDoubleFunction<PointOutcome> mse = PointOutcome::valMse;
        List<PointOutcome> energyFront = Pareto.front(finals, mse, PointOutcome::energyUj);
        Map<String, List<String>> fronts = new LinkedHashMap<>();
        fronts.put("energy", ids(energyFront));
        fronts.put("latency", ids(Pareto.front(finals, mse, PointOutcome::latencyUs)));
        fronts.put("area", ids(Pareto.front(finals, mse, o -> o.lut() != null ? o.lut() : o.lc())));
        PointOutcome chosen = finals.stream()
                .min(Comparator.comparing(PointOutcome::valMse).thenComparing(PointOutcome::id)).orElse(null);

        Map<String, Map<String, Object>> hardware = verify(settings, rungs, finals, energyFront, chosen, outDir);

        List<Map<String, Object>> pointMaps = new ArrayList<>();
        for (PointSpec p : points) {
            pointMaps.add(pointMap(p, history.get(p.id()), schedule, energyFront, chosen, hardware.get(p.id()), outDir, rungs.store()));
        }
        Map<String, Object> explore = new LinkedHashMap<>();
        explore.put("config", ConfigLoader.toMap(base));
        Map<String, Object> search = settings.toMap();
        search.put("grid_size", space.size());
        search.put("points", points.size());
        search.put("invalid", points.size() - valid.size());
        search.put("rung_epochs", schedule.rungEpochs());
        search.put("clock_mhz", CostedShape.clockMhz(settings.target()));
        // the points' latency and energy are cost-model estimates at this requested clock, not at a measured one
        search.put("clock_source", "requested clock, not timed (estimate); synthesized points carry hardware.timing");
        explore.put("search", search);
        explore.put("points", pointMaps);
        explore.put("chosen", chosen == null ? null : chosen.id());
        explore.put("front", fronts.get("energy"));
        explore.put("fronts", fronts);
        Map<String, Object> costModelError = FrontVerifier.costModelError(finals, hardware);
        List<Map<String, Object>> failures = FrontVerifier.failures(hardware, costModelError);
        explore.put("failures", failures);
        explore.put("cost_model_error", costModelError);
        explore.put("baselines", Evaluation.baselines(DataLoader.prepare(base)));
        Json.writeAtomically(outDir.resolve(JSON_FILE), explore);
        AtomicFiles.writeString(outDir.resolve(CSV_FILE), ExploreCsv.render(pointMaps));

        TrainConfig chosenConfig = null;
        if (chosen != null) {
            PointSpec spec = points.stream().filter(p -> p.id().equals(chosen.id())).findFirst().orElseThrow();
            chosenConfig = ConfigSchema.overlay(spec.config(), Map.of("threads", base.threads()), Origin.commandLine()).validate();
        }
        return new Result(outDir, explore, chosen == null ? null : chosen.id(), chosenConfig, rungs.reused(), rungs.computed(),
                failures);
    }

    /** Hardware for the front (at most verify-front points by validation MSE, the chosen one always included), or every final point. */
    private static Map<String, Map<String, Object>> verify(ExploreSettings s, Rungs rungs, List<PointOutcome> finals,
                                                           List<PointOutcome> front, PointOutcome chosen, Path outDir) {
        List<PointOutcome> targets;
        if (s.synthAll()) {
            targets = finals;
        } else if (s.verifyFront() == 0 || chosen == null) {
            targets = List.of();
        } else {
            List<PointOutcome> sorted = front.stream()
                    .sorted(Comparator.comparing(PointOutcome::valMse).thenComparing(PointOutcome::id)).toList();
            List<PointOutcome> picked = new ArrayList<>(sorted.subList(0, Math.min(s.verifyFront(), sorted.size())));
            if (!picked.contains(chosen)) {
                picked.set(picked.size() - 1, chosen);
            }
            targets = picked;
        }
        // Each point's simulation and synthesis is a single-threaded tool run: one per worker at a time.
        Map<String, Future<Map<String, Object>>> pending = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, s.resolvedWorkers()));
        try {
            for (PointOutcome p : targets) {
                Path iqm = rungs.store().workDir(p.id(), p.rung()).resolve(QatJob.INTEGER_FILE);
                pending.put(p.id(), pool.submit(() -> FrontVerifier.verify(iqm, s.target(), p.lanes(),
                        outDir.resolve("front").resolve(p.id()), outDir)));
            }
            Map<String, Map<String, Object>> hardware = new TreeMap<>();
            pending.forEach((id, f) -> hardware.put(id, Futures.await(f)));
            return hardware;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Object> pointMap(PointSpec p, List<PointOutcome> runs, HalvingSchedule schedule,
                                                List<PointOutcome> front, PointOutcome chosen, Map<String, Object> hardware,
                                                Path outDir, ResultStore store) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("params", p.params());
        if (!p.valid()) {
            m.put("status", PointOutcome.INVALID);
            m.put("reason", p.invalidReason());
            return m;
        }
        PointOutcome o = last(runs);
        Map<String, Object> values = o.toMap();
        String status = o.status();
        if (PointOutcome.DONE.equals(status) && o.rung() < schedule.finalRung()) {
            status = PointOutcome.PRUNED;
        }
        values.remove("id");
        values.put("status", status);
        values.put("reason", PointOutcome.PRUNED.equals(status)
                ? "not in the best 1/eta by validation MSE after rung " + o.rung() : o.reason());
        values.put("pareto", front.contains(o));
        values.put("chosen", o.equals(chosen));
        values.put("seconds", Math.round(runs.stream().mapToDouble(PointOutcome::seconds).sum() * 1000) / 1000.0);
        if (PointOutcome.DONE.equals(o.status())) {
            values.put("model", outDir.relativize(store.workDir(o.id(), o.rung()).resolve(QatJob.INTEGER_FILE)).toString());
        }
        values.put("rungs", runs.stream().map(r -> {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("rung", r.rung());
            h.put("epochs", r.epochs());
            h.put("qat_epochs", r.qatEpochs());
            h.put("status", r.status());
            h.put("val_mse", r.valMse());
            return h;
        }).toList());
        if (hardware != null) {
            values.put("hardware_status", FrontVerifier.status(hardware));
            values.put("hardware", hardware);
        }
        m.putAll(values);
        return m;
    }

    private static PointOutcome last(List<PointOutcome> runs) {
        return runs.get(runs.size() - 1);
    }

    static List<String> ids(List<PointOutcome> outcomes) {
        return outcomes.stream().map(PointOutcome::id).toList();
    }
}
