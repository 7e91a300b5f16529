package org.intformer.explore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** explore.json's points as one flat CSV row each: the parameters as "param.KEY" columns, then the metrics. */
final class ExploreCsv {
    static final List<String> COLUMNS = List.of("id", "status", "reason", "rung", "val_mse", "test_mse", "float_test_mse",
            "energy_uj", "latency_us", "cycles", "lanes", "lut", "ff", "dsp", "bram36", "bram18", "lc", "ebr", "fits",
            "pareto", "chosen", "hardware", "hardware_error", "seconds");

    private ExploreCsv() {
    }

    @SuppressWarnings("unchecked")
    static String render(List<Map<String, Object>> points) {
        Set<String> params = new LinkedHashSet<>();
        for (Map<String, Object> p : points) {
            params.addAll(((Map<String, Object>) p.get("params")).keySet());
        }
        List<String> header = new ArrayList<>();
        header.add("id");
        params.forEach(k -> header.add("param." + k));
        COLUMNS.stream().skip(1).forEach(header::add);
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (Map<String, Object> p : points) {
            List<String> row = new ArrayList<>();
            row.add(cell(p.get("id")));
            Map<String, Object> values = (Map<String, Object>) p.get("params");
            params.forEach(k -> row.add(cell(values.get(k))));
            COLUMNS.stream().skip(1).forEach(c -> row.add(cell(value(p, c))));
            out.append(String.join(",", row)).append('\n');
        }
        return out.toString();
    }

    /** A column's value; "hardware" is the status of the point's hardware run (verified, failed, or empty: not run). */
    @SuppressWarnings("unchecked")
    private static Object value(Map<String, Object> point, String column) {
        Map<String, Object> hardware = (Map<String, Object>) point.get("hardware");
        return switch (column) {
            case "hardware" -> FrontVerifier.status(hardware);
            case "hardware_error" -> hardware == null ? null : hardware.get("error");
            default -> point.get(column);
        };
    }

    /** RFC 4180 quoting, only where needed (reasons contain commas). */
    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
