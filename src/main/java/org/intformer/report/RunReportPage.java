package org.intformer.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML page of a {@code run}: summary, metrics, hardware and stage tables, the figures and the
 * configuration, from the run report map. Every section is optional; a section whose data is missing is
 * left out rather than failing the page.
 */
public final class RunReportPage {

    static final String PAGE = "report.html";
    static final List<String> PLOT_FILES = List.of(ForecastChart.FILE, ErrorPerStepChart.FILE, AccuracyChart.FILE,
            ResourceChart.FILE, LatencyEnergyChart.FILE, AttentionHeatmap.FILE);

    private RunReportPage() {
    }

    /**
     * Writes DIR/plots/*.png and DIR/report.html (atomically) from the run report; returns the plot files
     * written, relative to dir ("plots/forecast.png", ...).
     */
    public static List<String> write(Path dir, Map<String, Object> report) {
        Charts.headless();
        Map<String, Object> safe = report == null ? Map.of() : report;
        List<Plot> plots = plots(safe);
        String html = html(safe, plots);
        return PlotFiles.write(dir, plots, PLOT_FILES, PAGE, html);
    }

    static List<Plot> plots(Map<String, Object> report) {
        Palette models = new Palette(variantNames(report));
        List<HardwareEntry> hardware = HardwareEntry.all(report);
        Palette targets = new Palette(hardware.stream().map(HardwareEntry::target).distinct().toList());
        List<Plot> plots = new ArrayList<>();
        ForecastChart.build(Json.map(report, "forecasts"), models).ifPresent(plots::add);
        ErrorPerStepChart.build(Json.map(report, "per_step"), models).ifPresent(plots::add);
        AccuracyChart.build(report).ifPresent(plots::add);
        ResourceChart.build(hardware).ifPresent(plots::add);
        LatencyEnergyChart.build(hardware, targets).ifPresent(plots::add);
        AttentionHeatmap.build(Json.map(report, "attention")).ifPresent(plots::add);
        return plots;
    }

    private static List<String> variantNames(Map<String, Object> report) {
        return Json.maps(report, "variants").stream().map(HardwareEntry::nameOf).toList();
    }

    private static String html(Map<String, Object> report, List<Plot> plots) {
        Map<String, Object> config = Json.map(report, "config");
        Html page = new Html("intformer run report");
        String command = Json.str(report, "command");
        page.header("intformer " + (command == null ? "run" : command) + " report", "Data: " + dataName(config));
        page.cards(summary(report, config));

        Map<String, Object> data = Json.map(report, "data");
        if (!data.isEmpty()) {
            page.h2("Data");
            page.table(RunTables.keyValues(data, 10), "kv");
        }
        Table metrics = RunTables.metrics(report);
        if (!metrics.isEmpty()) {
            page.h2("Accuracy");
            page.table(metrics);
            page.note("MSE and MAE in normalised units; RMSE and MAE (orig.) in the target's original units. "
                    + "Bold: lowest test MSE.");
        }
        Table perSeries = SeriesTable.build(report);
        if (!perSeries.isEmpty()) {
            page.h2("Accuracy per series");
            page.table(perSeries);
            page.note("Test MSE per series in normalised units, its WAPE (Σ|error| / Σ|actual| in original units) "
                    + "beneath. Bold: lowest MSE of the row.");
        }
        Table integer = RunTables.integerModels(Json.maps(report, "variants"));
        if (!integer.isEmpty()) {
            page.h2("Integer models");
            page.table(integer);
            page.note("Identical outputs: share of output codes where the integer-only model gives exactly the "
                    + "fake-quantized QAT model's code; max |diff| is the largest difference in output LSBs.");
        }
        List<HardwareEntry> hardware = HardwareEntry.all(report);
        if (!hardware.isEmpty()) {
            page.h2("Hardware");
            for (String target : hardware.stream().map(HardwareEntry::target).distinct().toList()) {
                page.h3(target);
                List<HardwareEntry> onTarget = hardware.stream().filter(h -> h.target().equals(target)).toList();
                page.table(RunTables.hardware(onTarget));
                for (HardwareEntry h : onTarget) {
                    if (!h.misfit().isEmpty()) {
                        page.note(h.variant() + " does not fit " + target + ": " + Json.str(h.misfit(), "reason")
                                + " (a cost-model estimate, no synthesis ran; " + String.join(", ", Json.map(h.hardware(), "skipped").keySet())
                                + " skipped).");
                    }
                }
            }
            page.note("Resources as used / device limit, with the share of the device below; \"model\" is the "
                    + "cost model's relative error against synthesis. BRAM36 (eq.) counts two BRAM18 as one BRAM36. "
                    + "Verification: mismatching windows / windows simulated, per simulator.");
        }
        Table stages = RunTables.stages(Json.maps(report, "stages"));
        if (!stages.isEmpty()) {
            page.h2("Stages");
            page.table(stages);
        }
        if (!plots.isEmpty()) {
            page.h2("Figures");
            page.figures(plots);
        }
        Map<String, Object> pipeline = Json.map(report, "pipeline");
        if (!config.isEmpty() || !pipeline.isEmpty()) {
            page.h2("Configuration");
            Map<String, Object> all = new LinkedHashMap<>(config);
            pipeline.forEach((k, v) -> all.put("pipeline." + k, v));
            page.table(RunTables.keyValues(all, Integer.MAX_VALUE), "kv");
        }
        return page.finish();
    }

    static String dataName(Map<String, Object> config) {
        String data = Json.str(config, "data");
        if (data == null || data.isBlank()) {
            return "built-in synthetic";
        }
        // Only the file name: the absolute path says where the run happened, not what it ran on. Plain string
        // handling, not Path.of, which would throw on characters the platform does not allow.
        String name = data.substring(Math.max(data.lastIndexOf('/'), data.lastIndexOf('\\')) + 1);
        return name.isEmpty() ? data : name;
    }

    private static Map<String, String> summary(Map<String, Object> report, Map<String, Object> config) {
        Map<String, String> cards = new LinkedHashMap<>();
        cards.put("data", dataName(config));
        String model = modelSummary(config);
        if (!model.isEmpty()) {
            cards.put("model", model);
        }
        if (config.containsKey("lookback") || config.containsKey("horizon")) {
            cards.put("window", "lookback " + Format.value(config.get("lookback")) + " → horizon "
                    + Format.value(config.get("horizon")));
        }
        Double floatMse = Json.num(report, "metrics", "float", "test", "mse");
        if (floatMse != null) {
            cards.put("float test MSE", Format.measure(floatMse));
        }
        for (Map<String, Object> variant : Json.maps(report, "variants")) {
            Double mse = Json.num(variant, "metrics", "integer", "test", "mse");
            if (mse != null) {
                cards.put(HardwareEntry.nameOf(variant) + " test MSE", Format.measure(mse));
            }
        }
        List<HardwareEntry> hardware = HardwareEntry.all(report);
        Set<String> targets = new LinkedHashSet<>();
        hardware.forEach(h -> targets.add(h.target()));
        if (!targets.isEmpty()) {
            long fitting = hardware.stream().filter(h -> Boolean.TRUE.equals(Json.bool(h.hardware(), "fits"))).count();
            cards.put("targets", String.join(", ", targets));
            cards.put("designs that fit", fitting + " of " + hardware.size());
        }
        return cards;
    }

    private static String modelSummary(Map<String, Object> config) {
        List<String> parts = new ArrayList<>();
        String[][] fields = {{"d-model", "d-model"}, {"heads", "heads"}, {"layers", "layers"}, {"ffn", "ffn"},
                {"patch", "patch"}, {"head", "head"}};
        for (String[] field : fields) {
            if (config.containsKey(field[0]) && config.get(field[0]) != null) {
                parts.add(field[1] + " " + Format.value(config.get(field[0])));
            }
        }
        return String.join(" · ", parts);
    }
}
