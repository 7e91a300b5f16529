package org.intformer.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a sensitivity-driven search lowers per-layer bit widths. Every unit (a layer or an
 * activation point) starts at the widest width; each step lowers the one unit whose next width costs the least
 * accuracy per unit of energy saved, judged from one-at-a-time measurements (each unit lowered alone, the rest
 * at the widest width), and assuming that the effects add up. A move that saves no energy is never made: it
 * would only cost accuracy.
 */
final class GreedyBitPath {

    /**
     * One unit lowered alone to one width.
     *
     * @param accuracyCost validation MSE increase over the all-widest model (may be negative)
     * @param energySaved  energy per inference saved against the all-widest model, µJ (may be negative)
     */
    record Probe(String unit, int bits, double accuracyCost, double energySaved) {
    }

    private GreedyBitPath() {
    }

    /**
     * The assignments along the path, from all units at {@code widths[0]} to the last move that saves energy.
     *
     * @param units  the units, in model order
     * @param widths candidate widths, widest first
     * @param probes one probe per unit and width below the widest (missing ones: the unit cannot take that width)
     */
    static List<Map<String, Integer>> path(List<String> units, List<Integer> widths, List<Probe> probes) {
        int widest = widths.get(0);
        Map<String, Map<Integer, Probe>> table = new LinkedHashMap<>();
        for (Probe p : probes) {
            table.computeIfAbsent(p.unit(), k -> new LinkedHashMap<>()).put(p.bits(), p);
        }
        Map<String, Integer> state = new LinkedHashMap<>();
        units.forEach(u -> state.put(u, widest));
        List<Map<String, Integer>> path = new ArrayList<>();
        path.add(Collections.unmodifiableMap(new LinkedHashMap<>(state)));
        while (true) {
            String bestUnit = null;
            int bestBits = 0;
            double bestScore = Double.POSITIVE_INFINITY;
            for (String u : units) {
                int now = state.get(u);
                int i = widths.indexOf(now);
                if (i + 1 >= widths.size()) {
                    continue;
                }
                int next = widths.get(i + 1);
                Probe to = table.getOrDefault(u, Map.of()).get(next);
                if (to == null) {
                    continue;
                }
                Probe from = now == widest ? null : table.get(u).get(now);
                double cost = to.accuracyCost() - (from == null ? 0 : from.accuracyCost());
                double saved = to.energySaved() - (from == null ? 0 : from.energySaved());
                if (!(saved > 0)) {
                    continue;
                }
                double score = cost / saved;
                if (score < bestScore) {
                    bestScore = score;
                    bestUnit = u;
                    bestBits = next;
                }
            }
            if (bestUnit == null) {
                return path;
            }
            state.put(bestUnit, bestBits);
            path.add(Collections.unmodifiableMap(new LinkedHashMap<>(state)));
        }
    }

    /** The {@code layer-bits} text of an assignment: only the units not at {@code widest}, in model order. */
    static String layerBits(Map<String, Integer> assignment, int widest) {
        StringBuilder sb = new StringBuilder();
        assignment.forEach((u, b) -> {
            if (b != widest) {
                sb.append(sb.length() == 0 ? "" : ",").append(u).append('=').append(b);
            }
        });
        return sb.toString();
    }
}
