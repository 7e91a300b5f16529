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
 * @param minEpochs   float epochs of the first halving rung
 * @param verifyFront front points generated, simulated and synthesized (the chosen one always among them)
 * @param synthAll    synthesize every fitting final point instead (to measure the cost model)
 */
public record ExploreSettings(Search search, int samples, String target, int workers, boolean halving, int eta,
                              int minEpochs, int verifyFront, boolean synthAll, Map<String, List<Object>> space) {

    public enum Search { GRID, RANDOM }

    static final List<String> KEYS = List.of("search", "samples", "target", "workers", "halving", "eta", "min-epochs",
            "verify-front", "synth-all", "space");

    public ExploreSettings {
        space = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(space));
    }

    /** A copy with another worker count (the command line's --workers). */
    public ExploreSettings withWorkers(int newWorkers) {
        if (newWorkers < 0) {
            throw new UserError("--workers must be 0 (every core) or more, got " + newWorkers);
        }
        return new ExploreSettings(search, samples, target, newWorkers, halving, eta, minEpochs, verifyFront, synthAll, space);
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
            default -> throw new UserError(lines.at("explore.search") + ": '" + searchText + "' is not grid or random");
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
        return new ExploreSettings(search, samples, target, workers, r.bool("halving", true), eta, minEpochs, verifyFront,
                r.bool("synth-all", false), space);
    }

    /** The section as written back to explore.json (search settings without the space). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("search", search.name().toLowerCase(Locale.ROOT));
        m.put("samples", samples);
        m.put("target", target);
        m.put("halving", halving);
        m.put("eta", eta);
        m.put("min_epochs", minEpochs);
        m.put("verify_front", verifyFront);
        m.put("synth_all", synthAll);
        m.put("space", space);
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
