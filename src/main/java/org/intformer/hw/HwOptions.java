package org.intformer.hw;

import org.intformer.UserError;
import org.intformer.hw.synth.Target;

/**
 * Options of {@link VerilogGenerator}.
 *
 * @param lanes  parallel multiply-accumulate lanes P of the shared MAC array; 0 or less: auto, the largest
 *               lane count whose {@link CostModel} estimate fits the target with margin
 *               ({@link CostModel#autoLanes})
 * @param target the device: decides how many lane multipliers are DSP slices and where memories live
 * @param weights where the weights live ({@link WeightMemory}; the two-argument constructors keep them in block RAM)
 * @param clockMhz the clock the design is built for, 0 for the target's default pipeline; an iCE40 design for at most
 *                 {@link Requantizer#ICE40_WHOLE_ADDER_MHZ} adds in whole words (fewer registers, fewer logic cells)
 */
public record HwOptions(int lanes, Target target, WeightMemory weights, double clockMhz) {

    public HwOptions {
        target = target == null ? Target.XC7S15 : target;
        weights = weights == null ? WeightMemory.BRAM : weights;
        if (lanes > 256) {
            throw new UserError("lanes = " + lanes + " is more than 256");
        }
    }

    public HwOptions(int lanes, Target target) {
        this(lanes, target, WeightMemory.BRAM, 0);
    }

    public HwOptions(int lanes, Target target, WeightMemory weights) {
        this(lanes, target, weights, 0);
    }

    /** Options for the device named {@code target} ("xc7s15", "ice40up5k"; anything else is a user error). */
    public HwOptions(int lanes, String target) {
        this(lanes, target == null ? Target.XC7S15 : Target.parse(target), WeightMemory.BRAM, 0);
    }

    /** Lanes as the user writes them: a number 1-256, or "auto" (also 0), returned as 0; {@code where} names the flag or key. */
    public static int parseLanes(Object text, String where) {
        String t = String.valueOf(text).trim();
        if (t.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int lanes = text instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? n.intValue() : Integer.parseInt(t);
            if (lanes >= 0 && lanes <= 256) {
                return lanes;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new UserError(where + ": lanes must be a number from 1 to 256 or auto, got '" + text + "'");
    }

    /** The default options for {@code target}: automatic lanes. */
    public static HwOptions auto(Target target) {
        return new HwOptions(0, target);
    }
}
