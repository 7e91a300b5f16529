package org.intformer.cli;

import java.util.Map;

/** A fixed-width text table of report metrics: one row per model, MSE and MAE per split. */
final class MetricsTable {
    private MetricsTable() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> metrics) {
        StringBuilder sb = new StringBuilder();
        int width = Math.max(10, metrics.keySet().stream().mapToInt(String::length).max().orElse(0));
        String name = "%-" + width + "s";
        sb.append(String.format(name + " %10s %10s %10s %10s %16s %10s%n", "model", "val mse", "val mae", "test mse", "test mae",
                "test rmse (orig)", "test wape"));
        for (var e : metrics.entrySet()) {
            Map<String, Object> splits = (Map<String, Object>) e.getValue();
            Map<String, Object> val = (Map<String, Object>) splits.get("val");
            Map<String, Object> test = (Map<String, Object>) splits.get("test");
            sb.append(String.format(name + " %10.4f %10.4f %10.4f %10.4f %16.4f %9.2f%%%n", e.getKey(), num(val, "mse"),
                    num(val, "mae"), num(test, "mse"), num(test, "mae"), num(test, "rmse_original"), 100 * num(test, "wape")));
        }
        return sb.toString().stripTrailing();
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
