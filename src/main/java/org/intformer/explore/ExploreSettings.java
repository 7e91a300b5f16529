package org.intformer.explore;

import org.intformer.config.ConfigSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.hw.synth.Target;

/**
 * The {@code explore:} section of a config file, checked strictly: every problem is one line naming the file,
 * the line and the key.
 *
 * @param space       key → candidate values as written (scalars become one-element lists); checked by {@link SearchSpace}
 * @param samples     random: points drawn; grid: the largest grid accepted
 * @param workers     points trained at once; 0 = every core
 * @param warmStart   halving rungs continue the previous rung's QAT run of the point (float model trained once, at
 *                    full epochs, and shared by the points that differ only in quantization keys) instead of
 *                    retraining from scratch at the rung's epochs
 * @param minEpochs   float epochs of the first halving rung (with warm start: the rung's share of the QAT epochs)
 * @param verifyFront front points generated, simulated and synthesized (the chosen one always among them)
 * @param synthAll    synthesize every fitting final point instead (to measure the cost model)
 * @param objective   the cost NSGA-II minimizes beside validation MSE, and the hypervolume's second axis:
 *                    energy, latency or area
 * @param population  NSGA-II: population size (even, ≥ 4)
 * @param generations NSGA-II: generations after the first population (the search also stops at samples points)
 * @param budget      NSGA-II: the most point-epochs of training (float + QAT epochs, each training counted once); 0 = none
 */
public record ExploreSettings(Search search, int samples, String target, int workers, boolean halving,
                              boolean warmStart, int eta, int minEpochs, int verifyFront, boolean synthAll, Map<String, List<Object>> space,
                              String objective, int population, int generations, long budget) {

    public enum Search { GRID, RANDOM, NSGA2 }

    static final List<String> OBJECTIVES = List.of("energy", "latency", "area");

    static final List<String> KEYS = List.of("search", "samples", "target", "workers", "halving", "warm-start", "eta", "min-epochs",
            "verify-front", "synth-all", "space", "objective", "population", "generations", "budget");

    public ExploreSettings {
        space = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(space));
    }

    /** A copy with another worker count (the command line's --workers). */
    public ExploreSettings withWorkers(int newWorkers) {
        if (newWorkers < 0) {
            throw new UserError("--workers must be 0 (every core) or more, got " + newWorkers);
        }
        return new ExploreSettings(search, samples, target, newWorkers, halving, warmStart, eta, minEpochs, verifyFront, synthAll, space,
                objective, population, generations, budget);
    }

    public int resolvedWorkers() {
        return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }

    /** Reads the section; {@code lines} locates keys for messages. */
    static ExploreSettings parse(Map<String, Object> section, SectionLines lines) {
        if (section.isEmpty()) {
            throw new UserError((lines.file() == null ? "config" : lines.file())
                    + ": no 'explore:' section (explore needs at least explore.space)");
        }
        for (String key : section.keySet()) {
            if (!KEYS.contains(key)) {
                String hint = closest(key, KEYS);
                throw new UserError(lines.at("explore." + key) + ": unknown key" + (hint == null ? "" : ", did you mean '" + hint + "'?")
                        + " (known: " + String.join(", ", KEYS) + ")");
            }
        }
        Reader r = new Reader(section, lines);
        String searchText = r.string("search", "grid");
        Search search = switch (searchText.toLowerCase(Locale.ROOT)) {
            case "grid" -> Search.GRID;
            case "random" -> Search.RANDOM;
            case "nsga2" -> Search.NSGA2;
            default -> throw new UserError(lines.at("explore.search") + ": '" + searchText + "' is not grid, random or nsga2");
        };
        int samples = r.integer("samples", 100);
        if (samples < 1) {
            throw new UserError(lines.at("explore.samples") + ": must be at least 1, got " + samples);
        }
        String target = r.string("target", Target.XC7S15.id()).toLowerCase(Locale.ROOT);
        if (!target.equals(Target.XC7S15.id()) && !target.equals(Target.ICE40UP5K.id())) {
            throw new UserError(lines.at("explore.target") + ": '" + target + "' is not " + Target.XC7S15 + " or " + Target.ICE40UP5K);
        }
        int workers = r.integer("workers", 0);
        if (workers < 0) {
            throw new UserError(lines.at("explore.workers") + ": must be 0 (every core) or more, got " + workers);
        }
        int eta = r.integer("eta", 2);
        if (eta < 2) {
            throw new UserError(lines.at("explore.eta") + ": must be at least 2 (keep 1/eta each rung), got " + eta);
        }
        int minEpochs = r.integer("min-epochs", 4);
        if (minEpochs < 1) {
            throw new UserError(lines.at("explore.min-epochs") + ": must be at least 1, got " + minEpochs);
        }
        int verifyFront = r.integer("verify-front", 3);
        if (verifyFront < 0) {
            throw new UserError(lines.at("explore.verify-front") + ": must be 0 or more, got " + verifyFront);
        }
        Object rawSpace = section.get("space");
        if (!(rawSpace instanceof Map<?, ?> spaceMap) || spaceMap.isEmpty()) {
            throw new UserError(lines.at("explore.space") + ": must be a non-empty mapping of 'key: [values]' lines");
        }
        Map<String, List<Object>> space = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : spaceMap.entrySet()) {
            Object v = e.getValue();
            if (v instanceof List<?> list && list.contains(null)) {
                throw new UserError(lines.at("explore.space." + e.getKey()) + ": an empty value in the list " + list
                        + " (write each value out)");
            }
            List<Object> values = v instanceof List<?> list ? List.copyOf(list) : v == null ? List.of() : List.of(v);
            if (values.isEmpty()) {
                throw new UserError(lines.at("explore.space." + e.getKey()) + ": needs at least one value");
            }
            space.put(String.valueOf(e.getKey()), values);
        }
        String objective = r.string("objective", "energy").toLowerCase(Locale.ROOT);
        if (!OBJECTIVES.contains(objective)) {
            throw new UserError(lines.at("explore.objective") + ": '" + objective + "' is not " + String.join(", ", OBJECTIVES));
        }
        int population = r.integer("population", 16);
        if (population < 4 || population % 2 != 0) {
            throw new UserError(lines.at("explore.population") + ": must be even and at least 4, got " + population);
        }
        int generations = r.integer("generations", 10);
        if (generations < 0) {
            throw new UserError(lines.at("explore.generations") + ": must be 0 or more, got " + generations);
        }
        boolean halving = r.bool("halving", search != Search.NSGA2);
        if (search == Search.NSGA2 && halving) {
            // Each NSGA-II evaluation ranks a point against the population at full training: there is no rung to halve.
            throw new UserError(lines.at("explore.halving") + ": search nsga2 trains every point it evaluates in full; "
                    + "remove halving or set it to false");
        }
        if (search != Search.NSGA2 && (section.containsKey("population") || section.containsKey("generations"))) {
            throw new UserError(lines.at(section.containsKey("population") ? "explore.population" : "explore.generations")
                    + ": only search nsga2 has generations and a population");
        }
        long budget = r.integer("budget", 0);
        if (budget < 0) {
            throw new UserError(lines.at("explore.budget") + ": must be 0 (none) or more point-epochs, got " + budget);
        }
        if (search != Search.NSGA2 && budget > 0) {
            throw new UserError(lines.at("explore.budget") + ": only search nsga2 stops at a budget (grid and random train what they sample)");
        }
        return new ExploreSettings(search, samples, target, workers, halving, r.bool("warm-start", true), eta, minEpochs,
                verifyFront, r.bool("synth-all", false), space, objective, population, generations, budget);
    }

    /** The section as written back to explore.json (search settings without the space). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("search", search.name().toLowerCase(Locale.ROOT));
        m.put("samples", samples);
        m.put("target", target);
        m.put("halving", halving);
        m.put("warm_start", warmStart);
        m.put("eta", eta);
        m.put("min_epochs", minEpochs);
        m.put("verify_front", verifyFront);
        m.put("synth_all", synthAll);
        m.put("space", space);
        m.put("objective", objective);
        if (search == Search.NSGA2) {
            m.put("population", population);
            m.put("generations", generations);
            m.put("budget", budget);
        }
        return m;
    }

    static String closest(String key, List<String> known) {
        return ConfigSchema.closest(key, known);
    }

    /** Typed access to the section's scalar values, with YAML's loose typing rejected. */
    private record Reader(Map<String, Object> section, SectionLines lines) {
        String string(String key, String fallback) {
            Object v = section.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Map || v instanceof List) {
                throw new UserError(lines.at("explore." + key) + ": expected a single value");
            }
            return String.valueOf(v);
        }

        int integer(String key, int fallback) {
            Object v = section.get(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Long || v instanceof Integer) || ((Number) v).longValue() != ((Number) v).intValue()) {
                throw new UserError(lines.at("explore." + key) + ": expected an integer, got '" + v + "'");
            }
            return ((Number) v).intValue();
        }

        boolean bool(String key, boolean fallback) {
            Object v = section.get(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Boolean b)) {
                throw new UserError(lines.at("explore." + key) + ": expected true or false, got '" + v + "'");
            }
            return b;
        }
    }

}
