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
     * @param trainings models trained in this run: computed results minus those that shared a training (lanes only)
     * @param failures points whose hardware run failed or whose simulated cycles differ from the schedule:
     *                 {id, stage, error} each, also in explore.json's "failures"
     */
    public record Result(Path dir, Map<String, Object> explore, String chosenId, TrainConfig chosenConfig, int reused,
                         int computed, int trainings, List<Map<String, Object>> failures) {
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

    /** The points a grid or random search trains; for NSGA-II, its first population. */
    private static List<PointSpec> points(TrainConfig base, ExploreSettings settings, SearchSpace space) {
        List<Long> indices = settings.search() == ExploreSettings.Search.NSGA2
                ? Nsga2Search.initial(space, settings, base.seed()) : Sampler.indices(space, settings, base.seed());
        return indices.stream().map(i -> PointSpec.of(space, i, base)).toList();
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
        return run(loaded, configFile, outDir, progress, workers, LocalEngine.NAME);
    }

    /** As above, the tasks run by the named engine ({@link ExploreEngines}); results do not depend on it. */
    public static Result run(ConfigLoader.Sectioned loaded, Path configFile, Path outDir, PrintStream progress, Integer workers,
                             String engine) {
        SectionLines lines = SectionLines.of(configFile);
        ExploreSettings settings = ExploreSettings.parse(loaded.section(SECTION), lines);
        if (workers != null) {
            settings = settings.withWorkers(workers);
        }
        ExploreEngine.Provider provider = ExploreEngines.provider(engine);
        return run(loaded.config(), settings, lines, outDir, progress, provider);
    }

    static Result run(TrainConfig base, ExploreSettings settings, SectionLines lines, Path outDir, PrintStream progress) {
        return run(base, settings, lines, outDir, progress, ExploreEngines.provider(LocalEngine.NAME));
    }

    static Result run(TrainConfig base, ExploreSettings settings, SectionLines lines, Path outDir, PrintStream progress,
                      ExploreEngine.Provider engineProvider) {
        SearchSpace space = SearchSpace.of(settings.space(), lines);
        List<PointSpec> points = points(base, settings, space);
        HalvingSchedule schedule = HalvingSchedule.of(settings, base.epochs());
        String code = Build.codeHash();
        try (ExploreEngine engine = engineProvider.start(new ExploreEngine.Context(outDir, code, settings.target(),
                settings.warmStart(), settings.resolvedWorkers(), base))) {
            return run(base, settings, space, points, schedule, outDir, progress, code, engine);
        }
    }

    private static Result run(TrainConfig base, ExploreSettings settings, SearchSpace space, List<PointSpec> points,
                              HalvingSchedule schedule, Path outDir, PrintStream progress, String code, ExploreEngine engine) {
        Rungs rungs = new Rungs(settings, schedule, new ResultStore(outDir, code), engine);
        Map<String, Object> nsga2 = null;
        if (settings.search() == ExploreSettings.Search.NSGA2) {
            try (ExploreProgress bar = ExploreProgress.start(progress, schedule.plannedEpochs(settings.samples(), 0),
                    schedule.plannedTasks(settings.samples(), 0))) {
                Nsga2Search search = new Nsga2Search(space, settings, base.seed());
                Map<Long, PointSpec> evaluated = new TreeMap<>();
                Map<Long, PointSpec> byIndex = new java.util.HashMap<>();
                boolean warm = settings.warmStart();
                Nsga2Search.Meter meter = indices -> pointEpochs(indices.stream()
                        .map(i -> byIndex.computeIfAbsent(i, k -> PointSpec.of(space, k, base))).toList(), rungs.history(), warm);
                search.run(points.stream().map(PointSpec::index).toList(), batch -> {
                    List<PointSpec> specs = batch.stream().map(i -> PointSpec.of(space, i, base)).toList();
                    specs.forEach(p -> evaluated.put(p.index(), p));
                    rungs.runAll(specs.stream().filter(PointSpec::valid).toList(), bar);
                    Map<Long, double[]> objectives = new TreeMap<>();
                    for (PointSpec p : specs) {
                        List<PointOutcome> runs = p.valid() ? rungs.history().get(p.id()) : null;
                        PointOutcome o = runs == null ? null : last(runs);
                        if (o != null && o.trainedAndFits()) {
                            objectives.put(p.index(), new double[] {o.valMse(), cost(o, settings.objective())});
                        }
                    }
                    return objectives;
                }, meter);
                points = List.copyOf(evaluated.values());
                nsga2 = search.summary();
            }
        }
        List<PointSpec> valid = points.stream().filter(PointSpec::valid).toList();
        if (valid.isEmpty()) {
            PointSpec first = points.get(0);
            throw new UserError("explore: all " + points.size() + " points are invalid, e.g. " + first.id() + " "
                    + first.params() + ": " + first.invalidReason());
        }
        if (nsga2 == null) {
            try (ExploreProgress bar = ExploreProgress.start(progress, schedule.plannedEpochs(valid.size(), 0),
                    schedule.plannedTasks(valid.size(), 0))) {
                rungs.runAll(valid, bar);
            }
        }

        Map<String, List<PointOutcome>> history = rungs.history();
        List<PointOutcome> finals = valid.stream().map(p -> last(history.get(p.id())))
                .filter(o -> o.rung() == schedule.finalRung() && o.trainedAndFits()).toList();
        ToDoubleFunction<PointOutcome> mse = PointOutcome::valMse;
        List<PointOutcome> energyFront = Pareto.front(finals, mse, PointOutcome::energyUj);
        Map<String, List<String>> fronts = new LinkedHashMap<>();
        fronts.put("energy", ids(energyFront));
        fronts.put("latency", ids(Pareto.front(finals, mse, PointOutcome::latencyUs)));
        fronts.put("area", ids(Pareto.front(finals, mse, o -> cost(o, "area"))));
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
        search.put("trained", rungs.history().values().stream().flatMap(List::stream)
                .filter(o -> o.valMse() != null).count());
        if (nsga2 != null) {
            search.put("nsga2", nsga2);
        }
        explore.put("search", search);
        explore.put("points", pointMaps);
        explore.put("chosen", chosen == null ? null : chosen.id());
        explore.put("front", fronts.get("energy"));
        explore.put("fronts", fronts);
        Map<String, Object> costModelError = FrontVerifier.costModelError(finals, hardware);
        List<Map<String, Object>> failures = FrontVerifier.failures(hardware, costModelError);
        explore.put("failures", failures);
        explore.put("cost_model_error", costModelError);
        Map<String, Object> baselines = Evaluation.baselines(DataLoader.prepare(base));
        explore.put("hypervolume", hypervolume(finals, settings.objective(), baselines));
        explore.put("baselines", baselines);
        Json.writeAtomically(outDir.resolve(JSON_FILE), explore);
        AtomicFiles.writeString(outDir.resolve(CSV_FILE), ExploreCsv.render(pointMaps));
        engine.finish(pointMaps, outDir);

        TrainConfig chosenConfig = null;
        if (chosen != null) {
            PointSpec spec = points.stream().filter(p -> p.id().equals(chosen.id())).findFirst().orElseThrow();
            chosenConfig = ConfigSchema.overlay(spec.config(), Map.of("threads", base.threads()), Origin.commandLine()).validate();
        }
        return new Result(outDir, explore, chosen == null ? null : chosen.id(), chosenConfig, rungs.reused(), rungs.computed(),
                rungs.trainings(), failures);
    }

    /**
     * The training {@code points} cost at full epochs (one rung, as NSGA-II trains them), in point-epochs: each training's
     * QAT epochs once (points that differ only in lanes share it) and each float model's epochs once (with warm start
     * shared by the points that differ only in quantization keys; without, every training has its own). A point already
     * run counts only if it trained (not refused by the cost model first); a point not yet run counts what it would train
     * at most. Without early stopping these are the epochs trained.
     */
    static long pointEpochs(List<PointSpec> points, Map<String, List<PointOutcome>> history, boolean warmStart) {
        java.util.Set<TrainConfig> trainings = new java.util.HashSet<>();
        java.util.Set<Map<String, Object>> floatModels = new java.util.HashSet<>();
        long total = 0;
        for (PointSpec p : points) {
            List<PointOutcome> runs = p.valid() ? history.get(p.id()) : null;
            boolean refused = runs != null && runs.stream().allMatch(o -> o.valMse() == null);
            if (!p.valid() || refused || !trainings.add(p.config())) {
                continue;
            }
            total += p.config().qatEpochs();
            if (!warmStart || floatModels.add(FloatModels.floatKey(p.config()))) {
                total += p.config().epochs();
            }
        }
        return total;
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

    /** The cost axis of an objective: energy (µJ per inference), latency (µs) or area (LUTs, or LCs on iCE40). */
    static double cost(PointOutcome o, String objective) {
        return switch (objective) {
            case "energy" -> o.energyUj();
            case "latency" -> o.latencyUs();
            case "area" -> o.lut() != null ? o.lut() : o.lc();
            default -> throw new IllegalArgumentException("objective " + objective);
        };
    }

    /**
     * The hypervolume of the fitting final points in (validation MSE, objective cost), against the reference
     * (validation MSE of the naive forecast: a model no better than repeating the last value is worth nothing;
     * 1.1 × the largest cost among those points). Compare two runs' values only when their references agree.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> hypervolume(List<PointOutcome> finals, String objective, Map<String, Object> baselines) {
        double naiveVal = ((Number) ((Map<String, Object>) ((Map<String, Object>) baselines.get("naive")).get("val")).get("mse"))
                .doubleValue();
        double maxCost = finals.stream().mapToDouble(o -> cost(o, objective)).max().orElse(0);
        double[] reference = {naiveVal, 1.1 * maxCost};
        List<double[]> front = finals.stream().map(o -> new double[] {o.valMse(), cost(o, objective)}).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", objective);
        m.put("reference", List.of(reference[0], reference[1]));
        m.put("value", Pareto.hypervolume(front, reference));
        return m;
    }

    /**
     * explore.json without its wall-clock fields (each point's {@code seconds}): what any two runs of the same exploration
     * share, whatever the engine, the worker count or the interruptions.
     */
    public static com.fasterxml.jackson.databind.JsonNode withoutTimes(Path exploreJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = Json.MAPPER.readTree(exploreJson.toFile());
            stripTimes(root);
            return root;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void stripTimes(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("seconds");
        }
        node.forEach(ExploreJob::stripTimes);
    }

    private static PointOutcome last(List<PointOutcome> runs) {
        return runs.get(runs.size() - 1);
    }

    static List<String> ids(List<PointOutcome> outcomes) {
        return outcomes.stream().map(PointOutcome::id).toList();
    }
}
