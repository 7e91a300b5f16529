package org.intformer.hw.synth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@code hardware} section of {@code report.json}:
 * <pre>
 * {target, lanes, clock_mhz, cycles, latency_us, energy_uj, power_mw, macs, fits, fmax_mhz (iCE40 only),
 *  resources: {lut, ff, dsp, bram36, bram18, lutram} (xc7s15) | {lc, ebr, spram, dsp} (ice40up5k),
 *  verification: {simulator, windows, mismatches}}
 * </pre>
 * plus {@code power_model} (static/dynamic split, toggle rate, stated uncertainty) and {@code macs_per_cycle}.
 * The lanes, cycles, MAC count and verification figures come from the generator; the rest from the flows.
 */
public final class HwReport {
    private HwReport() {
    }

    /** Verification figures of the generated testbench. */
    public record Verification(String simulator, int windows, long mismatches) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("simulator", simulator);
            m.put("windows", windows);
            m.put("mismatches", mismatches);
            return m;
        }
    }

    /**
     * The section for an XC7S15 synthesis: latency and energy at the requested clock (100 MHz, the paper's, unless the
     * user chose one), or at the estimated Fmax of its static timing if that is lower; none without a timing result.
     */
    public static Map<String, Object> xc7(XilinxSynthesis.Result synth, double requestedMhz, int lanes, long cycles,
                                          long macs, Verification verification) {
        Timing t = synth.timing();
        // without a timing result nothing says the design meets any clock: no latency, power or energy then
        double clockMhz = t == null ? Double.NaN : t.clockMhz(requestedMhz);
        PowerModel.PowerEstimate p = t == null ? null : PowerModel.estimate(Target.XC7S15, synth.resources(), clockMhz, cycles);
        Map<String, Object> m = build(Target.XC7S15, synth.resources(), synth.fits(), Double.NaN, clockMhz, lanes, cycles, macs, p,
                verification);
        m.put("requested_clock_mhz", requestedMhz);
        m.put("timing", t == null ? null : t.toMap());
        return m;
    }

    /** The section for an iCE40 UP5K run, at the flow's clock: the requested one, or the routed Fmax if lower. */
    public static Map<String, Object> ice40(Ice40Flow.Result flow, int lanes, long cycles, long macs,
                                            Verification verification) {
        double clock = flow.clockMhz();
        PowerModel.PowerEstimate p = clock > 0
                ? PowerModel.estimate(Target.ICE40UP5K, flow.resources(), clock, cycles) : null;
        Map<String, Object> m = build(Target.ICE40UP5K, flow.resources(), flow.fits(), flow.fmaxMhz(), clock, lanes, cycles, macs,
                p, verification);
        m.put("requested_clock_mhz", flow.requestedMhz());
        m.put("timing", flow.timing() == null ? null : flow.timing().toMap());
        return m;
    }

    /** The report's resource keys for {@code target} (also used to compare the cost model with synthesis). */
    public static Map<String, Integer> resources(Target target, Resources r) {
        Map<String, Integer> res = new LinkedHashMap<>();
        if (target == Target.XC7S15) {
            res.put("lut", r.lut());
            res.put("ff", r.ff());
            res.put("dsp", r.dsp());
            res.put("bram36", r.bram36());
            res.put("bram18", r.bram18());
            res.put("lutram", r.lutram() + r.srl());
        } else {
            res.put("lc", r.lc());
            res.put("ebr", r.ebr());
            res.put("spram", r.spram());
            res.put("dsp", r.dsp());
            res.put("ff", r.ff());
        }
        return res;
    }

    /**
     * The section from its parts. {@code power} may be null (no clock known: a design that did not route),
     * in which case latency, energy and power are null. {@code fmaxMhz} is written for iCE40 only (null when
     * NaN).
     */
    public static Map<String, Object> build(Target target, Resources r, boolean fits, double fmaxMhz, double clockMhz,
                                            int lanes, long cycles, long macs, PowerModel.PowerEstimate power,
                                            Verification verification) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target.id());
        m.put("lanes", lanes);
        m.put("clock_mhz", finite(clockMhz) ? round(clockMhz, 3) : null);
        m.put("cycles", cycles);
        m.put("latency_us", power == null ? null : round(power.latencyUs(), 4));
        m.put("energy_uj", power == null ? null : round(power.energyUj(), 4));
        m.put("power_mw", power == null ? null : round(power.powerMw(), 4));
        m.put("macs", macs);
        m.put("macs_per_cycle", cycles > 0 ? round((double) macs / cycles, 4) : null);
        m.put("fits", fits);
        if (target == Target.ICE40UP5K) {
            m.put("fmax_mhz", finite(fmaxMhz) ? round(fmaxMhz, 2) : null);
        }
        Map<String, Integer> res = resources(target, r);
        m.put("resources", res);
        if (power != null) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("static_mw", round(power.staticMw(), 4));
            pm.put("dynamic_mw", round(power.dynamicMw(), 4));
            pm.put("toggle_rate", PowerModel.DEFAULT_TOGGLE);
            pm.put("uncertainty", PowerModel.UNCERTAINTY);
            pm.put("source", "docs/SYNTHESIS.md");
            m.put("power_model", pm);
        }
        m.put("verification", verification == null ? null : verification.toMap());
        return m;
    }

    private static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    private static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }
}
