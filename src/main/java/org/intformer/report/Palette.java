package org.intformer.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per model or target across every chart of a page, so "int4" is the same green in the forecast,
 * the error curve and the bar charts. Baselines get muted colours; the models under study get strong ones.
 */
final class Palette {

    static final Color GREY = new Color(0xB0, 0xB5, 0xBD);
    static final Color DARK = new Color(0x22, 0x22, 0x22);

    private static final Map<String, Color> FIXED = Map.of(
            "history", new Color(0x8A, 0x90, 0x99),
            "actual", DARK,
            "naive", new Color(0xA0, 0x7A, 0x5A),
            "linear", new Color(0x9A, 0x9A, 0x3A),
            "float", new Color(0x1F, 0x5F, 0xA8));

    private static final Color[] CYCLE = {
            new Color(0xE8, 0x7B, 0x1E), new Color(0x2C, 0x9C, 0x4A), new Color(0xC6, 0x2F, 0x2F),
            new Color(0x80, 0x5A, 0xC0), new Color(0x17, 0xA2, 0xB8), new Color(0xD6, 0x4F, 0x9E)};

    private final Map<String, Color> assigned = new LinkedHashMap<>();

    /** Names that get cycle colours in this order (variants first, then anything met later). */
    Palette(List<String> names) {
        names.forEach(this::color);
    }

    Color color(String name) {
        Color fixed = FIXED.get(name);
        if (fixed != null) {
            return fixed;
        }
        return assigned.computeIfAbsent(name, n -> CYCLE[assigned.size() % CYCLE.length]);
    }

    static boolean isBaseline(String name) {
        return "naive".equals(name) || "linear".equals(name) || "seasonal_naive".equals(name)
                || "linear_per_series".equals(name) || "ablation".equals(name);
    }
}
