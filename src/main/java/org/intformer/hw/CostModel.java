package org.intformer.hw;

import org.intformer.hw.synth.Resources;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;

/**
 * Analytic cost of the accelerator {@link VerilogGenerator} would generate for a model, without running any
 * tool. Cycles come from the generator's own static schedule (exact). XC7S15 resources, per component
 * ({@link CostFeatures}): DSP48E1 and block RAM from yosys's own mapping rules ({@link XilinxMapping}, exact
 * by construction), LUT RAM from the RAM32M/RAM64M tiling of every distributed memory, and logic LUTs and FFs
 * as calibrated linear combinations of component sizes (coefficients below). See docs/SYNTHESIS.md, "Cost
 * model", for the components, the calibration data and the measured error.
 */
public final class CostModel {
    /**
     * XC7S15 logic-LUT coefficients, one per {@link CostFeatures#LUT_TERMS}: least squares of the relative
     * error over {@code src/test/resources/cost/xc7s15_calibration.csv} (12 yosys 0.23 synth_xilinx runs of
     * {@code CostDesigns} shapes, November 2026), refitted and checked by {@code CostModelFitTest}.
     */
    static final double[] XC7_LUT = {2.1201375138040612, 2.334785608669947, 2.079765709622414};
    /** XC7S15 FF coefficients, one per {@link CostFeatures#FF_TERMS}; same fit. */
    static final double[] XC7_FF = {0.9960383607632175, 0.7713375819795213};
    /** SRL16E shift registers yosys infers from delay lines (pipeline valid/index chains): about constant. */
    static final int XC7_SRL = 28;
    /**
     * iCE40 UP5K: not calibrated against nextpnr. Logic cells ≈ LUT4s; a LUT6 design needs about 1.6 LUT4s
     * per LUT6 and every FF occupies a cell's flip-flop (packed with a LUT when possible): an upper-side guess.
     */
    static final double ICE40_LC_PER_LUT6 = 1.6;

    /** LUT utilisation auto lanes may reach on XC7S15: the model's calibration error plus room for Vivado. */
    public static final double AUTO_LUT_MARGIN = 0.90;
    /** Lane counts auto tries, largest first. */
    static final int[] AUTO_CANDIDATES = {32, 24, 16, 12, 8, 4, 2, 1};

    private CostModel() {
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
        boolean fits;
        if (d.target() == Target.XC7S15) {
            r = new Resources(round(dot(XC7_LUT, f.lut()) + f.romMux()), round(dot(XC7_FF, f.ff())), f.dsp(), f.bram36(), f.bram18(),
                    f.lutram(), XC7_SRL, 0, 0, 0, 0, 0, 0, null);
            fits = Target.XC7S15.fits(r);
        } else {
            int lut6 = round(dot(XC7_LUT, f.lut()) + f.romMux()) + f.lutram();
            int ff = round(dot(XC7_FF, f.ff()));
            int lc = (int) Math.max(ff, Math.round(ICE40_LC_PER_LUT6 * lut6));
            int ebr = (int) Math.ceil((f.bram36() * 36864.0 + f.bram18() * 18432.0) / 4096.0);
            int dsp = Math.min(f.dsp(), d.target().dspSlices());
            r = Resources.ice40(lc, ff, ebr, 0, dsp);
            fits = Target.ICE40UP5K.fits(r);
        }
        return new CostEstimate(d.target(), d.lanes(), d.cycles(), d.model().macs(), r, fits);
    }

    /** iCE40 auto lanes: the estimate is not calibrated there, so the previous rule stays (4 lanes: the 5,280
     *  LCs hold the shared requantizer and a few LUT multipliers). */
    static final int ICE40_AUTO_LANES = 4;

    /**
     * Auto lanes on XC7S15: the largest of {@link #AUTO_CANDIDATES} whose estimate fits the target with every
     * binding resource within the device and LUTs within {@link #AUTO_LUT_MARGIN} of it; 1 when none does.
     * iCE40: {@link #ICE40_AUTO_LANES}.
     */
    static int autoLanes(IntModel model, Target t) {
        if (t != Target.XC7S15) {
            return ICE40_AUTO_LANES;
        }
        for (int lanes : AUTO_CANDIDATES) {
            CostEstimate e = estimate(Design.of(model, lanes, t, true, true));
            if (e.fits() && lutShare(t, e.resources()) <= AUTO_LUT_MARGIN) {
                return lanes;
            }
        }
        return 1;
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
