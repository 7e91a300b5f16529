package org.intformer.report;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Forecast against actual on a few test windows, one small panel per window: the history the model saw
 * (steps up to 0), then the actual future and each model's prediction (steps 1..horizon).
 */
final class ForecastChart {

    static final String FILE = "forecast.png";
    private static final int MAX_WINDOWS = 4;
    private static final int SHORT = 5;

    private ForecastChart() {
    }

    static Optional<Plot> build(Map<String, Object> forecasts, Palette palette) {
        List<Map<String, Object>> windows = Json.maps(forecasts, "windows");
        if (windows.size() > MAX_WINDOWS) {
            windows = windows.subList(0, MAX_WINDOWS);
        }
        String unit = Json.str(forecasts, "unit");
        List<JFreeChart> panels = new ArrayList<>();
        for (Map<String, Object> window : windows) {
            panels.add(panel(window, unit == null ? "value" : unit, palette));
        }
        if (panels.isEmpty()) {
            return Optional.empty();
        }
        int columns = panels.size() == 1 ? 1 : 2;
        int height = panels.size() <= 2 ? Charts.HEIGHT : 700;
        LegendTitle legend = new LegendTitle(panels.get(0).getPlot());
        byte[] png = Charts.grid(panels, columns, Charts.WIDTH, height, legend);
        return Optional.of(new Plot(FILE, png, "Forecasts on test windows",
                "History (left of the dotted line), actual future and each model's forecast in original units"
                        + (unit == null ? "" : " (" + unit + ")") + "."));
    }

    private static JFreeChart panel(Map<String, Object> window, String unit, Palette palette) {
        XYSeriesCollection data = new XYSeriesCollection();
        double[] history = Json.doubles(window.get("history"));
        data.addSeries(series("history", history, 1 - history.length));
        data.addSeries(series("actual", Json.doubles(window.get("actual")), 1));
        Json.map(window, "predicted").forEach((model, values) -> data.addSeries(series(model, Json.doubles(values), 1)));

        String index = Json.str(window, "index");
        JFreeChart chart = ChartFactory.createXYLineChart(index == null ? "Window" : "Window " + index, "step",
                unit, data, PlotOrientation.VERTICAL, false, false, false);
        Charts.style(chart);
        chart.getTitle().setFont(Charts.font(Font.BOLD, 13));
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            String name = (String) data.getSeriesKey(s);
            renderer.setSeriesPaint(s, palette.color(name));
            renderer.setSeriesStroke(s, "history".equals(name) ? Charts.THIN : Charts.LINE);
            // A line needs two points: with a horizon of one or a few steps, show the points themselves.
            renderer.setSeriesShapesVisible(s, data.getItemCount(s) < SHORT);
        }
        plot.setRenderer(renderer);
        ValueMarker now = new ValueMarker(0.5, Palette.GREY, Charts.DASHED);
        plot.addDomainMarker(now);
        return chart;
    }

    private static XYSeries series(String name, double[] values, int firstStep) {
        // autoSort off: steps are already in order; duplicates allowed so a bad report never throws here.
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                series.add(firstStep + i, values[i]);
            }
        }
        return series;
    }
}
