package org.intformer.hw;

import java.util.List;
import java.util.Locale;

/**
 * What {@link CostModel} needs to know about a {@link Design}, read from the design itself (the one the
 * Verilog writer prints, so the two cannot drift apart): exact DSP and block-RAM counts from
 * {@link XilinxMapping}, exact LUT-RAM LUTs, and per-component size measures that the calibrated LUT and FF
 * coefficients multiply.
 *
 * @param lanes   MAC lanes P
 * @param dsp     DSP48E1 slices (lane multipliers in DSPs + requantizer products)
 * @param bram36  RAMB36E1 (weight ROM, block buffers, bias/mult/LUT ROMs that memory_libmap puts in block RAM)
 * @param bram18  RAMB18E1
 * @param lutram  LUTs of distributed RAM (activation buffers below the block threshold, lane bank, softmax row)
 * @param romMux  logic LUTs of the block RAMs' row multiplexers (exact, added to the fitted LUTs)
 * @param lut     LUT size measures, in the order of {@link #LUT_TERMS}
 * @param ff      FF size measures, in the order of {@link #FF_TERMS}
 */
record CostFeatures(int lanes, int dsp, int bram36, int bram18, int lutram, int romMux, double[] lut, double[] ff) {

    /**
     * LUT terms (no constant: with one the fit traded a negative constant for steeper slopes and missed small
     * designs by 12 %): the shift-and-add lane multipliers (a·b bits each); per lane the accumulator, hold register and operand
     * mux (P·(ACCW + BOPW)); and the control datapath: constant tables left in logic (descriptor case, small
     * ROMs, block-RAM tails; 64 bits per LUT), walker address streams, buffer read multiplexers, deep LUT-RAM
     * output muxes and the softmax divider stages. Few terms on purpose: each coefficient is fitted from a
     * few dozen yosys runs.
     */
    static final String[] LUT_TERMS = {"lut_mul_bits", "lane_bits", "control_bits"};
    /** FF terms (no constant, as for LUTs: it missed the smallest designs by 10 %): the lane registers (LUT lanes: product + accumulator + hold; DSP lanes: the
     *  product register moves into the DSP), and the other registers (read data of LUT-RAM buffers and bank,
     *  descriptor copy, walker, divider pipeline), many of which yosys removes as constant. */
    static final String[] FF_TERMS = {"lane_regs", "other_regs"};

    static CostFeatures of(Design d) {
        Widths w = d.widths();
        int p = d.lanes();
        int dspLanes = d.has(Engine.MAT) ? Math.min(p, d.dspLanes()) : 0;
        int lutLanes = d.has(Engine.MAT) ? p - dspLanes : 0;
        int dsp = d.datapath().dsps();

        XilinxMapping.Bram bram = d.hasWeights()
                ? XilinxMapping.blockRam(d.weights().liveColumns(), d.weights().depth()) : XilinxMapping.NONE;
        int lutram = 0;
        long muxBits = 0;
        long readRegs = 0;
        for (Storage.Buffer b : d.storage().buffers()) {
            if (b.sizeBits() >= d.target().blockRamBits()) {
                bram = bram.plus(XilinxMapping.blockRam(b.bits(), b.depth(), false));
            } else {
                lutram += XilinxMapping.lutRamLuts(b.bits(), b.depth());
                muxBits += b.depth() > 64 ? (long) b.bits() * XilinxMapping.ceil(b.depth(), 64) : 0;
                readRegs += b.bits();
            }
        }
        // the small ROMs (bias.mem, mult.mem, lut.mem): live width × depth, block RAM only where memory_libmap finds it cheaper
        for (RomImage rom : List.of(d.bias(), d.mult(), d.lut())) {
            bram = bram.plus(XilinxMapping.autoRom(rom.liveColumns(), rom.depth()));
        }
        long tableBits = bram.logicBits();
        int fieldBits = 0;
        for (VerilogWriter.Field f : VerilogWriter.fields(d)) {
            fieldBits += f.width();
        }
        tableBits += (long) d.steps().size() * fieldBits;
        if (d.hasBank()) {
            lutram += p * XilinxMapping.lutRamLuts(w.bbw(), d.bankDepth());
            muxBits += d.bankDepth() > 64 ? (long) p * w.bbw() * XilinxMapping.ceil(d.bankDepth(), 64) : 0;
            readRegs += (long) p * w.bbw();
        }
        boolean smx = d.has(Engine.SMX);
        if (smx) {
            lutram += XilinxMapping.lutRamLuts(17, d.maxRow());
        }
        long divider = smx ? (long) (w.divb() + 1) * w.dvw() : 0;
        int prodw = w.prodw();
        long walker = 24L * w.sw() + 5L * w.cw();
        long ports = walker + (long) d.storage().buffers().size() * w.rw() * 2 + muxBits;
        double[] lut = {(double) lutLanes * w.aopw() * w.bopw(), (double) p * (w.accw() + (d.hasBank() ? w.bopw() : 0)),
            divider + tableBits / 64.0 + ports};
        long control = fieldBits + walker + 5L * w.sw()
                + (smx ? (long) (w.divb() + 1) * (2L * w.dvw() + w.divb() + w.sw()) : 0);
        double[] ff = {(double) lutLanes * (prodw + 2 * w.accw()) + (double) dspLanes * 2 * w.accw(), readRegs + control};
        if (!d.target().hasLutRam()) {
            lutram = 0;
        }
        return new CostFeatures(p, dsp, bram.b36(), bram.b18(), lutram, (int) bram.muxLuts(), lut, ff);
    }

    String csv() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d", lanes, dsp, bram36, bram18, lutram, romMux));
        for (double v : lut) {
            s.append(',').append(v);
        }
        for (double v : ff) {
            s.append(',').append(v);
        }
        return s.toString();
    }
}
