package org.intformer.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a sensitivity-driven search changes per-layer bit widths, from one-at-a-time measurements
 * (each unit, a layer or an activation point, set alone to a width while the rest stay at the start width),
 * assuming that the effects add up. Two walks:
 * <ul>
 *   <li><b>lowering</b> from all units at the widest width: each step lowers the one unit whose next width costs
 *       the least accuracy per unit of energy saved; a move that saves no energy is never made;</li>
 *   <li><b>raising</b> from all units at the narrowest width: each step widens the one unit whose next width
 *       buys accuracy at the least energy per unit of accuracy (a gain that costs no energy first); a move
 *       that gains no accuracy is never made.</li>
 * </ul>
 * Both are needed because energy is not additive: at the narrowest width the accelerator may fit more lanes,
 * which no single lowered unit reveals.
 */
final class GreedyBitPath {

    /**
     * One unit set alone to one width, against the walk's start (every unit at the start width).
     *
     * @param valDelta    validation MSE change (positive: worse)
     * @param energyDelta energy per inference change, µJ (positive: more)
     */
    record Probe(String unit, int bits, double valDelta, double energyDelta) {
    }

    private GreedyBitPath() {
    }

    /**
     * The assignments along a walk, the start first.
     *
     * @param units  the units, in model order
     * @param widths candidate widths in the walk's order: widest first to lower, narrowest first to raise
     * @param probes one probe per unit and width other than the start (missing: the unit cannot take that width)
     */
    static List<Map<String, Integer>> walk(List<String> units, List<Integer> widths, List<Probe> probes) {
        int start = widths.get(0);
        boolean raising = widths.size() > 1 && widths.get(1) > start;
        Map<String, Map<Integer, Probe>> table = new LinkedHashMap<>();
        for (Probe p : probes) {
            table.computeIfAbsent(p.unit(), k -> new LinkedHashMap<>()).put(p.bits(), p);
        }
        Map<String, Integer> state = new LinkedHashMap<>();
        units.forEach(u -> state.put(u, start));
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
                Probe from = now == start ? null : table.get(u).get(now);
                double dVal = to.valDelta() - (from == null ? 0 : from.valDelta());
                double dEnergy = to.energyDelta() - (from == null ? 0 : from.energyDelta());
                double score;
                if (raising) {
                    if (!(dVal < 0)) {
                        continue;
                    }
                    score = dEnergy / -dVal;
                } else {
                    if (!(dEnergy < 0)) {
                        continue;
                    }
                    score = dVal / -dEnergy;
                }
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

    /** The {@code layer-bits} text of an assignment: only the units not at {@code base}, in model order. */
    static String layerBits(Map<String, Integer> assignment, int base) {
        StringBuilder sb = new StringBuilder();
        assignment.forEach((u, b) -> {
            if (b != base) {
                sb.append(sb.length() == 0 ? "" : ",").append(u).append('=').append(b);
            }
        });
        return sb.toString();
    }
}
