package org.intformer.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.intformer.report.Table.Cell;

/** The page of an {@code explore} run: three Pareto plots and a table of every explored point. */
public final class ExplorePlots {

    static final String PAGE = "explore.html";

    private ExplorePlots() {
    }

    /**
     * Writes DIR/plots/pareto-energy.png, pareto-latency.png, pareto-lut.png and DIR/explore.html
     * (self-contained, embeds them, plus a table of all points); returns the files relative to dir.
     */
    public static List<String> write(Path dir, Map<String, Object> explore) {
        Charts.headless();
        Map<String, Object> safe = explore == null ? Map.of() : explore;
        List<Map<String, Object>> points = Json.maps(safe, "points");
        String chosen = Json.str(safe, "chosen");
        List<Plot> plots = new ArrayList<>();
        for (ParetoChart.Axis axis : ParetoChart.AXES) {
            ParetoChart.build(points, chosen, axis).ifPresent(plots::add);
        }
        List<String> known = ParetoChart.AXES.stream().map(ParetoChart.Axis::file).toList();
        List<String> files = new ArrayList<>(PlotFiles.write(dir, plots, known, PAGE, html(safe, points, chosen, plots)));
        files.add(PAGE);
        return List.copyOf(files);
    }

    private static String html(Map<String, Object> explore, List<Map<String, Object>> points, String chosen,
            List<Plot> plots) {
        Html page = new Html("intformer design-space exploration");
        page.header("intformer design-space exploration", points.size() + " points explored");
        page.cards(summary(explore, points, chosen));
        List<Map<String, Object>> failures = Json.maps(explore, "failures");
        if (!failures.isEmpty()) {
            page.h2("Failures");
            Table table = new Table("point", "stage", "error");
            for (Map<String, Object> f : failures) {
                table.row("bad", List.of(Cell.of(String.valueOf(Json.str(f, "id"))), Cell.of(String.valueOf(Json.str(f, "stage"))),
                        new Cell(String.valueOf(Json.str(f, "error")), null, "bad")));
            }
            page.table(table);
            page.note("These points failed in hardware or disagree with the schedule; explore exited with code 3. "
                    + "The cost-model error below does not cover them.");
        }
        Map<String, Object> search = Json.map(explore, "search");
        if (!search.isEmpty()) {
            page.h2("Search");
            page.table(RunTables.keyValues(search, Integer.MAX_VALUE), "kv");
        }
        if (!plots.isEmpty()) {
            page.h2("Pareto fronts");
            page.figures(plots);
        }
        if (!points.isEmpty()) {
            page.h2("All points");
            page.table(pointsTable(points, chosen));
            page.note("Sorted by test MSE (ascending); the chosen design is highlighted.");
        }
        return page.finish();
    }

    private static Map<String, String> summary(Map<String, Object> explore, List<Map<String, Object>> points,
            String chosen) {
        Map<String, String> cards = new LinkedHashMap<>();
        cards.put("points", String.valueOf(points.size()));
        cards.put("Pareto-optimal", String.valueOf(points.stream().filter(ExplorePlots::isPareto).count()));
        cards.put("fit the device",
                String.valueOf(points.stream().filter(p -> Boolean.TRUE.equals(Json.bool(p, "fits"))).count()));
        if (chosen != null) {
            cards.put("chosen", chosen);
            points.stream().filter(p -> chosen.equals(Json.str(p, "id"))).findFirst().ifPresent(p -> {
                cards.put("chosen test MSE", Format.num(Json.num(p, "test_mse")));
                cards.put("chosen energy", Format.fixed(Json.num(p, "energy_uj"), 2) + " µJ");
                cards.put("chosen parameters", Format.value(Json.map(p, "params")));
            });
        }
        List<Map<String, Object>> failures = Json.maps(explore, "failures");
        if (!failures.isEmpty()) {
            cards.put("FAILED", failures.size() + " (see Failures)");
        }
        // |estimate - synthesis| / synthesis per resource over the synthesized points, as explore writes it
        Map<String, Object> worst = Json.map(Json.map(explore, "cost_model_error"), "worst_relative");
        if (!worst.isEmpty()) {
            List<String> parts = new ArrayList<>();
            worst.forEach((k, v) -> parts.add(k + " " + Format.percent(Json.num(v))));
            cards.put("worst cost-model error", String.join(", ", parts));
        }
        return cards;
    }

    private static boolean isPareto(Map<String, Object> point) {
        return Boolean.TRUE.equals(Json.bool(point, "pareto"));
    }

    /** Points sorted by test MSE (missing last, then by id), so the best designs lead the table. */
    static Table pointsTable(List<Map<String, Object>> points, String chosen) {
        Set<String> params = new LinkedHashSet<>();
        points.forEach(p -> params.addAll(Json.map(p, "params").keySet()));
        List<String> headers = new ArrayList<>(List.of("id", "status"));
        headers.addAll(params);
        headers.addAll(List.of("val MSE", "test MSE ▲", "energy (µJ)", "latency (µs)", "LUTs", "fits", "Pareto", "hardware"));
        Table table = new Table(headers);
        List<Map<String, Object>> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing((Map<String, Object> p) -> Json.num(p, "test_mse"),
                Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(p -> String.valueOf(Json.str(p, "id"))));
        for (Map<String, Object> point : sorted) {
            String id = Json.str(point, "id");
            boolean isChosen = (chosen != null && chosen.equals(id)) || Boolean.TRUE.equals(Json.bool(point, "chosen"));
            List<Cell> cells = new ArrayList<>();
            cells.add(Cell.of(id == null ? Format.MISSING : id));
            String status = Json.str(point, "status");
            cells.add(new Cell(status == null ? Format.MISSING : status, null, "done".equals(status) ? null : "bad"));
            Map<String, Object> values = Json.map(point, "params");
            params.forEach(p -> cells.add(Cell.num(values.containsKey(p) ? Format.value(values.get(p)) : Format.MISSING)));
            cells.add(Cell.num(Format.num(Json.num(point, "val_mse"))));
            cells.add(Cell.num(Format.num(Json.num(point, "test_mse"))));
            cells.add(Cell.num(Format.fixed(Json.num(point, "energy_uj"), 2)));
            cells.add(Cell.num(Format.fixed(Json.num(point, "latency_us"), 1)));
            cells.add(Cell.num(Format.num(Json.num(point, "lut"))));
            Boolean fits = Json.bool(point, "fits");
            cells.add(new Cell(Format.yesNo(fits), null, Boolean.FALSE.equals(fits) ? "bad" : null));
            cells.add(Cell.of(isPareto(point) ? "★" : ""));
            String hardware = Json.str(point, "hardware_status");
            cells.add(new Cell(hardware == null ? "" : hardware, null, "failed".equals(hardware) ? "bad" : null));
            table.row(isChosen ? "highlight" : null, cells);
        }
        return table;
    }
}
