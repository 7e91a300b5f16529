package org.intformer.explore;

import org.intformer.hw.CostEstimate;
import org.intformer.hw.CostModel;
import org.intformer.hw.HwOptions;
import org.intformer.hw.synth.PowerModel;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;

/** An integer model's analytic cost on the target, with energy and latency from the power model at the target's clock. */
record CostedShape(CostEstimate estimate, PowerModel.PowerEstimate power) {

    /** XC7S15 figures are quoted at the paper's 100 MHz; iCE40 at the clock its flow aims for. */
    static double clockMhz(String target) {
        return target.equals(Target.XC7S15.id()) ? org.intformer.app.HwJob.XC7_CLOCK_MHZ
                : org.intformer.hw.synth.Ice40Flow.DEFAULT_TARGET_MHZ;
    }

    static CostedShape of(IntModel model, String target, int lanes) {
        CostEstimate e = CostModel.estimate(model, new HwOptions(lanes, target));
        return new CostedShape(e, PowerModel.estimate(e.target(), e.resources(), clockMhz(target), e.cycles()));
    }

    /** Why the estimate does not fit, for the record. */
    String misfit() {
        var r = estimate.resources();
        return estimate.target() == Target.XC7S15
                ? "predicted " + r.lut() + " LUT, " + r.dsp() + " DSP, " + r.bram36() + " BRAM36 do not fit " + estimate.target()
                : "predicted " + r.lc() + " LC, " + r.dsp() + " DSP, " + r.ebr() + " EBR do not fit " + estimate.target();
    }
}
