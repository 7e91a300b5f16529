package org.intformer.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 log axis with ticks on round values (1, 2, 5 × 10^k). JFreeChart's own log axes put ticks at
 * evenly spaced exponents (1.995, 2.512, ...) or label only whole decades, which leaves a 40–900 µs range
 * with one or two labels.
 */
final class NiceLogAxis extends LogAxis {

    private static final long serialVersionUID = 1L;
    private static final double[][] STEPS = {{1, 2, 5}, {1, 2, 3, 5, 7}, {1}};

    NiceLogAxis(String label) {
        super(label);
        setBase(10);
        setMinorTickMarksVisible(false);
    }

    @Override
    public List<Tick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        double lower = getLowerBound();
        double upper = getUpperBound();
        // Prefer 1-2-5; too few ticks in a narrow range: add 3 and 7; too many in a wide one: decades only.
        List<Double> values = values(lower, upper, STEPS[0]);
        if (values.size() < 4) {
            values = values(lower, upper, STEPS[1]);
        } else if (values.size() > 10) {
            values = values(lower, upper, STEPS[2]);
        }
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        TextAnchor anchor = vertical ? TextAnchor.CENTER_RIGHT : TextAnchor.TOP_CENTER;
        DecimalFormat format = new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        List<Tick> ticks = new ArrayList<>();
        for (double value : values) {
            ticks.add(new NumberTick(TickType.MAJOR, value, format.format(value), anchor, TextAnchor.CENTER, 0.0));
        }
        return ticks;
    }

    private static List<Double> values(double lower, double upper, double[] steps) {
        List<Double> values = new ArrayList<>();
        for (int exponent = (int) Math.floor(Math.log10(lower)); exponent <= (int) Math.ceil(Math.log10(upper));
                exponent++) {
            for (double step : steps) {
                // Divide for negative exponents: 2 / 10 is exactly the double nearest 0.2, 2 * 0.1 is not.
                double value = exponent >= 0 ? step * Math.pow(10, exponent) : step / Math.pow(10, -exponent);
                if (value >= lower && value <= upper) {
                    values.add(value);
                }
            }
        }
        return values;
    }
}
