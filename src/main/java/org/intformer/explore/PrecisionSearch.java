package org.intformer.explore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.intformer.UserError;
import org.intformer.app.DataLoader;
import org.intformer.app.Engines;
import org.intformer.app.FloatModelStore;
import org.intformer.app.QatJob;
import org.intformer.app.TrainJob;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.integer.IntModelFile;
import org.intformer.io.Json;
import org.intformer.nn.Forecaster;
import org.intformer.pipeline.StageOutcome;
import org.intformer.pipeline.StageStore;
import org.intformer.quant.QatModel;
import org.intformer.tensor.Compute;
import org.intformer.train.TrainingListener;

/**
 * {@code intformer precision}: a sensitivity-driven search for per-layer bit widths (mixed precision).
 *
 * <ol>
 *   <li>Every unit (a linear layer with its output, or an activation point) is set alone to each other width,
 *       the rest at the widest width, and again with the rest at the narrowest, on the trained float model with
 *       calibrated ranges and no fine-tuning: the change of validation MSE and of energy (cost model + power
 *       model) is measured for each.</li>
 *   <li>{@link GreedyBitPath} walks down from the widest (accuracy lost per energy saved) and up from the
 *       narrowest (energy paid per accuracy gained); every assignment along both walks is probed the same
 *       way.</li>
 *   <li>The probed assignments on the joint Pareto front (validation MSE vs energy) are spread over the energy
 *       range and {@code points} of them are fine-tuned with QAT, next to uniform QAT at every candidate width;
 *       all are evaluated by the integer interpreter and costed from their integer models.</li>
 * </ol>
 * Choices use validation MSE only; test MSE is reported. Every QAT run is a stage of {@code DIR/stages}, reused
 * when its inputs did not change, so a stopped search resumes.
 */
public final class PrecisionSearch {
    public static final String JSON_FILE = "precision.json";

    /**
     * @param widths candidate widths, widest first (each 2..8)
     * @param target device the energy is costed for
     * @param points mixed assignments fine-tuned with QAT
     */
    public record Options(List<Integer> widths, String target, int points) {
        public Options {
            if (widths.isEmpty()) {
                throw new UserError("--widths: give at least one width");
            }
            for (int i = 0; i < widths.size(); i++) {
                int w = widths.get(i);
                if (w < 2 || w > 8) {
                    throw new UserError("--widths: " + w + " is outside 2..8");
                }
                if (i > 0 && w >= widths.get(i - 1)) {
                    throw new UserError("--widths: list the widths widest first, each narrower than the one before (got " + widths + ")");
                }
            }
            if (points < 0) {
                throw new UserError("--points: must be zero or positive, got " + points);
            }
            widths = List.copyOf(widths);
        }
    }

    /** The written report and where it is. */
    public record Result(Path json, Map<String, Object> content) {
    }

    private static final String NOT_INTER_SERIES = "precision searches per-layer widths of the encoder model; "
            + "model inter-series is not offered (per-layer widths are encoder-only)";

    private PrecisionSearch() {
    }

    public static Result run(TrainConfig given, Path from, Options options, Path out, PrintStream log,
                             Supplier<TrainingListener> listeners) {
        if (from == null && given.interSeries().interSeries()) {
            throw new UserError(NOT_INTER_SERIES);
        }
        StageStore stages = new StageStore(out.resolve("stages"), org.intformer.config.Build.codeHash());
        Path floatModel = from;
        if (floatModel == null) {
            Map<String, Object> inputs = new LinkedHashMap<>(ConfigLoader.toMap(given));
            inputs.put("data_sha256", given.data() == null ? "synthetic" : org.intformer.io.Fingerprints.file(Path.of(given.data())));
            StageOutcome train = stages.run("float", inputs, dir -> {
                TrainJob.run(given, dir, listeners.get());
                return Map.of();
            });
            floatModel = train.dir().resolve(TrainJob.MODEL_FILE);
        }
        FloatModelStore.Loaded loaded = FloatModelStore.load(floatModel);
        if (!(loaded.model() instanceof Forecaster encoder)) {
            throw new UserError(NOT_INTER_SERIES);
        }
        TrainConfig config = QatJob.fineTuneConfig(loaded.config(), given);
        PreparedData data = DataLoader.prepare(config, DataLoader.series(config), loaded.data());
        String modelHash = org.intformer.io.Fingerprints.file(floatModel);

        List<Map<String, Object>> sensitivity = new ArrayList<>();
        List<Map<String, Object>> path = new ArrayList<>();
        List<Map<String, Integer>> candidates;
        PtqProbe.Outcome base;
        try (Compute compute = Engines.compute(config.resolvedThreads())) {
            PtqProbe probe = new PtqProbe(encoder, data, compute, config, options.target());
            List<String> units = QatModel.bitNames(encoder.spec());
            List<Integer> down = options.widths();
            List<Integer> up = new ArrayList<>(down);
            java.util.Collections.reverse(up);
            List<Map<String, Integer>> steps = new ArrayList<>();
            List<PtqProbe.Outcome> outcomes = new ArrayList<>();
            base = null;
            for (List<Integer> order : down.size() > 1 ? List.of(down, up) : List.of(down)) {
                String walk = order == down ? "lowering" : "raising";
                int startBits = order.get(0);
                PtqProbe.Outcome start = probe.evaluate(startBits, "");
                base = base == null ? start : base;
                List<GreedyBitPath.Probe> probes = new ArrayList<>();
                int total = units.size() * (order.size() - 1);
                int done = 0;
                for (String unit : units) {
                    for (int w : order.subList(1, order.size())) {
                        log.printf("sensitivity (%s) %d/%d: %s at %d bits, the rest at %d%n", walk, ++done, total, unit, w, startBits);
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("walk", walk);
                        row.put("unit", unit);
                        row.put("bits", w);
                        row.put("others", startBits);
                        try {
                            PtqProbe.Outcome o = probe.evaluate(startBits, unit + "=" + w);
                            GreedyBitPath.Probe p = new GreedyBitPath.Probe(unit, w, o.valMse() - start.valMse(),
                                    o.energyUj() - start.energyUj());
                            probes.add(p);
                            row.put("val_mse_change", p.valDelta());
                            row.put("energy_change_uj", p.energyDelta());
                        } catch (UserError e) {
                            row.put("impossible", e.getMessage());
                        }
                        sensitivity.add(row);
                    }
                }
                List<Map<String, Integer>> walked = GreedyBitPath.walk(units, order, probes);
                for (int i = 0; i < walked.size(); i++) {
                    String bits = GreedyBitPath.layerBits(walked.get(i), startBits);
                    log.printf("%s path %d/%d: all %d%s%n", walk, i + 1, walked.size(), startBits, bits.isEmpty() ? "" : ", " + bits);
                    PtqProbe.Outcome o = i == 0 ? start : probe.evaluate(startBits, bits);
                    steps.add(walked.get(i));
                    outcomes.add(o);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("walk", walk);
                    row.put("step", i);
                    row.put("all", startBits);
                    row.put("layer_bits", bits);
                    row.put("ptq_val_mse", o.valMse());
                    row.put("energy_uj", o.energyUj());
                    row.put("fits", o.cost().estimate().fits());
                    path.add(row);
                }
            }
            candidates = spread(steps, outcomes, options.points(), options.widths());
        }

        List<Map<String, Object>> points = new ArrayList<>();
        for (int w : options.widths()) {
            points.add(qat(stages, "uniform-" + w, "uniform", config, w, "", floatModel, modelHash, options, listeners));
        }
        for (int i = 0; i < candidates.size(); i++) {
            int all = majority(candidates.get(i));
            String bits = GreedyBitPath.layerBits(candidates.get(i), all);
            points.add(qat(stages, "mixed-" + (i + 1), "mixed", config, all, bits, floatModel, modelHash, options, listeners));
        }
        List<Map<String, Object>> front = Pareto.front(points.stream().filter(p -> Boolean.TRUE.equals(p.get("fits"))).toList(),
                p -> (Double) p.get("val_mse"), p -> (Double) p.get("energy_uj"));
        points.forEach(p -> p.put("pareto", front.contains(p)));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "precision");
        report.put("config", ConfigLoader.toMap(config));
        report.put("float_model", floatModel.toString());
        report.put("target", options.target());
        report.put("widths", options.widths());
        Map<String, Object> baseRow = new LinkedHashMap<>();
        baseRow.put("bits", options.widths().get(0));
        baseRow.put("ptq_val_mse", base.valMse());
        baseRow.put("energy_uj", base.energyUj());
        report.put("base", baseRow);
        report.put("sensitivity", sensitivity);
        report.put("path", path);
        report.put("points", points);
        report.put("front", front.stream().map(p -> p.get("name")).toList());
        Path json = out.resolve(JSON_FILE);
        Json.writeAtomically(json, report);
        return new Result(json, report);
    }

    /**
     * Up to {@code n} assignments of the walks that lie on their joint (probe MSE, energy) front, spread evenly
     * from the lowest energy to the highest; uniform assignments are left out (uniform QAT covers them).
     */
    static List<Map<String, Integer>> spread(List<Map<String, Integer>> steps, List<PtqProbe.Outcome> outcomes, int n,
                                             List<Integer> widths) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            boolean uniform = new java.util.HashSet<>(steps.get(i).values()).size() <= 1;
            if (!uniform && outcomes.get(i).cost().estimate().fits() && steps.indexOf(steps.get(i)) == i) {
                idx.add(i);
            }
        }
        List<Integer> front = Pareto.front(idx, i -> outcomes.get(i).valMse(), i -> outcomes.get(i).energyUj());
        List<Integer> sorted = new ArrayList<>(front);
        sorted.sort((a, b) -> Double.compare(outcomes.get(a).energyUj(), outcomes.get(b).energyUj()));
        List<Map<String, Integer>> chosen = new ArrayList<>();
        if (n <= 0 || sorted.isEmpty()) {
            return chosen;
        }
        int k = Math.min(n, sorted.size());
        for (int j = 0; j < k; j++) {
            int pick = k == 1 ? 0 : (int) Math.round(j * (sorted.size() - 1) / (double) (k - 1));
            Map<String, Integer> s = steps.get(sorted.get(pick));
            if (!chosen.contains(s)) {
                chosen.add(s);
            }
        }
        return chosen;
    }

    /** The width most units have: the assignment is written as "all at that width" plus the exceptions. */
    static int majority(Map<String, Integer> assignment) {
        Map<Integer, Integer> count = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        assignment.values().forEach(b -> count.merge(b, 1, Integer::sum));
        return count.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> qat(StageStore stages, String name, String kind, TrainConfig config, int bits,
                                           String layerBits, Path floatModel, String modelHash, Options options,
                                           Supplier<TrainingListener> listeners) {
        TrainConfig c = PtqProbe.assignment(config, bits, layerBits);
        Map<String, Object> inputs = new LinkedHashMap<>(ConfigLoader.toMap(c));
        inputs.put("float_model_sha256", modelHash);
        inputs.put("device", options.target()); // not "target": that key is the forecast column
        StageOutcome o = stages.run(name, inputs, dir -> {
            Map<String, Object> report = QatJob.run(c, floatModel, dir, listeners.get()).content();
            CostedShape cost = CostedShape.of(IntModelFile.read(dir.resolve(QatJob.INTEGER_FILE)), options.target(), 0);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("metrics", report.get("metrics"));
            r.put("energy_uj", cost.power().energyUj());
            r.put("latency_us", cost.power().latencyUs());
            r.put("cycles", cost.estimate().cycles());
            r.put("lanes", cost.estimate().lanes());
            r.put("lut", cost.estimate().resources().lut());
            r.put("bram36", cost.estimate().resources().bram36());
            r.put("bram18", cost.estimate().resources().bram18());
            r.put("fits", cost.estimate().fits());
            return r;
        });
        Map<String, Object> r = o.result();
        Map<String, Object> metrics = (Map<String, Object>) r.get("metrics");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("kind", kind);
        p.put("bits", bits);
        p.put("layer_bits", layerBits);
        p.put("val_mse", mse(metrics, "integer", "val"));
        p.put("test_mse", mse(metrics, "integer", "test"));
        p.put("float_val_mse", mse(metrics, "float", "val"));
        p.put("linear_test_mse", mse(metrics, "linear", "test"));
        p.put("naive_test_mse", mse(metrics, "naive", "test"));
        // Numbers as one type each, whether the stage ran now or was read back from its JSON marker.
        p.put("energy_uj", ((Number) r.get("energy_uj")).doubleValue());
        p.put("latency_us", ((Number) r.get("latency_us")).doubleValue());
        p.put("cycles", ((Number) r.get("cycles")).longValue());
        for (String k : List.of("lanes", "lut", "bram36", "bram18")) {
            p.put(k, ((Number) r.get(k)).intValue());
        }
        p.put("fits", r.get("fits"));
        p.put("model", o.dir().resolve(QatJob.INTEGER_FILE).toString());
        return p;
    }

    @SuppressWarnings("unchecked")
    private static double mse(Map<String, Object> metrics, String model, String split) {
        return ((Number) ((Map<String, Object>) ((Map<String, Object>) metrics.get(model)).get(split)).get("mse")).doubleValue();
    }
}
