package org.intformer.report;

import java.awt.Color;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Test MSE of each integer variant (and of its QAT model, so the conversion loss is visible) as bars per bit
 * width, against horizontal lines for the float model and the baselines it must beat.
 */
final class AccuracyChart {

    static final String FILE = "accuracy-per-bits.png";
    private static final String[] REFERENCES = {"float", "linear", "naive"};

    private AccuracyChart() {
    }

    static Optional<Plot> build(Map<String, Object> report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double max = 0;
        for (Map<String, Object> variant : Json.maps(report, "variants")) {
            String category = category(variant);
            Double integer = Json.num(variant, "metrics", "integer", "test", "mse");
            Double qat = Json.num(variant, "metrics", "qat", "test", "mse");
            if (integer == null) {
                continue;
            }
            data.addValue(qat, "QAT (fake-quantized)", category);
            data.addValue(integer, "integer-only", category);
            max = Math.max(max, Math.max(integer, qat == null ? 0 : qat));
        }
        if (data.getColumnCount() == 0) {
            return Optional.empty();
        }
        JFreeChart chart = Charts.style(ChartFactory.createBarChart("Test MSE per bit width", null, "test MSE", data,
                PlotOrientation.VERTICAL, true, false, false));
        CategoryPlot plot = chart.getCategoryPlot();
        Palette palette = new Palette(List.of());
        Charts.flatBars(plot, data, palette);
        plot.getRenderer().setSeriesPaint(0, new Color(0x9C, 0xB8, 0xD9));
        plot.getRenderer().setSeriesPaint(1, new Color(0x1F, 0x5F, 0xA8));
        Map<String, Object> metrics = Json.map(report, "metrics");
        for (String reference : REFERENCES) {
            Double mse = Json.num(metrics, reference, "test", "mse");
            if (mse != null) {
                plot.addRangeMarker(Charts.referenceLine(mse, reference + " " + Format.num(mse), palette.color(reference)));
                max = Math.max(max, mse);
            }
        }
        // Markers do not take part in auto-range; make room so every reference line stays visible.
        plot.getRangeAxis().setRange(0, max > 0 ? max * 1.15 : 1);
        return Optional.of(new Plot(FILE, Charts.png(chart), "Accuracy per bit width",
                "Test MSE (normalised units) of the QAT model and its integer-only conversion, per variant; dashed "
                        + "lines mark the float model and the baselines."));
    }

    private static String category(Map<String, Object> variant) {
        String name = HardwareEntry.nameOf(variant);
        Double bits = Json.num(variant, "bits");
        return bits == null ? name : name + " (" + bits.intValue() + "-bit)";
    }
}
