package org.intformer.hw;

import java.util.Locale;
import org.intformer.UserError;

/**
 * Options of {@link VerilogGenerator}.
 *
 * @param lanes  parallel multiply-accumulate lanes P of the shared MAC array; 0 or less: auto, the largest
 *               lane count whose {@link CostModel} estimate fits the target with margin
 *               ({@link CostModel#autoLanes})
 * @param target "xc7s15" (Spartan-7, 20 DSP48E1) or "ice40up5k" (iCE40 UltraPlus, 8 SB_MAC16): decides how
 *               many lane multipliers are DSP slices and which buffers are block RAM
 */
public record HwOptions(int lanes, String target) {

    public static final String XC7S15 = "xc7s15";
    public static final String ICE40UP5K = "ice40up5k";

    public HwOptions {
        target = target == null ? XC7S15 : target.toLowerCase(Locale.ROOT);
        if (!target.equals(XC7S15) && !target.equals(ICE40UP5K)) {
            throw new UserError("hardware target '" + target + "' is not one of " + XC7S15 + ", " + ICE40UP5K);
        }
        if (lanes > 256) {
            throw new UserError("lanes = " + lanes + " is more than 256");
        }
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
    public static HwOptions auto(String target) {
        return new HwOptions(0, target);
    }

    /** DSP multipliers the target has. */
    public int dspSlices() {
        return target.equals(XC7S15) ? 20 : 8;
    }

    /** Block RAM threshold: buffers of at least this many bits are block RAM, smaller ones LUT RAM. */
    public int blockRamBits() {
        return target.equals(XC7S15) ? 4096 : 2048;
    }
}
