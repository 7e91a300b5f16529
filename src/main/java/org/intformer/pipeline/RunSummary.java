package org.intformer.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The few lines {@code intformer run} prints at the end: accuracy of every model, then each accelerator. */
public final class RunSummary {
    private RunSummary() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> report) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> metrics = (Map<String, Object>) report.get("metrics");
        out.append(String.format(Locale.ROOT, "%-17s %10s %10s %14s %10s%n", "model", "val MSE", "test MSE", "test RMSE orig",
                "test WAPE"));
        for (String name : List.of("naive", "seasonal_naive", "linear", "linear_per_series", "ablation", "float")) {
            if (metrics.containsKey(name)) {
                row(out, name, (Map<String, Object>) metrics.get(name));
            }
        }
        List<Map<String, Object>> variants = (List<Map<String, Object>>) report.get("variants");
        for (Map<String, Object> v : variants) {
            row(out, (String) v.get("name"), (Map<String, Object>) ((Map<String, Object>) v.get("metrics")).get("integer"));
        }
        for (Map<String, Object> v : variants) {
            Map<String, Object> hardware = (Map<String, Object>) v.get("hardware");
            for (Map.Entry<String, Object> e : hardware.entrySet()) {
                Map<String, Object> hw = (Map<String, Object>) e.getValue();
                if (hw.get("misfit") instanceof Map<?, ?> misfit) {
                    out.append(String.format(Locale.ROOT, "%s on %s: DOES NOT FIT (%s; %s skipped)%n", v.get("name"), e.getKey(),
                            misfit.get("reason"), String.join(", ", ((Map<String, Object>) hw.get("skipped")).keySet())));
                    continue;
                }
                out.append(String.format(Locale.ROOT, "%s on %s: %s lanes, %s cycles", v.get("name"), e.getKey(), hw.get("lanes"),
                        hw.get("cycles")));
                if (hw.get("latency_us") != null) {
                    out.append(String.format(Locale.ROOT, ", %s us at %s MHz, %s uJ", hw.get("latency_us"), hw.get("clock_mhz"),
                            hw.get("energy_uj")));
                }
                if (hw.get("resources") != null) {
                    out.append(", ").append(hw.get("resources")).append(Boolean.TRUE.equals(hw.get("fits")) ? " fits" : " DOES NOT FIT");
                }
                List<Map<String, Object>> checks = (List<Map<String, Object>>) hw.get("verification");
                if (checks != null) {
                    for (Map<String, Object> c : checks) {
                        out.append(String.format(Locale.ROOT, ", %s: %s mismatches in %s windows", c.get("simulator"),
                                c.get("mismatches"), c.get("windows")));
                    }
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void row(StringBuilder out, String name, Map<String, Object> m) {
        Map<String, Object> val = (Map<String, Object>) m.get("val");
        Map<String, Object> test = (Map<String, Object>) m.get("test");
        out.append(String.format(Locale.ROOT, "%-17s %10.4f %10.4f %14.4f %9.2f%%%n", name, num(val.get("mse")), num(test.get("mse")),
                num(test.get("rmse_original")), 100 * num(test.get("wape"))));
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
