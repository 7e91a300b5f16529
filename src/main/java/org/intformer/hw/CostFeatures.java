package org.intformer.hw;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.intformer.integer.IntModel;

/**
 * What {@link CostModel} needs to know about the design {@link VerilogGenerator} would emit, read from the
 * generator's own plan and widths (so the two cannot drift apart): exact DSP and block-RAM counts from
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

    static CostFeatures of(IntModel model, HwOptions options) {
        Plan plan = new Plan(model, VerilogGenerator.lanes(model, options));
        return of(model, options, plan);
    }

    static CostFeatures of(IntModel model, HwOptions options, Plan plan) {
        VerilogGenerator.Writer w = new VerilogGenerator.Writer(model, options, plan, null);
        int p = plan.lanes;
        int dspLanes = w.hasMat ? Math.min(p, w.dspLanes) : 0;
        int lutLanes = w.hasMat ? p - dspLanes : 0;
        boolean hasMb = plan.steps.stream().anyMatch(s -> s.get("MB") != 0);

        int dsp = dspLanes * XilinxMapping.dsps(w.aopw, w.bopw) + XilinxMapping.dsps(w.xaw, w.maw)
                + (hasMb ? XilinxMapping.dsps(w.xbw, w.mbw) : 0);

        XilinxMapping.Bram bram = w.hasWeights
                ? XilinxMapping.blockRam(XilinxMapping.liveColumns(weightImage(plan, p, w.wb), p * w.wb),
                        Math.max(1, plan.weightWords.size())) : XilinxMapping.NONE;
        int lutram = 0;
        long muxBits = 0;
        long readRegs = 0;
        boolean xc7 = options.target().equals(HwOptions.XC7S15);
        for (Plan.Buffer b : plan.buffers) {
            if (b.sizeBits() >= options.blockRamBits()) {
                bram = bram.plus(XilinxMapping.blockRam(b.bits(), b.depth(), false));
            } else {
                lutram += XilinxMapping.lutRamLuts(b.bits(), b.depth());
                muxBits += b.depth() > 64 ? (long) b.bits() * XilinxMapping.ceil(b.depth(), 64) : 0;
                readRegs += b.bits();
            }
        }
        long tableBits = 0;
        List<BigInteger> biasImage = new ArrayList<>();
        for (long x : plan.bias) {
            biasImage.add(BigInteger.valueOf(x));
        }
        List<BigInteger> multImage = new ArrayList<>();
        for (long[] e : plan.mult) {
            multImage.add(BigInteger.valueOf((e[1] << w.maw) | (e[0] & ((1L << w.maw) - 1))));
        }
        List<BigInteger> lutImage = new ArrayList<>();
        for (int x : plan.lut) {
            lutImage.add(BigInteger.valueOf(x));
        }
        if (lutImage.isEmpty()) {
            lutImage.add(BigInteger.ZERO);
        }
        // the ROM images VerilogGenerator writes (bias.mem, mult.mem, lut.mem): live width × depth
        int[][] roms = {{XilinxMapping.liveColumns(biasImage, w.cbw), plan.bias.size()},
            {XilinxMapping.liveColumns(multImage, w.maw + 6), plan.mult.size()},
            {XilinxMapping.liveColumns(lutImage, 17), lutImage.size()}};
        for (int[] rom : roms) {
            XilinxMapping.Bram b = XilinxMapping.autoRom(rom[0], rom[1]);
            bram = bram.plus(b);
        }
        tableBits += bram.logicBits();
        int fieldBits = 0;
        for (Object[] f : w.fields()) {
            fieldBits += (int) f[1];
        }
        tableBits += (long) plan.steps.size() * fieldBits;
        if (w.hasBank) {
            lutram += p * XilinxMapping.lutRamLuts(w.bbw, plan.bankDepth);
            muxBits += plan.bankDepth > 64 ? (long) p * w.bbw * XilinxMapping.ceil(plan.bankDepth, 64) : 0;
            readRegs += (long) p * w.bbw;
        }
        if (w.hasSmx) {
            lutram += XilinxMapping.lutRamLuts(17, plan.maxRow);
        }
        long divider = w.hasSmx ? (long) (w.divb + 1) * w.dvw : 0;
        long walker = 24L * w.sw + 5L * w.cw;
        long ports = walker + (long) plan.buffers.size() * w.rw * 2 + muxBits;
        double[] lut = {(double) lutLanes * w.aopw * w.bopw, (double) p * (w.accw + (w.hasBank ? w.bopw : 0)),
            divider + tableBits / 64.0 + ports};
        long control = fieldBits + walker + 5L * w.sw
                + (w.hasSmx ? (long) (w.divb + 1) * (2L * w.dvw + w.divb + w.sw) : 0);
        double[] ff = {(double) lutLanes * (w.prodw + 2 * w.accw) + (double) dspLanes * 2 * w.accw, readRegs + control};
        if (!xc7) {
            lutram = 0;
        }
        return new CostFeatures(p, dsp, bram.b36(), bram.b18(), lutram, (int) bram.muxLuts(), lut, ff);
    }

    /** The weight ROM image (weights.mem): word i holds lane l's weight in bits [l·wb, (l+1)·wb). */
    static List<BigInteger> weightImage(Plan plan, int p, int wb) {
        List<BigInteger> out = new ArrayList<>();
        for (int[] word : plan.weightWords) {
            BigInteger x = BigInteger.ZERO;
            for (int lane = p - 1; lane >= 0; lane--) {
                x = x.shiftLeft(wb).or(BigInteger.valueOf(word[lane] & ((1L << wb) - 1)));
            }
            out.add(x);
        }
        if (out.isEmpty()) {
            out.add(BigInteger.ZERO);
        }
        return out;
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
