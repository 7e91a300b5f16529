package org.intformer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void logScaleOnlyWhenTheRangeSpansMoreThanTenfold() {
        assertThat(Charts.valueAxis("x", 2, 19)).isInstanceOf(NumberAxis.class);
        assertThat(Charts.valueAxis("x", 0, 500)).isInstanceOf(NumberAxis.class);
        assertThat(Charts.valueAxis("x", 2, 21)).isInstanceOf(NiceLogAxis.class);
    }

    @Test
    void logTicksSitOnRoundValues() {
        assertThat(labels(40, 913)).containsExactly("50", "100", "200", "500");
        // a narrow range gets 3 and 7 as well so it still has a few labels
        assertThat(labels(2.2, 9)).containsExactly("3", "5", "7");
        // many decades: whole decades only
        assertThat(labels(0.01, 1e6)).containsExactly("0.01", "0.1", "1", "10", "100", "1,000", "10,000", "100,000",
                "1,000,000");
    }

    private static List<String> labels(double lower, double upper) {
        Charts.headless();
        NiceLogAxis axis = new NiceLogAxis("x");
        axis.setRange(lower, upper);
        Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            List<Tick> ticks = axis.refreshTicks(g, new AxisState(), new Rectangle2D.Double(0, 0, 700, 300),
                    RectangleEdge.BOTTOM);
            return ticks.stream().map(Tick::getText).toList();
        } finally {
            g.dispose();
        }
    }
}
