package org.intformer.app;

import java.util.List;
import org.intformer.UserError;
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

    /**
     * Reads {@link #toMap()} back (from JSON: lists of numbers); a section that is not one (a damaged or foreign
     * model file) is a user error naming {@code file}.
     */
    public static SavedData fromMap(java.util.Map<?, ?> m, String file) {
        if (!(m.get("source") instanceof String source) || !(m.get("columns") instanceof List<?> columns)
                || columns.isEmpty() || !columns.stream().allMatch(c -> c instanceof String)) {
            throw new UserError(file + ": the data section has no source or no column names");
        }
        double[] mean = doubles(m.get("mean"), "mean", file);
        double[] std = doubles(m.get("std"), "std", file);
        if (mean.length != columns.size() || std.length != columns.size()) {
            throw new UserError(file + ": the data section has " + columns.size() + " columns but " + mean.length
                    + " means and " + std.length + " standard deviations");
        }
        return new SavedData(source, columns.stream().map(String::valueOf).toList(), mean, std);
    }

    private static double[] doubles(Object list, String what, String file) {
        if (list instanceof double[] d) {
            return d;
        }
        if (!(list instanceof List<?> l) || !l.stream().allMatch(o -> o instanceof Number n && Double.isFinite(n.doubleValue()))) {
            throw new UserError(file + ": the data section's " + what + " is not a list of finite numbers");
        }
        return l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    public static SavedData of(PreparedData data) {
        return new SavedData(data.source(), data.columns(), data.scaler().means(), data.scaler().stds());
    }
}
