package org.intformer.hw;

import java.util.List;
import org.intformer.UserError;
import org.intformer.hw.synth.Resources;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;

/**
 * Analytic cost of the accelerator for a model, without running any tool, read from its {@link Design}. Cycles
 * come from the design's static schedule (exact: every simulation checks it). Multipliers are the design's own
 * count, block RAM and SPRAM follow the synthesis tools' mapping rules ({@link XilinxMapping}, {@link Ice40Mapping}),
 * LUT RAM the RAM32M/RAM64M tiling of every distributed memory, and logic LUTs, FFs and iCE40 logic cells are
 * calibrated linear combinations of component sizes ({@link CostFeatures}; coefficients below, fitted on synthesized
 * or placed-and-routed designs). See docs/SYNTHESIS.md, "Cost model", for the data and the measured error.
 */
public final class CostModel {
    /**
     * XC7S15 logic-LUT coefficients, one per {@link CostFeatures#LUT_TERMS}: least squares of the relative error over
     * {@code src/test/resources/cost/xc7s15_calibration.csv} (yosys 0.23 synth_xilinx runs of {@code CostDesigns}
     * shapes), refitted and checked by {@code CostModelFitTest}.
     */
    static final double[] XC7_LUT = {1.2054339522361406, 1.0361324352479118, 1.4257642487324256, 1.0709623377245565};
    /** XC7S15 FF coefficients, one per {@link CostFeatures#FF_TERMS}; same fit. */
    static final double[] XC7_FF = {1.531455493949428, 0.8198858738758837, 0.28516398094983775};
    /**
     * SRL16E shift registers yosys infers from delay lines (the pipelines' index and valid chains, divider bits that
     * pass a stage unchanged): their mean over the calibration designs (102–181).
     */
    static final int XC7_SRL = 122;
    /**
     * iCE40 UP5K logic cells: coefficients of the summed logic and register measures, least squares of the relative
     * error over {@code src/test/resources/cost/ice40up5k_calibration.csv} (yosys synth_ice40 + nextpnr-ice40 placed
     * and routed designs), checked by {@code CostModelFitTest}.
     */
    static final double[] ICE40_LC = {1.5926015454440114, 0.45831002687377387};
    /**
     * iCE40 UP5K flip-flops: one coefficient per {@link CostFeatures#FF_TERMS}, same fit (one coefficient of their sum
     * missed two calibration designs by 17 %: the lanes' registers and the control's are kept unequally by yosys).
     */
    static final double[] ICE40_FF = {1.7646975316799973, 0.3620957833167363, 0.9357480863541162};

    /** LUT (or logic-cell) utilisation auto lanes may reach: the model's calibration error plus room for routing. */
    public static final double AUTO_LUT_MARGIN = 0.90;
    /** Block RAMs auto lanes leaves free on iCE40 UP5K (the model's EBR count must not fill the device). */
    public static final int ICE40_SPARE_EBR = 2;
    /** Lane counts auto tries, largest first. */
    static final int[] AUTO_CANDIDATES = {32, 24, 16, 12, 8, 4, 2, 1};

    private CostModel() {
    }

    /** The lane count auto tries after {@code lanes} failed: the next smaller candidate, or 0 when none is left. */
    public static int nextAutoCandidate(int lanes) {
        for (int c : AUTO_CANDIDATES) {
            if (c < lanes) {
                return c;
            }
        }
        return 0;
    }

    public static CostEstimate estimate(IntModel model, HwOptions options) {
        return estimate(Design.of(model, options));
    }

    /** The estimate of the design with {@code lanes} lanes (whatever {@code options} asks for). */
    static CostEstimate estimate(IntModel model, HwOptions options, int lanes) {
        return estimate(Design.of(model, lanes, options.target(), false, true));
    }

    /** The estimate of {@code d}. */
    public static CostEstimate estimate(Design d) {
        CostFeatures f = CostFeatures.of(d);
        Resources r;
        if (d.target() == Target.XC7S15) {
            r = new Resources(round(dot(XC7_LUT, f.lut()) + f.romMux()), round(dot(XC7_FF, f.ff())), f.dsp(), f.bram36(), f.bram18(),
                    f.lutram(), XC7_SRL, 0, 0, 0, 0, 0, 0, null);
        } else {
            double[] sums = ice40Measures(f);
            r = Resources.ice40(round(dot(ICE40_LC, sums)), round(dot(ICE40_FF, f.ff())), f.ebr(), f.spram(), f.dsp());
        }
        return new CostEstimate(d.target(), d.lanes(), d.cycles(), d.model().macs(), r, d.target().fits(r));
    }

    /** iCE40 measures: the summed logic terms and the summed register terms. */
    static double[] ice40Measures(CostFeatures f) {
        double logic = 0;
        for (double x : f.lut()) {
            logic += x;
        }
        double regs = 0;
        for (double x : f.ff()) {
            regs += x;
        }
        return new double[] {logic, regs};
    }

    /**
     * Whether an estimate leaves the room auto lanes asks for: it fits the device, LUTs (XC7S15: logic + LUT RAM +
     * SRL) or logic cells (iCE40) are at most {@link #AUTO_LUT_MARGIN} of it, and on iCE40 {@link #ICE40_SPARE_EBR}
     * block RAMs stay free.
     */
    static boolean roomy(CostEstimate e) {
        Resources r = e.resources();
        return e.fits() && lutShare(e.target(), r) <= AUTO_LUT_MARGIN
                && (e.target() != Target.ICE40UP5K || r.ebr() <= Target.UP5K_EBR - ICE40_SPARE_EBR);
    }

    /**
     * Auto lanes: the largest of {@link #AUTO_CANDIDATES} whose estimate is {@link #roomy}; 1 when none is (see
     * {@link #misfit} for why).
     */
    static int autoLanes(IntModel model, Target t) {
        return autoLanes(model, t, WeightMemory.BRAM, Requantizer.adderWidth(t));
    }

    /** Auto lanes with the weights placed as {@code weights} says (a lane count whose weights cannot go there is skipped). */
    static int autoLanes(IntModel model, Target t, WeightMemory weights, int adder) {
        for (int lanes : AUTO_CANDIDATES) {
            Design d;
            try {
                d = Design.of(model, lanes, t, true, true, weights, adder);
            } catch (org.intformer.UserError e) {
                continue;   // SPRAM asked for and the weight words of this lane count do not fit the SPRAMs
            }
            if (roomy(estimate(d))) {
                return lanes;
            }
        }
        return 1;
    }

    /**
     * Why {@code model} cannot fit {@code t} at any lane count, or null when it can: the one-lane design's estimate and
     * the resources it exceeds (beyond the room auto lanes keeps, see {@link #roomy}).
     */
    public static Misfit misfit(IntModel model, Target t) {
        return misfit(model, t, WeightMemory.BRAM);
    }

    /** As {@link #misfit(IntModel, Target)} with the weights placed as {@code weights} says. */
    public static Misfit misfit(IntModel model, Target t, WeightMemory weights) {
        CostEstimate e = estimate(Design.of(model, 1, t, true, true, weights, Requantizer.adderWidth(t)));
        if (roomy(e)) {
            return null;
        }
        List<Misfit.Excess> over = new java.util.ArrayList<>();
        for (Target.Usage u : t.usage(e.resources())) {
            if (!u.binding()) {
                continue;
            }
            double limit = u.resource().equals("ebr") ? u.available() - ICE40_SPARE_EBR
                    : u.resource().equals("lut") || u.resource().equals("lc") ? u.available() * AUTO_LUT_MARGIN : u.available();
            if (u.used() > limit) {
                over.add(new Misfit.Excess(u.resource(), (long) Math.ceil(u.used()), u.available(), (long) Math.floor(limit)));
            }
        }
        return new Misfit(e, List.copyOf(over));
    }

    /** Fails with a user error naming the resource when {@code model} cannot fit {@code t} at any lane count. */
    public static void requireFit(IntModel model, Target t) {
        requireFit(model, t, WeightMemory.BRAM);
    }

    /** As {@link #requireFit(IntModel, Target)} with the weights placed as {@code weights} says. */
    public static void requireFit(IntModel model, Target t, WeightMemory weights) {
        Misfit m = misfit(model, t, weights);
        if (m != null) {
            throw new UserError(m.message());
        }
    }

    /** Share of the device's LUTs (XC7S15: logic + LUT RAM + SRL) or logic cells (iCE40) used. */
    static double lutShare(Target t, Resources r) {
        return t == Target.XC7S15 ? (double) (r.lut() + r.lutram() + r.srl()) / Target.XC7S15_LUT
                : (double) r.lc() / Target.UP5K_LC;
    }

    static double dot(double[] c, double[] x) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            s += c[i] * x[i];
        }
        return s;
    }

    private static int round(double v) {
        return (int) Math.max(0, Math.round(v));
    }
}
