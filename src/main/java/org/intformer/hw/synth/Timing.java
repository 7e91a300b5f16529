package org.intformer.hw.synth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The critical path of a synthesized design and the clock it allows: {@code hardware.timing} of report.json.
 *
 * @param method          how it was obtained: {@link #NEXTPNR} (placed and routed, measured) or {@link #YOSYS_STA}
 *                        (logic-only static timing of the netlist plus a routing allowance: an estimate)
 * @param criticalPathNs  the worst register-to-register delay the clock must cover (routed, or logic plus allowance)
 * @param logicNs         the cells' share of it (yosys sta: all of the measured arrival; nextpnr: cell delays)
 * @param fmaxMhz         1000 / criticalPathNs
 * @param start           where the path starts (a register, memory or multiplier output)
 * @param end             where it ends (the register or pin it is captured in)
 * @param estimate        whether the figure rests on an allowance rather than a routed design
 * @param note            what the estimate rests on (empty when measured)
 */
public record Timing(String method, double criticalPathNs, double logicNs, double fmaxMhz, String start, String end,
                     boolean estimate, String note) {

    public static final String NEXTPNR = "nextpnr-ice40 (placed and routed)";
    public static final String YOSYS_STA = "yosys sta, logic only, plus routing allowance (estimate)";

    /**
     * Routing allowance on XC7S15 as a share of the logic-only delay: routing "typically adds as much again or more"
     * (DESIGN.md, "Timing without a vendor tool"); UG949 (UltraFast Design Methodology, "Datapath Delay and Logic
     * Levels") calls a 7-series path route-dominated only beyond 75 % route delay, i.e. up to three times its cell
     * delay, so the real path may be longer than this estimate.
     */
    public static final double XC7_ROUTING_FACTOR = 1.0;

    /** The XC7S15 estimate from a logic-only arrival: logic · (1 + {@link #XC7_ROUTING_FACTOR}). */
    public static Timing xc7(double logicNs, String start, String end) {
        double path = logicNs * (1 + XC7_ROUTING_FACTOR);
        return new Timing(YOSYS_STA, path, logicNs, 1000.0 / path, start, end, true,
                "logic-only arrival from yosys sta with the 7-series cell delays yosys ships (prjxray timing data), plus a "
                        + "routing allowance of " + Math.round(XC7_ROUTING_FACTOR * 100) + " % of it (docs/SYNTHESIS.md, timing)");
    }

    /**
     * The clock latency and energy are computed at: the requested one, or the design's Fmax if lower; NaN when the
     * Fmax is unknown (never the requested clock unchecked).
     */
    public double clockMhz(double requestedMhz) {
        return Math.min(requestedMhz, fmaxMhz);
    }

    /** {@code hardware.timing}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("critical_path_ns", round(criticalPathNs));
        m.put("logic_ns", round(logicNs));
        m.put("fmax_mhz", round(fmaxMhz));
        m.put("start", start);
        m.put("end", end);
        m.put("estimate", estimate);
        if (!note.isEmpty()) {
            m.put("note", note);
        }
        return m;
    }

    private static Double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000) / 1000.0;
    }
}
