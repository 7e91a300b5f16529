package org.intformer.explore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * explore.json's points as one flat row each: the parameters as "param.KEY" columns, then the metrics. The same table
 * is explore.csv and, with the Spark engine, the Parquet table.
 */
public final class ExploreCsv {
    static final List<String> COLUMNS = List.of("id", "status", "reason", "rung", "val_mse", "test_mse", "float_test_mse",
            "energy_uj", "latency_us", "cycles", "lanes", "lut", "ff", "dsp", "bram36", "bram18", "lc", "ebr", "fits",
            "pareto", "chosen", "hardware", "hardware_error", "seconds");

    /** The points as rows of values (null where a point has none), under {@code columns}. */
    public record Table(List<String> columns, List<List<Object>> rows) {
    }

    private ExploreCsv() {
    }

    @SuppressWarnings("unchecked")
    public static Table table(List<Map<String, Object>> points) {
        Set<String> params = new LinkedHashSet<>();
        for (Map<String, Object> p : points) {
            params.addAll(((Map<String, Object>) p.get("params")).keySet());
        }
        List<String> header = new ArrayList<>();
        header.add("id");
        params.forEach(k -> header.add("param." + k));
        COLUMNS.stream().skip(1).forEach(header::add);
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> p : points) {
            List<Object> row = new ArrayList<>();
            row.add(p.get("id"));
            Map<String, Object> values = (Map<String, Object>) p.get("params");
            params.forEach(k -> row.add(values.get(k)));
            COLUMNS.stream().skip(1).forEach(c -> row.add(value(p, c)));
            rows.add(row);
        }
        return new Table(header, rows);
    }

    static String render(List<Map<String, Object>> points) {
        Table t = table(points);
        StringBuilder out = new StringBuilder(String.join(",", t.columns())).append('\n');
        for (List<Object> row : t.rows()) {
            out.append(String.join(",", row.stream().map(ExploreCsv::cell).toList())).append('\n');
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
