package org.intformer.hw;

import org.intformer.hw.synth.Resources;
import org.intformer.integer.FixedPoint;
import org.intformer.integer.IntModel;

/**
 * Analytic cost of the accelerator {@link VerilogGenerator} would generate for a model: cycles from the same
 * static schedule (so exact), resources from a per-component model. First cut: resource formulas are not yet
 * calibrated against synthesis.
 */
public final class CostModel {
    private CostModel() {
    }

    public static CostEstimate estimate(IntModel model, HwOptions options) {
        int lanes = VerilogGenerator.lanes(model, options);
        Plan plan = new Plan(model, lanes);
        long weightBits = (long) plan.weightWords.size() * lanes * plan.weightBits;
        int dsp = Math.min(lanes, options.dspSlices() - 1) + 1;
        int lut = 1500 + lanes * FixedPoint.signedBits(plan.bankAbs) * plan.weightBits;
        Resources r = options.target().equals(HwOptions.XC7S15)
                ? Resources.xc7(lut, 2 * lut / 3, dsp, (int) (weightBits / 36864), 0, 0)
                : Resources.ice40(lut, 2 * lut / 3, (int) (weightBits / 4096), 0, dsp);
        boolean fits = options.target().equals(HwOptions.XC7S15) ? lut <= 8000 && dsp <= 20 : lut <= 5280 && dsp <= 8;
        return new CostEstimate(options.target(), lanes, plan.cycles(), model.macs(), r, fits);
    }
}
