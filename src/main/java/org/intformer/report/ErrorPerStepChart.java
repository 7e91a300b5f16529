package org.intformer.report;

import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Test MSE per horizon step, one line per model with the baselines dashed: shows whether quantization hurts
 * the near or the far steps. With a horizon of 1 there is no curve, so the models become bars.
 */
final class ErrorPerStepChart {

    static final String FILE = "error-per-step.png";

    private ErrorPerStepChart() {
    }

    static Optional<Plot> build(Map<String, Object> perStep, Palette palette) {
        int horizon = 0;
        for (Object values : perStep.values()) {
            horizon = Math.max(horizon, Json.doubles(values).length);
        }
        if (horizon == 0) {
            return Optional.empty();
        }
        JFreeChart chart = horizon == 1 ? bars(perStep, palette) : lines(perStep, palette);
        return Optional.of(new Plot(FILE, Charts.png(chart), "Test error per horizon step",
                "Mean squared error on the test windows (normalised units) at each forecast step; baselines dashed."));
    }

    private static JFreeChart lines(Map<String, Object> perStep, Palette palette) {
        XYSeriesCollection data = new XYSeriesCollection();
        perStep.forEach((model, values) -> {
            XYSeries series = new XYSeries(model, false, true);
            double[] mse = Json.doubles(values);
            for (int i = 0; i < mse.length; i++) {
                if (!Double.isNaN(mse[i])) {
                    series.add(i + 1, mse[i]);
                }
            }
            data.addSeries(series);
        });
        JFreeChart chart = Charts.style(ChartFactory.createXYLineChart("Test MSE per horizon step", "horizon step",
                "MSE", data, PlotOrientation.VERTICAL, true, false, false));
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            String name = (String) data.getSeriesKey(s);
            renderer.setSeriesPaint(s, palette.color(name));
            renderer.setSeriesStroke(s, Palette.isBaseline(name) ? Charts.DASHED : Charts.LINE);
        }
        plot.setRenderer(renderer);
        return chart;
    }

    private static JFreeChart bars(Map<String, Object> perStep, Palette palette) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        perStep.forEach((model, values) -> {
            double[] mse = Json.doubles(values);
            if (mse.length == 1 && !Double.isNaN(mse[0])) {
                data.addValue(mse[0], model, "step 1");
            }
        });
        JFreeChart chart = Charts.style(ChartFactory.createBarChart("Test MSE (horizon 1)", null, "MSE", data,
                PlotOrientation.VERTICAL, true, false, false));
        Charts.flatBars(chart.getCategoryPlot(), data, palette);
        return chart;
    }
}
