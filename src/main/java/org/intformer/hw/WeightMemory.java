package org.intformer.hw;

import java.util.Locale;
import org.intformer.UserError;

/**
 * Where the weights of a design live (docs/BOARD.md, "Weights in SPRAM"). {@link #BRAM}: ROMs in block RAM, initialised
 * from the bitstream. {@link #SPRAM}: the iCE40 UP5K's single-port SPRAMs, which the bitstream cannot initialise: the
 * core gets a weight write port and the board's loader fills them over the serial link. {@link #AUTO}: block RAM when
 * the design's block RAMs fit the device, SPRAM otherwise (iCE40 only; XC7S15 has no SPRAM).
 */
public enum WeightMemory {
    BRAM, SPRAM, AUTO;

    /** "bram", "spram" or "auto", any case; {@code where} names the flag for the error. */
    public static WeightMemory parse(String text, String where) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError(where + ": weights must be bram, spram or auto, got '" + text + "'");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
