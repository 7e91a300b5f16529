package org.intformer.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The inter-series model's cross-series attention as heatmaps, one panel per layer and head: row = the series
 * that attends, column = the series it attends to, colour = the attention probability averaged over the test
 * windows (report section {@code attention}).
 */
final class AttentionHeatmap {

    static final String FILE = "cross-series-attention.png";
    private static final int PANEL = 620;

    private AttentionHeatmap() {
    }

    static Optional<Plot> build(Map<String, Object> attention) {
        List<String> series = Json.list(attention, "series").stream().map(String::valueOf).toList();
        List<Map<String, Object>> layers = Json.maps(attention, "layers");
        if (series.isEmpty() || layers.isEmpty()) {
            return Optional.empty();
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (Map<String, Object> layer : layers) {
            List<Object> heads = Json.list(layer, "heads");
            for (int j = 0; j < heads.size(); j++) {
                String title = Json.str(layer, "layer") + (heads.size() > 1 ? ", head " + (j + 1) : "");
                panels.add(panel(title, series, Json.list(heads.get(j))));
            }
        }
        int columns = Math.min(2, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        byte[] png = Charts.grid(panels, columns, PANEL * columns, (PANEL - 40) * rows, null);
        Double windows = Json.num(attention, "windows");
        return Optional.of(new Plot(FILE, png, "Cross-series attention",
                "Mean attention probability over the " + Format.num(windows) + " test windows: each row is a series and "
                        + "its attention to every series (columns) in the cross-series layer; one panel per head."));
    }

    private static JFreeChart panel(String title, List<String> series, List<Object> rows) {
        int n = series.size();
        double[][] xyz = new double[3][n * n];
        double max = 0;
        for (int r = 0; r < n; r++) {
            double[] row = Json.doubles(rows.get(r));
            for (int c = 0; c < n; c++) {
                int i = r * n + c;
                xyz[0][i] = c;
                xyz[1][i] = r;
                xyz[2][i] = row[c];
                max = Math.max(max, row[c]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("attention", xyz);
        String[] names = series.toArray(new String[0]);
        SymbolAxis x = new SymbolAxis("attends to", names);
        x.setVerticalTickLabels(true);
        x.setTickLabelFont(Charts.font(Font.PLAIN, n > 12 ? 9 : 11));
        x.setGridBandsVisible(false);
        SymbolAxis y = new SymbolAxis("series", names);
        y.setInverted(true);
        y.setTickLabelFont(Charts.font(Font.PLAIN, n > 12 ? 9 : 11));
        y.setGridBandsVisible(false);
        XYBlockRenderer renderer = new XYBlockRenderer();
        Scale scale = new Scale(Math.max(max, 1e-9));
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = Charts.style(new JFreeChart(title, Charts.font(Font.BOLD, 13), plot, false));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        NumberAxis legendAxis = new NumberAxis("probability");
        legendAxis.setRange(0, scale.getUpperBound());
        legendAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(niceStep(scale.getUpperBound() / 5)));
        legendAxis.setTickLabelFont(Charts.font(Font.PLAIN, 10));
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(12);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** White at 0 to dark blue at the panel's largest probability. */
    private record Scale(double upper) implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            double f = Math.max(0, Math.min(1, value / upper));
            return new Color((int) Math.round(255 - f * (255 - 0x1F)), (int) Math.round(255 - f * (255 - 0x3F)),
                    (int) Math.round(255 - f * (255 - 0x8F)));
        }
    }
}
