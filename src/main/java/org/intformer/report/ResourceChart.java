package org.intformer.report;

import java.awt.Color;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Resource use as a percentage of the device limit, grouped per (variant, target), with the 100 % line. The
 * two families name their resources differently, so equivalent kinds share a series (and a colour): XC7S15
 * LUTs and iCE40 logic cells are both "logic", BRAM and EBR are both "block RAM".
 */
final class ResourceChart {

    static final String FILE = "resources.png";

    /** A series: its legend label and the resource keys that feed it (first one present wins). */
    private record Kind(String label, List<String> keys, Color color) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("logic (LUT / LC)", List.of("lut", "lc"), new Color(0x1F, 0x5F, 0xA8)),
            new Kind("flip-flops", List.of("ff"), new Color(0x6F, 0xA8, 0xDC)),
            new Kind("DSP", List.of("dsp"), new Color(0xE8, 0x7B, 0x1E)),
            new Kind("block RAM (BRAM36 / EBR)", List.of("bram36", "ebr"), new Color(0x2C, 0x9C, 0x4A)),
            new Kind("SPRAM", List.of("spram"), new Color(0x80, 0x5A, 0xC0)));

    private ResourceChart() {
    }

    static Optional<Plot> build(List<HardwareEntry> entries) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double max = 100;
        for (HardwareEntry entry : entries) {
            for (Kind kind : KINDS) {
                for (String key : kind.keys()) {
                    Double fraction = entry.utilisation(key);
                    if (fraction != null) {
                        data.addValue(fraction * 100, kind.label(), entry.label());
                        max = Math.max(max, fraction * 100);
                        break;
                    }
                }
            }
        }
        if (data.getColumnCount() == 0) {
            return Optional.empty();
        }
        JFreeChart chart = Charts.style(ChartFactory.createBarChart("Resource use (% of device)", null,
                "% of device limit", data, PlotOrientation.VERTICAL, true, false, false));
        CategoryPlot plot = chart.getCategoryPlot();
        Charts.flatBars(plot, data, new Palette(List.of()));
        for (int s = 0; s < data.getRowCount(); s++) {
            String label = (String) data.getRowKey(s);
            KINDS.stream().filter(k -> k.label().equals(label)).findFirst()
                    .ifPresent(k -> plot.getRenderer().setSeriesPaint(data.getRowIndex(label), k.color()));
        }
        plot.addRangeMarker(Charts.referenceLine(100, "device limit", new Color(0xB3, 0x26, 0x1E)));
        plot.getRangeAxis().setRange(0, max * 1.1);
        return Optional.of(new Plot(FILE, Charts.png(chart), "Resource use",
                "Each resource as a percentage of what the device offers (BRAM counts 18 Kb halves as half a "
                        + "36 Kb block); above the red line the design does not fit."));
    }
}
