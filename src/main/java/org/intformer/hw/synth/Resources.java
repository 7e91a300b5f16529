package org.intformer.hw.synth;

import java.util.Map;
import java.util.TreeMap;

/**
 * Resource counts of one synthesised design. One record serves both families; fields that do not apply to a
 * family are 0.
 *
 * <p>Xilinx (pre-placement counts from yosys {@code synth_xilinx}): {@code lut} = LUT1..LUT6 used as logic,
 * {@code lutram} = LUTs used by distributed-RAM primitives (see {@link XilinxCells#LUTRAM_LUTS}), {@code srl}
 * = SRL16E/SRLC32E (one LUT each), {@code ff} = FD*E flip-flops (and latches), {@code dsp} = DSP48E1,
 * {@code bram36}/{@code bram18} = RAMB36E1/RAMB18E1 (and FIFO36E1/FIFO18E1), {@code carry} = CARRY4,
 * {@code muxf} = MUXF7 + MUXF8, {@code io} = I/O buffer bits.
 *
 * <p>iCE40 (post-placement counts from nextpnr): {@code lc} = ICESTORM_LC, {@code ebr} = ICESTORM_RAM
 * (SB_RAM40_4K), {@code spram} = ICESTORM_SPRAM, {@code dsp} = ICESTORM_DSP (SB_MAC16), {@code io} = SB_IO;
 * {@code ff}, {@code lut} (SB_LUT4) and {@code carry} (SB_CARRY) from the yosys netlist.
 *
 * @param cells every cell type of the netlist with its count (yosys {@code stat}), for the record
 */
public record Resources(int lut, int ff, int dsp, int bram36, int bram18, int lutram, int srl, int carry, int muxf,
                        int io, int lc, int ebr, int spram, Map<String, Integer> cells) {

    public Resources {
        cells = cells == null ? Map.of() : Map.copyOf(new TreeMap<>(cells));
    }

    /** Xilinx counts without the extras (tests, estimates). */
    public static Resources xc7(int lut, int ff, int dsp, int bram36, int bram18, int lutram) {
        return new Resources(lut, ff, dsp, bram36, bram18, lutram, 0, 0, 0, 0, 0, 0, 0, Map.of());
    }

    /** iCE40 counts without the extras (tests, estimates). */
    public static Resources ice40(int lc, int ff, int ebr, int spram, int dsp) {
        return new Resources(0, ff, dsp, 0, 0, 0, 0, 0, 0, 0, lc, ebr, spram, Map.of());
    }

    /** A copy with a different I/O count. */
    public Resources withIo(int newIo) {
        return new Resources(lut, ff, dsp, bram36, bram18, lutram, srl, carry, muxf, newIo, lc, ebr, spram, cells);
    }
}
