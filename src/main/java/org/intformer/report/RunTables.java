package org.intformer.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.intformer.report.Table.Cell;

/** The tables of the run page, each built from its part of the run report. */
final class RunTables {

    private RunTables() {
    }

    /** Two columns, key and value; at most {@code limit} entries (the data section only shows a few). */
    static Table keyValues(Map<String, Object> entries, int limit) {
        Table table = new Table("key", "value");
        entries.entrySet().stream().limit(limit)
                .forEach(e -> table.row(Cell.of(e.getKey()), Cell.of(Format.value(e.getValue()))));
        return table;
    }

    /** One row per model and stage (baselines, float, then each variant's QAT and integer-only model). */
    static Table metrics(Map<String, Object> report) {
        record Line(String model, Map<String, Object> splits) {
        }
        List<Line> lines = new ArrayList<>();
        // The run report repeats its main variant's "qat" and "integer" under metrics; the variants list them all.
        Json.map(report, "metrics").forEach((model, splits) -> {
            if (!(model.equals("qat") || model.equals("integer")) || Json.maps(report, "variants").isEmpty()) {
                lines.add(new Line(model, Json.map(splits)));
            }
        });
        for (Map<String, Object> variant : Json.maps(report, "variants")) {
            String name = HardwareEntry.nameOf(variant);
            Map<String, Object> metrics = Json.map(variant, "metrics");
            if (metrics.containsKey("qat")) {
                lines.add(new Line(name + " QAT", Json.map(metrics, "qat")));
            }
            if (metrics.containsKey("integer")) {
                lines.add(new Line(name + " integer", Json.map(metrics, "integer")));
            }
        }
        double best = lines.stream().map(l -> Json.num(l.splits(), "test", "mse")).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        boolean wape = lines.stream().anyMatch(l -> Json.num(l.splits(), "test", "wape") != null);
        List<String> headers = new ArrayList<>(List.of("model", "val MSE", "val MAE", "test MSE", "test MAE",
                "test RMSE (orig.)", "test MAE (orig.)"));
        if (wape) {
            headers.addAll(List.of("test WAPE", "test MASE"));
        }
        headers.add("test windows");
        Table table = new Table(headers);
        for (Line line : lines) {
            Map<String, Object> val = Json.map(line.splits(), "val");
            Map<String, Object> test = Json.map(line.splits(), "test");
            Double testMse = Json.num(test, "mse");
            List<Cell> cells = new ArrayList<>(List.of(Cell.of(line.model()), Cell.num(Format.measure(Json.num(val, "mse"))),
                    Cell.num(Format.measure(Json.num(val, "mae"))),
                    new Cell(Format.measure(testMse), null, testMse != null && testMse == best ? "num best" : "num"),
                    Cell.num(Format.measure(Json.num(test, "mae"))), Cell.num(Format.measure(Json.num(test, "rmse_original"))),
                    Cell.num(Format.measure(Json.num(test, "mae_original")))));
            if (wape) {
                cells.add(Cell.num(Format.percent2(Json.num(test, "wape"))));
                cells.add(Cell.num(Format.fixed(Json.num(test, "mase"), 3)));
            }
            cells.add(Cell.num(Format.num(Json.num(test, "windows"))));
            table.row(null, cells);
        }
        return table;
    }

    /** What each integer model is: bit widths, size, work, and how closely it agrees with its QAT model. */
    static Table integerModels(List<Map<String, Object>> variants) {
        Table table = new Table("variant", "weight bits", "activation bits", "MACs", "weight storage (KiB)",
                "identical outputs", "max |diff| (LSB)");
        for (Map<String, Object> variant : variants) {
            Map<String, Object> integer = Json.map(variant, "integer");
            if (integer.isEmpty()) {
                continue;
            }
            Double weightBits = Json.num(integer, "weight_bits_total");
            Map<String, Object> agreement = Json.map(integer, "agreement");
            table.row(null, List.of(Cell.of(HardwareEntry.nameOf(variant)),
                    Cell.num(Format.num(Json.num(variant, "weight_bits"))),
                    Cell.num(Format.num(Json.num(variant, "act_bits"))), Cell.num(Format.num(Json.num(integer, "macs"))),
                    Cell.num(Format.fixed(weightBits == null ? null : weightBits / 8 / 1024, 2)),
                    Cell.num(Format.percent2(Json.num(agreement, "identical_fraction"))),
                    Cell.num(Format.num(Json.num(agreement, "max_abs_lsb")))));
        }
        return table;
    }

    /** One target's results, one row per variant; the resource columns are that device family's own. */
    static Table hardware(List<HardwareEntry> entries) {
        List<String> resources = resourceColumns(entries);
        // Optional columns only when some row has them: the table is wide enough already.
        boolean macBound = entries.stream().anyMatch(e -> e.num("mac_bound_cycles") != null);
        boolean timing = entries.stream().anyMatch(e -> !Json.map(e.hardware(), "timing").isEmpty());
        List<String> headers = new ArrayList<>(List.of("variant", "lanes", "clock MHz"));
        if (timing) {
            headers.add("critical path");
        }
        headers.add("cycles");
        if (macBound) {
            headers.add("MAC bound");
        }
        headers.addAll(List.of("latency (µs)", "energy (µJ)", "power (mW)"));
        resources.forEach(r -> headers.add(resourceHeader(r)));
        headers.addAll(List.of("fits", "verification"));
        Table table = new Table(headers);
        for (HardwareEntry entry : entries) {
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.of(entry.variant()));
            Map<String, Object> misfit = entry.misfit();
            if (!misfit.isEmpty()) {
                // No design was built: only the cost model's one-lane estimate, marked as such, and why nothing ran.
                for (int i = 0; i < headers.size() - 3 - resources.size(); i++) {
                    cells.add(Cell.num(Format.MISSING));
                }
                HardwareEntry estimated = entry.estimated();
                resources.forEach(r -> cells.add(estimateCell(estimated, r)));
                cells.add(new Cell("no", "does not fit: " + Json.str(misfit, "reason"), "bad"));
                cells.add(new Cell("skipped", "not built: the model does not fit " + entry.target(), "lines"));
                table.row(null, cells);
                continue;
            }
            cells.add(Cell.num(Format.value(entry.hardware().get("lanes"))));
            Map<String, Object> t = Json.map(entry.hardware(), "timing");
            Double fmax = t.isEmpty() ? entry.num("fmax_mhz") : Json.num(t, "fmax_mhz");
            boolean estimated = Boolean.TRUE.equals(Json.bool(t, "estimate"));
            cells.add(new Cell(Format.fixed(entry.num("clock_mhz"), 1),
                    fmax == null ? null : (estimated ? "est. fmax " : "fmax ") + Format.fixed(fmax, 1), "num"));
            if (timing) {
                cells.add(criticalPath(t));
            }
            Double macsPerCycle = entry.num("macs_per_cycle");
            cells.add(new Cell(Format.num(entry.num("cycles")), notes(
                    macsPerCycle == null ? null : Format.fixed(macsPerCycle, 2) + " MAC/cycle",
                    costModelError(entry, "cycles")), "num"));
            if (macBound) {
                cells.add(Cell.num(Format.num(entry.num("mac_bound_cycles"))));
            }
            cells.add(Cell.num(Format.fixed(entry.num("latency_us"), 1)));
            cells.add(Cell.num(Format.fixed(entry.num("energy_uj"), 2)));
            cells.add(Cell.num(Format.fixed(entry.num("power_mw"), 1)));
            resources.forEach(r -> cells.add(resourceCell(entry, r)));
            Boolean fits = Json.bool(entry.hardware(), "fits");
            cells.add(new Cell(Format.yesNo(fits), null, fits == null ? null : fits ? "good" : "bad"));
            cells.add(verification(entry));
            table.row(null, cells);
        }
        return table;
    }

    static Table stages(List<Map<String, Object>> stages) {
        Table table = new Table("stage", "status", "seconds");
        double total = 0;
        for (Map<String, Object> stage : stages) {
            Double seconds = Json.num(stage, "seconds");
            total += seconds == null ? 0 : seconds;
            String status = Json.str(stage, "status");
            table.row(null, List.of(Cell.of(Json.str(stage, "name")),
                    new Cell(status == null ? Format.MISSING : status, null, "reused".equals(status) ? null : "good"),
                    Cell.num(Format.fixed(seconds, 1))));
        }
        if (!stages.isEmpty()) {
            table.row("highlight", List.of(Cell.of("total"), Cell.of(""), Cell.num(Format.fixed(total, 1))));
        }
        return table;
    }

    /**
     * Resource columns in first-seen order: limited resources first (those decide whether a design fits),
     * then any others reported. bram18 is not a column of its own where it is folded into bram36.
     */
    private static List<String> resourceColumns(List<HardwareEntry> entries) {
        Set<String> columns = new LinkedHashSet<>();
        entries.forEach(e -> columns.addAll(e.limits().keySet()));
        entries.forEach(e -> columns.addAll(e.resources().keySet()));
        if (entries.stream().anyMatch(e -> e.limits().containsKey("bram36"))) {
            columns.remove("bram18");
        }
        return List.copyOf(columns);
    }

    private static String resourceHeader(String resource) {
        String upper = resource.toUpperCase(Locale.ROOT);
        return "bram36".equals(resource) ? "BRAM36 (eq.)" : "lutram".equals(resource) ? "LUTRAM" : upper;
    }

    private static Cell resourceCell(HardwareEntry entry, String resource) {
        Double used = entry.used(resource);
        Double limit = Json.num(entry.limits(), resource);
        Double fraction = entry.utilisation(resource);
        String text = limit == null ? Format.num(used) : Format.num(used) + " / " + Format.num(limit);
        // The cost model's error sits under the number it estimates, so it needs no column of its own.
        return new Cell(text, notes(fraction == null ? null : Format.percent(fraction), costModelError(entry, resource)),
                fraction != null && fraction > 1 ? "num bad" : "num");
    }

    /** A resource of a design that was not built: the cost model's estimate, labelled, against the device's limit. */
    private static Cell estimateCell(HardwareEntry estimated, String resource) {
        Double used = estimated.used(resource);
        if (used == null) {
            return Cell.num(Format.MISSING);
        }
        Double limit = Json.num(estimated.limits(), resource);
        Double fraction = estimated.utilisation(resource);
        return new Cell("est. " + (limit == null ? Format.num(used) : Format.num(used) + " / " + Format.num(limit)),
                fraction == null ? "cost model" : "cost model, " + Format.percent(fraction), fraction != null && fraction > 1 ? "num bad" : "num");
    }

    /** The critical path: its delay (and the logic's share), where it starts and ends, and whether it is an estimate. */
    private static Cell criticalPath(Map<String, Object> t) {
        if (t.isEmpty()) {
            return Cell.of(Format.MISSING);
        }
        String delay = Format.fixed(Json.num(t, "critical_path_ns"), 2) + " ns (logic " + Format.fixed(Json.num(t, "logic_ns"), 2)
                + ")" + (Boolean.TRUE.equals(Json.bool(t, "estimate")) ? " est." : "");
        return new Cell(delay, Json.str(t, "start") + " →\n" + Json.str(t, "end"), "lines");
    }

    private static Cell verification(HardwareEntry entry) {
        List<Map<String, Object>> runs = Json.maps(entry.hardware(), "verification");
        if (runs.isEmpty()) {
            return Cell.of(Format.MISSING);
        }
        StringJoiner text = new StringJoiner("\n");
        boolean clean = true;
        String windowsFrom = Json.str(runs.get(0), "windows_from");
        for (Map<String, Object> run : runs) {
            Double mismatches = Json.num(run, "mismatches");
            clean &= mismatches != null && mismatches == 0;
            String simulator = Json.str(run, "simulator");
            text.add((simulator == null ? "?" : simulator) + " " + Format.num(mismatches) + "/"
                    + Format.num(Json.num(run, "windows")));
        }
        return new Cell(text.toString(), windowsFrom, clean ? "good lines" : "bad lines");
    }

    /** The cost model's relative error for one quantity, as a cell note ("model +2.1 %"), or null. */
    private static String costModelError(HardwareEntry entry, String key) {
        Double error = Json.num(Json.map(Json.map(entry.hardware(), "cost_model"), "error"), key);
        return error == null ? null : "model " + Format.signedPercent(error);
    }

    private static String notes(String first, String second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        return first + "\n" + second;
    }
}
