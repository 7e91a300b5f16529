package org.intformer.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.report.Table.Cell;

/**
 * The per-series accuracy of a multi-series run: one row per series, one column per forecaster that has
 * {@code test.per_series} (baselines, ablation, float, each integer variant), each cell the series' test MSE
 * (z-space) with its WAPE beneath. The best MSE of each row is bold.
 */
final class SeriesTable {

    private SeriesTable() {
    }

    static Table build(Map<String, Object> report) {
        Map<String, Map<String, Object>> models = new LinkedHashMap<>();
        Json.map(report, "metrics").forEach((name, splits) -> {
            Map<String, Object> perSeries = Json.map(Json.map(Json.map(splits), "test"), "per_series");
            if (!perSeries.isEmpty()) {
                models.put(name, perSeries);
            }
        });
        for (Map<String, Object> variant : Json.maps(report, "variants")) {
            Map<String, Object> perSeries = Json.map(Json.map(Json.map(Json.map(variant, "metrics"), "integer"), "test"),
                    "per_series");
            if (!perSeries.isEmpty()) {
                models.put(HardwareEntry.nameOf(variant) + " integer", perSeries);
            }
        }
        List<String> headers = new ArrayList<>(List.of("series"));
        headers.addAll(models.keySet());
        Table table = new Table(headers);
        if (models.isEmpty()) {
            return table;
        }
        for (String series : models.values().iterator().next().keySet()) {
            double best = models.values().stream().map(m -> Json.num(Json.map(m, series), "mse"))
                    .filter(v -> v != null).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            List<Cell> cells = new ArrayList<>(List.of(Cell.of(series)));
            for (Map<String, Object> m : models.values()) {
                Map<String, Object> e = Json.map(m, series);
                Double mse = Json.num(e, "mse");
                Double wape = Json.num(e, "wape");
                cells.add(new Cell(Format.measure(mse), wape == null ? null : "WAPE " + Format.percent(wape),
                        mse != null && mse == best ? "num best" : "num"));
            }
            table.row(null, cells);
        }
        return table;
    }
}
