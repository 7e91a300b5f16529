package org.intformer.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;

/**
 * The axes of the design space with their values converted to canonical form (enums as their id, numbers as
 * the key's type), and the mapping between grid indices and points. Points are addressed by their index in
 * the grid (mixed radix, the last key varying fastest), so a point keeps its id whether it was enumerated or
 * sampled.
 */
public final class SearchSpace {
    /** The one space key that is not a training key: MAC lanes of the accelerator, an integer or "auto". */
    public static final String LANES = "lanes";

    private final List<String> keys;
    private final List<List<Object>> values;

    SearchSpace(Map<String, List<Object>> axes) {
        this.keys = List.copyOf(axes.keySet());
        this.values = axes.values().stream().map(List::copyOf).toList();
    }

    /** Checks every key and value of the raw space: unknown keys and wrong types are UserErrors at their line. */
    static SearchSpace of(Map<String, List<Object>> raw, SectionLines lines) {
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, List<Object>> e : raw.entrySet()) {
            String key = e.getKey();
            String path = "explore.space." + key;
            List<Object> converted = new ArrayList<>();
            for (Object v : e.getValue()) {
                converted.add(convert(key, v, lines, path));
            }
            if (converted.stream().distinct().count() != converted.size()) {
                throw new UserError(lines.at(path) + ": repeated value in " + e.getValue());
            }
            axes.put(key, converted);
        }
        return new SearchSpace(axes);
    }

    private static Object convert(String key, Object raw, SectionLines lines, String path) {
        if (key.equals(LANES)) {
            if (raw instanceof String s && s.toLowerCase(Locale.ROOT).equals("auto")) {
                return "auto";
            }
            if ((raw instanceof Long || raw instanceof Integer) && ((Number) raw).longValue() >= 1 && ((Number) raw).longValue() <= 256) {
                return ((Number) raw).intValue();
            }
            throw new UserError(lines.at(path) + ": expected 'auto' or an integer 1..256, got '" + raw + "'");
        }
        if (key.equals("threads")) {
            throw new UserError(lines.at(path) + ": threads cannot be explored (each point trains on one thread; set explore.workers)");
        }
        if (ConfigSchema.find(key) == null) {
            String hint = ConfigSchema.closest(key);
            throw new UserError(lines.at(path) + ": unknown key '" + key + "'"
                    + (hint == null ? "" : ", did you mean '" + hint + "'?") + " (any config key, or lanes)");
        }
        // The schema does the type conversion; its message names the key, we prepend where it is.
        Integer line = lines.line(path);
        Origin origin = new Origin(lines.file() == null ? "explore.space" : lines.file(),
                line == null ? Map.of() : Map.of(key, line));
        TrainConfig one = ConfigSchema.overlay(TrainConfig.defaults(), Map.of(key, raw), origin);
        return ConfigSchema.toMap(one).get(key);
    }

    public List<String> keys() {
        return keys;
    }

    /** Number of grid points (saturating at Long.MAX_VALUE). */
    public long size() {
        long n = 1;
        for (List<Object> v : values) {
            n = Math.multiplyHigh(n, v.size()) != 0 ? Long.MAX_VALUE : n * v.size();
        }
        return n;
    }

    /** The parameters of grid point {@code index}. */
    public Map<String, Object> point(long index) {
        Map<String, Object> p = new LinkedHashMap<>();
        long rest = index;
        Object[] picked = new Object[keys.size()];
        for (int k = keys.size() - 1; k >= 0; k--) {
            int radix = values.get(k).size();
            picked[k] = values.get(k).get((int) (rest % radix));
            rest /= radix;
        }
        for (int k = 0; k < keys.size(); k++) {
            p.put(keys.get(k), picked[k]);
        }
        return p;
    }

    /** Number of values of key {@code k}. */
    int radix(int k) {
        return values.get(k).size();
    }

    /** The grid index of the point taking value {@code digits[k]} of each key k (the last key varies fastest). */
    long index(int[] digits) {
        long index = 0;
        for (int k = 0; k < keys.size(); k++) {
            if (digits[k] < 0 || digits[k] >= radix(k)) {
                throw new IllegalArgumentException("value " + digits[k] + " of " + keys.get(k) + " outside 0.." + (radix(k) - 1));
            }
            index = index * radix(k) + digits[k];
        }
        return index;
    }

    /** The value index of each key at grid point {@code index}: the inverse of {@link #index(int[])}. */
    int[] digits(long index) {
        int[] d = new int[keys.size()];
        long rest = index;
        for (int k = keys.size() - 1; k >= 0; k--) {
            d[k] = (int) (rest % radix(k));
            rest /= radix(k);
        }
        return d;
    }

    /** A stable id: "p" and the grid index, zero-padded to the width of the largest index. */
    public String id(long index) {
        int width = Math.max(3, Long.toString(Math.max(0, size() - 1)).length());
        return "p" + String.format("%0" + width + "d", index);
    }
}
