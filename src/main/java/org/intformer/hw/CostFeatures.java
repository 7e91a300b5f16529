package org.intformer.hw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.intformer.hw.synth.Target;

/**
 * What {@link CostModel} needs to know about a {@link Design}, read from the design itself (the one the Verilog
 * writer prints, so the two cannot drift apart): exact multiplier counts ({@link Datapath#dsps}), block-RAM and
 * SPRAM counts from the synthesis tools' own mapping rules ({@link XilinxMapping}, {@link Ice40Mapping}), exact
 * LUT-RAM LUTs, and per-component size measures that the calibrated LUT, FF and logic-cell coefficients multiply.
 *
 * @param lanes   MAC lanes P
 * @param dsp     DSP48E1 slices or SB_MAC16 (requantizer tiles + DSP lanes)
 * @param bram36  RAMB36E1 (XC7S15)
 * @param bram18  RAMB18E1 (XC7S15)
 * @param ebr     4 Kb block RAMs (iCE40)
 * @param spram   single-port RAMs (iCE40)
 * @param lutram  LUTs of distributed RAM (XC7S15: buffers below the block threshold, lane bank, softmax rows)
 * @param romMux  logic LUTs of the block RAMs' row multiplexers (XC7S15, exact, added to the fitted LUTs)
 * @param lut     logic size measures, in the order of {@link #LUT_TERMS}
 * @param ff      register size measures, in the order of {@link #FF_TERMS}
 */
record CostFeatures(int lanes, int dsp, int bram36, int bram18, int ebr, int spram, int lutram, int romMux, double[] lut,
                    double[] ff) {

    /**
     * Logic terms: the LUT lane multipliers' adder trees (bits of adders), the lanes' accumulators, hold registers and
     * operand multiplexers, the requantizers' adders and shifters ({@link Requantizer#census}), and the control: the
     * walker's address adders, the step table and small ROMs left in logic (64 bits a LUT), the buffers' read
     * multiplexers, the softmax unit and its divider. Few terms on purpose: each coefficient is fitted from a few dozen
     * synthesis runs.
     */
    static final String[] LUT_TERMS = {"lut_lane_bits", "lane_bits", "requant_bits", "control_bits"};
    /**
     * Register terms: the lanes' pipeline (operand, product-tree, accumulator and hold registers), the requantizers'
     * registers (their multiplier tiles' registers excluded: they sit in the DSP slices), and the control registers
     * (step table copies, walker, issue and drain pipelines, softmax); yosys removes constant ones and packs delay
     * chains into shift-register LUTs on XC7S15, hence coefficients below 1.
     */
    static final String[] FF_TERMS = {"lane_regs", "requant_regs", "control_regs"};

    static CostFeatures of(Design d) {
        Widths w = d.widths();
        Datapath dp = d.datapath();
        int p = d.lanes();
        boolean mat = d.has(Engine.MAT);
        int dspLanes = mat ? dp.dspLanes() : 0;
        int lutLanes = mat ? p - dspLanes : 0;
        boolean xc7 = d.target() == Target.XC7S15;

        // memories
        List<Memory> memories = memories(d);
        XilinxMapping.Bram bram = XilinxMapping.NONE;
        int ebr = 0;
        int lutram = 0;
        long muxBits = 0;
        long readRegs = 0;
        for (Memory m : memories) {
            switch (m.placement()) {
                case BLOCK -> {
                    bram = bram.plus(m.rom() ? XilinxMapping.blockRam(m.width(), m.depth()) : XilinxMapping.blockRam(m.width(), m.depth(), false));
                    ebr += Ice40Mapping.ebr(m.width(), m.depth(), m.rom());
                }
                case TOOL -> {
                    if (m.rom()) {
                        bram = bram.plus(XilinxMapping.autoRom(m.width(), m.depth()));
                        ebr += Ice40Mapping.autoRom(m.width(), m.depth());
                    } else if (xc7) {
                        lutram += m.columns() * XilinxMapping.lutRamLuts(m.width() / m.columns(), m.depth());
                    } else {
                        ebr += Ice40Mapping.ebr(m.width(), m.depth(), false);
                    }
                }
                case LUT_RAM -> {
                    lutram += m.columns() * XilinxMapping.lutRamLuts(m.width() / m.columns(), m.depth());
                    muxBits += m.depth() > 64 ? (long) m.width() * XilinxMapping.ceil(m.depth(), 64) : 0;
                    readRegs += m.width();
                }
                default -> {
                }
            }
        }
        long tableBits = bram.logicBits();
        int fieldBits = 0;
        for (VerilogWriter.Field f : VerilogWriter.fields(d)) {
            fieldBits += f.width();
        }
        tableBits += (long) d.steps().size() * fieldBits;

        // requantizers
        long rqLogic = 0;
        long rqRegs = 0;
        for (Requantizer q : new Requantizer[] {dp.main(), dp.add(), dp.affine()}) {
            if (q != null) {
                Requantizer.Census c = q.census();
                rqLogic += c.adderBits() + c.muxBits();
                rqRegs += c.registerBits();
            }
        }

        // control: the walker's live stream registers, the buffer multiplexers, the softmax unit
        int liveLevels = walkerRegisters(d);
        boolean smx = d.has(Engine.SMX);
        long divider = smx ? dividerLogic(d) : 0;
        long walker = (long) liveLevels * w.sw() + 8L * w.cw();
        int buffers = d.storage().buffers().size();
        double control = walker + (double) buffers * w.rw() * 2 + muxBits + divider + tableBits / 64.0;

        int prodw = w.prodw();
        double lutLaneBits = (double) lutLanes * Math.max(1, w.bopw() - 1) * prodw;
        double laneBits = mat ? (double) p * (2 * w.accw() + w.bopw()) : 0;

        double laneRegs = mat ? (double) p * (2 * w.bopw() + w.accw()) + (double) lutLanes * (w.aopw() + w.bopw()
                + (long) dp.lutLevels() * prodw + w.accw()) + (double) dspLanes * w.accw() : 0;
        int acc = dp.accStage();
        long pipes = (mat ? 3L * acc + 3L * Datapath.DRAIN_ROM * (w.accw() + 1) : Datapath.OPERAND)
                + (smx ? (long) Design.SMX_FRONT * 8 + dividerRegs(d) + 4L * w.sumw() : 0);
        double controlRegs = 2.0 * fieldBits + walker + pipes + readRegs + 4L * w.rw() + 2L * buffers * w.rw();
        if (!xc7) {
            // the serial I/O shim Ice40Flow wraps around a core with more port bits than the package has pins: a shift
            // register per port bit and a load multiplexer per output bit
            org.intformer.integer.TensorSpec in = d.model().inputSpec();
            org.intformer.integer.TensorSpec out = d.model().outputSpec();
            int portBits = 6 + VerilogWriter.clog2(Storage.hostInputWords(d.model())) + in.bits() + VerilogWriter.clog2(out.size()) + out.bits();
            if (portBits > Target.UP5K_SG48_IO) {
                controlRegs += portBits - 2;
                control += 2 + out.bits();
            }
        }
        double[] lut = {lutLaneBits, laneBits, rqLogic, control};
        double[] ff = {laneRegs, rqRegs, controlRegs};

        int spram = (int) d.storage().buffers().stream().filter(b -> b.memory() >= 0).map(Storage.Buffer::memory).distinct().count()
                + d.weightSprams();
        if (!xc7) {
            lutram = 0;
        }
        return new CostFeatures(p, dp.dsps(), bram.b36(), bram.b18(), ebr, spram, lutram, (int) bram.muxLuts(), lut, ff);
    }

    /** Address registers the walker keeps: one per stream level some step strides (see VerilogWriter#levels). */
    static int walkerRegisters(Design d) {
        int n = 0;
        for (Stream.Name name : Stream.Name.values()) {
            if (!VerilogWriter.walked(name)) {
                continue;
            }
            boolean[] use = new boolean[4];
            for (Step s : d.steps()) {
                Stream x = s.stream(name);
                use[0] |= x.s0() != 0;
                use[1] |= x.s1() != 0;
                use[2] |= x.s2() != 0;
                use[3] |= x.sk() != 0;
            }
            for (boolean u : use) {
                n += u ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * One memory of the design as synthesis sees it: its width (live columns for a ROM), depth, whether it is a ROM,
     * where it is asked to go, and the write columns it has (the lane bank: one per lane).
     */
    /**
     * The softmax divider's subtractor bits: DIVB stages of the whole remainder, and the front's three; on the lean
     * datapath each stage subtracts the divisor (SUMW + 1 bits) from as many remainder bits plus one.
     */
    static long dividerLogic(Design d) {
        Widths w = d.widths();
        return d.lean() ? (long) w.divb() * (w.sumw() + 3) + 3L * w.dvw() : (long) (w.divb() + 3) * w.dvw();
    }

    /**
     * The softmax divider's register bits: remainder and divisor through every stage; on the lean datapath the
     * remainder narrows by a bit a stage and the divisor travels only where {@link Design#divSharedSum} does not hold.
     */
    static long dividerRegs(Design d) {
        Widths w = d.widths();
        if (!d.lean()) {
            return (long) (w.divb() + 3) * 2 * w.dvw();
        }
        int dw = w.sumw() + 1;
        long r = 3L * w.dvw();
        for (int i = 0; i < w.divb(); i++) {
            r += dw + w.divb() - i + (d.divSharedSum() ? 0 : dw);
        }
        return r;
    }

    record Memory(String name, int width, int depth, boolean rom, Placement placement, int columns) {
    }

    /** Every memory of {@code d} (SPRAM-packed buffers apart: they cost no block RAM). */
    static List<Memory> memories(Design d) {
        List<Memory> out = new ArrayList<>();
        if (d.hasWeights() && d.weightMemory() != WeightMemory.SPRAM) {
            out.add(new Memory("weights", d.weights().liveColumns(), d.weights().depth(), true, Placement.BLOCK, 1));
        }
        for (Storage.Buffer b : d.storage().buffers()) {
            if (b.memory() < 0) {
                out.add(new Memory("buf" + b.id(), b.bits(), b.depth(), false, b.placement(), 1));
            }
        }
        for (RomImage rom : List.of(d.bias(), d.mult(), d.lut())) {
            out.add(new Memory(rom.file(), rom.liveColumns(), rom.depth(), true, Placement.TOOL, 1));
        }
        if (d.datapath().affine() != null) {
            out.add(new Memory("affine", d.affineRom().liveColumns(), d.affineRom().depth(), true, Placement.TOOL, 1));
        }
        if (d.hasBank()) {
            out.add(new Memory("bank", d.lanes() * d.widths().bbw(), d.bankDepth(), false, d.bankPlacement(), d.lanes()));
        }
        if (d.has(Engine.SMX)) {
            int rowW = Widths.clog2(d.maxRow());
            out.add(new Memory("e_buf", 17, 2 << rowW, false, d.rowPlacement(), 1));
        }
        return out;
    }

    String csv() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%d", lanes, dsp, bram36, bram18, ebr, spram,
                lutram, romMux));
        for (double v : lut) {
            s.append(',').append(v);
        }
        for (double v : ff) {
            s.append(',').append(v);
        }
        return s.toString();
    }
}
