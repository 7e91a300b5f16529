package org.intformer.report;

import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Latency and energy per inference side by side, bars grouped by variant and coloured by target: the two
 * numbers a deployment decision trades off, each with its own scale.
 */
final class LatencyEnergyChart {

    static final String FILE = "latency-energy.png";

    private LatencyEnergyChart() {
    }

    static Optional<Plot> build(List<HardwareEntry> entries, Palette targets) {
        JFreeChart latency = panel(entries, "latency_us", "Latency per inference", "µs", targets);
        JFreeChart energy = panel(entries, "energy_uj", "Energy per inference", "µJ", targets);
        List<JFreeChart> panels = new ArrayList<>();
        if (latency != null) {
            panels.add(latency);
        }
        if (energy != null) {
            panels.add(energy);
        }
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        LegendTitle legend = new LegendTitle(panels.get(0).getPlot());
        byte[] png = Charts.grid(panels, panels.size(), Charts.WIDTH, Charts.HEIGHT, legend);
        return Optional.of(new Plot(FILE, png, "Latency and energy",
                "Time and energy for one forecast on each target at its clock, grouped by variant."));
    }

    private static JFreeChart panel(List<HardwareEntry> entries, String key, String title, String unit,
            Palette targets) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (HardwareEntry entry : entries) {
            Double value = entry.num(key);
            if (value != null) {
                data.addValue(value, entry.target(), entry.variant());
            }
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        JFreeChart chart = Charts.style(ChartFactory.createBarChart(title, null, unit, data,
                PlotOrientation.VERTICAL, false, false, false));
        chart.getTitle().setFont(Charts.font(Font.BOLD, 13));
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = Charts.flatBars(plot, data, targets);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(Charts.font(Font.PLAIN, 10));
        // Headroom above the tallest bar for its value label.
        plot.getRangeAxis().setUpperMargin(0.15);
        return chart;
    }
}
