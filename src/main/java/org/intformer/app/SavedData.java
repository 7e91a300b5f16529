package org.intformer.app;

import java.util.List;
import org.intformer.data.PreparedData;

/**
 * What a model file remembers of its training data: the columns in scaler order and the training mean and
 * standard deviation of each, so that new data is scaled the same way.
 */
public record SavedData(String source, List<String> columns, double[] mean, double[] std) {
    public SavedData {
        columns = List.copyOf(columns);
        mean = mean.clone();
        std = std.clone();
    }

    /** The section a model file stores. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("source", source);
        d.put("columns", columns);
        d.put("mean", mean);
        d.put("std", std);
        return d;
    }

    /** Reads {@link #toMap()} back (from JSON: lists of numbers). */
    public static SavedData fromMap(java.util.Map<?, ?> m) {
        return new SavedData(String.valueOf(m.get("source")),
                ((List<?>) m.get("columns")).stream().map(String::valueOf).toList(),
                doubles(m.get("mean")), doubles(m.get("std")));
    }

    private static double[] doubles(Object list) {
        if (list instanceof double[] d) {
            return d;
        }
        return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    public static SavedData of(PreparedData data) {
        return new SavedData(data.source(), data.columns(), data.scaler().means(), data.scaler().stds());
    }
}
