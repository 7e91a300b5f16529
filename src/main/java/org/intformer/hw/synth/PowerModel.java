package org.intformer.hw.synth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.intformer.UserError;

/**
 * A first-order power and energy model: device static power plus, for each resource, a dynamic power per
 * instance per MHz at the vendor tools' default activity (12.5 % toggle rate for logic and data, 50 % enable
 * rate for memories; clock pins toggle every cycle). Energy per inference = power × cycles ÷ clock.
 *
 * <p>The coefficients are first-order estimates, not vendor data tables: each is believed to be within a
 * factor of about 1.5 (±50 %) of what the vendor estimator (Xilinx XPE / Vivado {@code report_power},
 * Lattice Radiant power calculator) gives for a typical design at 25 °C. docs/SYNTHESIS.md gives the
 * derivation of each number and the comparison with the paper's figures. I/O power is not included (it
 * depends on the board, not on the accelerator).
 */
public final class PowerModel {
    /** The default toggle rate the coefficients are quoted at. */
    public static final double DEFAULT_TOGGLE = 0.125;
    /** Relative uncertainty stated for every estimate (±50 %). */
    public static final double UNCERTAINTY = 0.5;

    /**
     * Static power (mW) and dynamic µW per MHz per instance at 12.5 % toggle. Clock power per flip-flop
     * ({@code ffClock}) does not scale with the toggle rate; everything else does.
     */
    public record Coefficients(double staticMw, double lut, double lutram, double ff, double ffClock, double dsp,
                               double bram36, double bram18, double lc, double ebr, double spram) {
    }

    /**
     * XC7S15 (28 nm HPL, VCCINT 1.0 V), µW/MHz: LUT 0.05 (logic + its routing, fanout 3), LUT used as RAM or
     * SRL 0.10, FF 0.005 data + 0.010 clock, DSP48E1 3.0, RAMB36E1 15, RAMB18E1 8; static 35 mW.
     */
    public static final Coefficients XC7S15 = new Coefficients(35.0, 0.05, 0.10, 0.005, 0.010, 3.0, 15.0, 8.0,
            0, 0, 0);

    /**
     * iCE40 UP5K (40 nm, VCC 1.2 V), µW/MHz: logic cell 0.02 (LUT4 + routing), FF 0.002 data + 0.004 clock,
     * SB_MAC16 1.0, EBR (4 Kb) 0.6, SPRAM (256 Kb) 3.0; static 0.1 mW.
     */
    public static final Coefficients UP5K = new Coefficients(0.1, 0, 0, 0.002, 0.004, 1.0, 0, 0, 0.02, 0.6, 3.0);

    /**
     * @param powerMw     static + dynamic
     * @param breakdownMw static and each dynamic component (lut, lutram, ff, clock, dsp, bram, lc, ebr, spram)
     */
    public record PowerEstimate(double powerMw, double staticMw, double dynamicMw, double latencyUs, double energyUj,
                                Map<String, Double> breakdownMw) {
        /** Energy in millijoules (the paper's unit). */
        public double energyMj() {
            return energyUj / 1000.0;
        }
    }

    private PowerModel() {
    }

    public static Coefficients coefficients(Target target) {
        return switch (target) {
            case XC7S15 -> XC7S15;
            case ICE40UP5K -> UP5K;
        };
    }

    /** Estimate at the default 12.5 % toggle rate. */
    public static PowerEstimate estimate(Target target, Resources r, double clockMhz, long cycles) {
        return estimate(target, r, clockMhz, cycles, DEFAULT_TOGGLE);
    }

    /**
     * @param clockMhz clock frequency, > 0
     * @param cycles   clock cycles per inference, ≥ 0
     * @param toggle   average toggle rate of logic and data in (0, 1]; dynamic terms other than the clock
     *                 scale linearly with it
     */
    public static PowerEstimate estimate(Target target, Resources r, double clockMhz, long cycles, double toggle) {
        if (!(clockMhz > 0) || Double.isInfinite(clockMhz)) {
            throw new UserError("clock must be a positive frequency in MHz, got " + clockMhz);
        }
        if (cycles < 0) {
            throw new UserError("cycles must be >= 0, got " + cycles);
        }
        if (!(toggle > 0 && toggle <= 1)) {
            throw new UserError("toggle rate must be in (0, 1], got " + toggle);
        }
        Coefficients c = coefficients(target);
        double a = toggle / DEFAULT_TOGGLE;
        double f = clockMhz / 1000.0; // µW/MHz × MHz = µW; /1000 → mW
        Map<String, Double> b = new LinkedHashMap<>();
        b.put("static", c.staticMw());
        switch (target) {
            case XC7S15 -> {
                b.put("lut", c.lut() * r.lut() * f * a);
                b.put("lutram", c.lutram() * (r.lutram() + r.srl()) * f * a);
                b.put("ff", c.ff() * r.ff() * f * a);
                b.put("clock", c.ffClock() * r.ff() * f);
                b.put("dsp", c.dsp() * r.dsp() * f * a);
                b.put("bram", (c.bram36() * r.bram36() + c.bram18() * r.bram18()) * f * a);
            }
            case ICE40UP5K -> {
                b.put("lc", c.lc() * r.lc() * f * a);
                b.put("ff", c.ff() * r.ff() * f * a);
                b.put("clock", c.ffClock() * r.ff() * f);
                b.put("dsp", c.dsp() * r.dsp() * f * a);
                b.put("ebr", c.ebr() * r.ebr() * f * a);
                b.put("spram", c.spram() * r.spram() * f * a);
            }
        }
        double dynamic = b.entrySet().stream().filter(e -> !e.getKey().equals("static"))
                .mapToDouble(Map.Entry::getValue).sum();
        double power = c.staticMw() + dynamic;
        double latencyUs = cycles / clockMhz;
        double energyUj = power * latencyUs / 1000.0; // mW × µs = nJ; /1000 → µJ
        return new PowerEstimate(power, c.staticMw(), dynamic, latencyUs, energyUj, Collections.unmodifiableMap(b));
    }
}
