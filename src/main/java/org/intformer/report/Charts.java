package org.intformer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.Size2D;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.ui.RectangleAnchor;

/**
 * The shared look and rendering of every chart: headless AWT, white background, one font family, light grid,
 * legends at the bottom, and PNG encoding. Charts are drawn onto our own image (not a chart's createImage) so
 * several panels can share one picture and one legend.
 */
final class Charts {

    static final int WIDTH = 800;
    static final int HEIGHT = 450;
    static final String FONT = "DejaVu Sans";
    static final Color GRID = new Color(0xE2, 0xE5, 0xEA);
    static final BasicStroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke THIN = new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke DASHED = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {6f, 4f}, 0f);

    private Charts() {
    }

    /**
     * Must run before the first AWT class touches the graphics environment; reports are written from servers
     * and CI machines without a display. Every public entry point calls it first.
     */
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static Font font(int style, int size) {
        return new Font(FONT, style, size);
    }

    /** Applies the common look to a freshly created chart and returns it. */
    static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 6, 6, 10));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(font(Font.BOLD, 15));
            title.setPaint(new Color(0x1D, 0x23, 0x30));
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            styleLegend(legend);
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(GRID);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            styleAxis(xy.getDomainAxis());
            styleAxis(xy.getRangeAxis());
        } else if (plot instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(GRID);
            category.getDomainAxis().setLabelFont(font(Font.PLAIN, 12));
            category.getDomainAxis().setTickLabelFont(font(Font.PLAIN, 11));
            styleAxis(category.getRangeAxis());
        }
        return chart;
    }

    static void styleLegend(LegendTitle legend) {
        legend.setItemFont(font(Font.PLAIN, 12));
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setPosition(RectangleEdge.BOTTOM);
    }

    private static void styleAxis(ValueAxis axis) {
        if (axis != null) {
            axis.setLabelFont(font(Font.PLAIN, 12));
            axis.setTickLabelFont(font(Font.PLAIN, 11));
        }
    }

    /**
     * A value axis for data between {@code min} and {@code max}: logarithmic when positive values span more
     * than a factor of ten, where a linear axis would crush the small points against zero.
     */
    static ValueAxis valueAxis(String label, double min, double max) {
        if (min > 0 && max / min > 10) {
            NiceLogAxis axis = new NiceLogAxis(label);
            axis.setRange(min / 1.3, max * 1.3);
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /** A labelled horizontal reference line (a baseline's MSE, the 100 % device limit). */
    static ValueMarker referenceLine(double value, String label, Color color) {
        ValueMarker marker = new ValueMarker(value, color, DASHED);
        marker.setLabel(label);
        marker.setLabelFont(font(Font.PLAIN, 11));
        marker.setLabelPaint(color);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 210));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        return marker;
    }

    /** Flat bars coloured by the palette; used by every bar chart whose series are models or targets. */
    static BarRenderer flatBars(CategoryPlot plot, DefaultCategoryDataset data, Palette palette) {
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int s = 0; s < data.getRowCount(); s++) {
            renderer.setSeriesPaint(s, palette.color((String) data.getRowKey(s)));
        }
        return renderer;
    }

    static byte[] png(JFreeChart chart) {
        return png(chart, WIDTH, HEIGHT);
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        return grid(List.of(chart), 1, width, height, null);
    }

    /**
     * Draws panels row by row into one image, with an optional legend shared by all panels below them (the
     * panels then should have their own legends switched off).
     */
    static byte[] grid(List<JFreeChart> panels, int columns, int width, int height, LegendTitle sharedLegend) {
        headless();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double legendHeight = 0;
            if (sharedLegend != null) {
                styleLegend(sharedLegend);
                legendHeight = 36;
                // A title only knows its items after arrange(); JFreeChart does this for its own legends.
                Size2D size = sharedLegend.arrange(g, RectangleConstraint.NONE);
                sharedLegend.draw(g, new Rectangle2D.Double((width - size.width) / 2,
                        height - legendHeight + (legendHeight - size.height) / 2, size.width, size.height));
            }
            int rows = (panels.size() + columns - 1) / columns;
            double cellWidth = (double) width / columns;
            double cellHeight = (height - legendHeight) / rows;
            for (int i = 0; i < panels.size(); i++) {
                Rectangle2D area = new Rectangle2D.Double((i % columns) * cellWidth, (i / columns) * cellHeight,
                        cellWidth, cellHeight);
                panels.get(i).draw(g, area);
            }
        } finally {
            g.dispose();
        }
        try {
            return ChartUtils.encodeAsPNG(image);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
    }
}
