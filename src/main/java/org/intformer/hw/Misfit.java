package org.intformer.hw;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.intformer.hw.synth.Target;

/**
 * Why a model cannot fit a device at any lane count, by the cost model: the estimate of its one-lane design (fewer
 * lanes cannot make it smaller) and each resource that design exceeds. It is an estimate, not a synthesis result: no
 * tool ran. The same text is the {@code hw} command's error and the {@code run} report's "does not fit" entry.
 *
 * @param estimate the cost model's estimate of the one-lane design
 * @param over     the resources it exceeds, in the device's resource order
 */
public record Misfit(CostEstimate estimate, List<Excess> over) {

    /**
     * One resource the design exceeds.
     *
     * @param needed    what the estimate needs
     * @param available what the device has
     * @param allowed   what auto lanes may use of it: the device, or less where it keeps a margin (90 % of LUTs or
     *                  logic cells, all but two iCE40 block RAMs)
     */
    public record Excess(String resource, long needed, int available, long allowed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %d of %d (%d over %s)", resource, needed, available, needed - allowed,
                    allowed == available ? "the device" : "the " + allowed + " auto lanes may use");
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("resource", resource);
            m.put("needed", needed);
            m.put("available", available);
            m.put("allowed", allowed);
            return m;
        }
    }

    public Target target() {
        return estimate.target();
    }

    /** E.g. "even at 1 lane the cost model predicts lc 5916 of 5280 (1164 over the 4752 auto lanes may use) on ice40up5k". */
    public String reason() {
        return "even at " + estimate.lanes() + " lane" + (estimate.lanes() == 1 ? "" : "s") + " the cost model predicts "
                + String.join(", ", over.stream().map(Excess::toString).toList()) + " on " + target().id();
    }

    /** The {@code hw} command's error (and the console's line in a run). */
    public String message() {
        return "the model does not fit " + target().id() + ": " + reason();
    }

    /** {@code hardware.misfit} in report.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason());
        m.put("lanes", estimate.lanes());
        m.put("over", over.stream().map(Excess::toMap).toList());
        m.put("source", "cost model estimate (no synthesis ran)");
        return m;
    }
}
