package org.intformer.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPointerAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Design-space exploration result for one cost axis: test MSE against energy, latency or LUTs. Fitting points
 * are coloured, infeasible or pruned ones greyed, the explorer's Pareto points highlighted and joined by a
 * step line, and the chosen point marked with its id.
 */
final class ParetoChart {

    /** The cost axes we plot: report key, file name, axis label, title. */
    record Axis(String key, String file, String label, String title) {
    }

    static final List<Axis> AXES = List.of(
            new Axis("energy_uj", "pareto-energy.png", "energy per inference (µJ)", "Accuracy vs energy"),
            new Axis("latency_us", "pareto-latency.png", "latency per inference (µs)", "Accuracy vs latency"),
            new Axis("lut", "pareto-lut.png", "LUTs", "Accuracy vs LUTs"));

    private static final Color FITS = new Color(0x1F, 0x5F, 0xA8);
    private static final Color PARETO = new Color(0xE8, 0x7B, 0x1E);
    private static final Color CHOSEN = new Color(0xC6, 0x2F, 0x2F);

    private ParetoChart() {
    }

    static Optional<Plot> build(List<Map<String, Object>> points, String chosen, Axis axis) {
        XYSeries fits = new XYSeries("fits", false, true);
        XYSeries other = new XYSeries("does not fit / pruned", false, true);
        XYSeries chosenSeries = new XYSeries("chosen", false, true);
        XYSeries paretoSeries = new XYSeries("Pareto-optimal", false, true);
        List<double[]> pareto = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] chosenXY = null;
        String chosenId = null;
        for (Map<String, Object> point : points) {
            Double x = Json.num(point, axis.key());
            Double y = Json.num(point, "test_mse");
            if (x == null || y == null) {
                continue;
            }
            min = Math.min(min, x);
            max = Math.max(max, x);
            boolean usable = !Boolean.FALSE.equals(Json.bool(point, "fits"))
                    && !"pruned".equals(Json.str(point, "status")) && !"infeasible".equals(Json.str(point, "status"));
            if (Boolean.TRUE.equals(Json.bool(point, "pareto"))) {
                pareto.add(new double[] {x, y});
                paretoSeries.add(x, y);
            } else {
                (usable ? fits : other).add(x, y);
            }
            String id = Json.str(point, "id");
            if ((chosen != null && chosen.equals(id)) || Boolean.TRUE.equals(Json.bool(point, "chosen"))) {
                chosenSeries.add(x, y);
                chosenXY = new double[] {x, y};
                chosenId = id;
            }
        }
        if (fits.isEmpty() && other.isEmpty() && paretoSeries.isEmpty()) {
            return Optional.empty();
        }
        XYSeriesCollection scatter = new XYSeriesCollection();
        scatter.addSeries(chosenSeries);
        scatter.addSeries(paretoSeries);
        scatter.addSeries(fits);
        scatter.addSeries(other);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesPaint(0, CHOSEN);
        dots.setSeriesShape(0, new Rectangle2D.Double(-7, -7, 14, 14));
        dots.setSeriesPaint(1, PARETO);
        dots.setSeriesShape(1, new Ellipse2D.Double(-5.5, -5.5, 11, 11));
        dots.setSeriesPaint(2, FITS);
        dots.setSeriesShape(2, new Ellipse2D.Double(-4, -4, 8, 8));
        dots.setSeriesPaint(3, Palette.GREY);
        dots.setSeriesShape(3, new Ellipse2D.Double(-3.5, -3.5, 7, 7));

        ValueAxis xAxis = Charts.valueAxis(axis.label(), min, max);
        NumberAxis yAxis = new NumberAxis("test MSE");
        yAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(scatter, xAxis, yAxis, dots);
        // Dataset 1 (Pareto line) is drawn after dataset 0 by default; draw it first so dots sit on top.
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        if (!pareto.isEmpty()) {
            XYSeriesCollection front = new XYSeriesCollection(frontLine(pareto));
            XYStepRenderer step = new XYStepRenderer();
            step.setSeriesPaint(0, PARETO);
            step.setSeriesStroke(0, Charts.LINE);
            step.setSeriesVisibleInLegend(0, false);
            plot.setDataset(1, front);
            plot.setRenderer(1, step);
        }
        if (chosenXY != null) {
            XYPointerAnnotation label = new XYPointerAnnotation("chosen: " + (chosenId == null ? "" : chosenId),
                    chosenXY[0], chosenXY[1], -Math.PI / 4);
            label.setFont(Charts.font(Font.BOLD, 12));
            label.setPaint(CHOSEN);
            label.setArrowPaint(CHOSEN);
            label.setTipRadius(10);
            label.setBaseRadius(38);
            label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(label);
        }
        JFreeChart chart = Charts.style(new JFreeChart(axis.title(), Charts.font(Font.BOLD, 15), plot, true));
        return Optional.of(new Plot(axis.file(), Charts.png(chart), axis.title(),
                "Test MSE against " + axis.label() + " for every explored point; orange points are Pareto-optimal "
                        + "(joined by a step line through the ones non-dominated on these two axes), the red square "
                        + "is the chosen design."));
    }

    /**
     * The Pareto flag covers all objectives, so in a two-axis projection some flagged points are dominated;
     * the step line goes through the ones that are not (sorted by cost, keeping each new lowest error).
     */
    private static XYSeries frontLine(List<double[]> pareto) {
        List<double[]> sorted = new ArrayList<>(pareto);
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        XYSeries line = new XYSeries("Pareto front", false, true);
        double best = Double.POSITIVE_INFINITY;
        for (double[] p : sorted) {
            if (p[1] < best) {
                line.add(p[0], p[1]);
                best = p[1];
            }
        }
        return line;
    }
}
