package org.intformer.hw;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;

/**
 * One accelerator design, computed once from (integer model, lanes, target) and immutable: where every tensor
 * lives, the static schedule (typed steps), the datapath widths and pipeline, the ROM images, the memory
 * placement and the exact cycle count. The Verilog writer prints it; the cost model, the simulation harness, auto
 * lanes and the reports read it. See docs/HARDWARE.md.
 *
 * @param model     the integer model
 * @param target    the device
 * @param lanes     MAC lanes P
 * @param autoLanes whether P was chosen by {@link CostModel#autoLanes}
 * @param storage   activation buffers and tensor locations
 * @param steps     the static schedule
 * @param widths    datapath widths
 * @param datapath  requantizers, DSP lanes, pipeline stages
 * @param weights   wide weight ROM: word i holds lane l's weight in bits [l·WB, (l+1)·WB)
 * @param bias      bias and ChannelAffine offset ROM (entry 0 is 0)
 * @param mult      requantization multipliers {n[5:0], m[MAW-1:0]} (entry 0 is m = 1, n = 0)
 * @param affineRom fused ChannelAffine constants {offset, scale} per channel
 * @param lut       softmax exponential tables (17-bit entries), each op's up to its last nonzero entry
 * @param bankDepth words per lane of the lane bank (0: no bank)
 * @param maxRow    longest softmax row (1 without softmax)
 * @param weightMemory where the weights live: {@link WeightMemory#BRAM} (a ROM) or {@link WeightMemory#SPRAM} (a RAM
 *                  the board's loader writes through the core's weight port), never AUTO
 */
public record Design(IntModel model, Target target, int lanes, boolean autoLanes, Storage storage, List<Step> steps,
                     Widths widths, Datapath datapath, RomImage weights, RomImage bias, RomImage mult, RomImage affineRom,
                     RomImage lut, int bankDepth, int maxRow, WeightMemory weightMemory) {

    /** Sequencer: the start cycle plus the done cycle. */
    static final int FRAME = 2;
    /** Per step: the cycle the sequencer's registered all-quiet flag takes to see the step's last activity end. */
    static final int STEP_DONE = 1;
    /** Softmax: stages from a front issue to its row's ready flag, and from a back issue to the write (plus DIVB). */
    static final int SMX_FRONT = 11;
    static final int SMX_BACK = 8;

    public Design {
        steps = List.copyOf(steps);
    }

    /** The design of {@code model} under {@code options} (auto lanes resolved by the cost model). */
    public static Design of(IntModel model, HwOptions options) {
        int adder = Requantizer.adderWidth(options.target(), options.clockMhz());
        return options.lanes() > 0 ? of(model, options.lanes(), options.target(), false, true, options.weights(), adder)
                : of(model, CostModel.autoLanes(model, options.target(), options.weights(), adder), options.target(), true, true,
                options.weights(), adder);
    }

    /** The design with {@code lanes} lanes and the weights in block RAM; {@code share} false gives every tensor its own buffer (debug). */
    static Design of(IntModel model, int lanes, Target target, boolean auto, boolean share) {
        return of(model, lanes, target, auto, share, WeightMemory.BRAM, Requantizer.adderWidth(target));
    }

    /**
     * The design with {@code lanes} lanes and the weights where {@code weights} says: AUTO is block RAM when the
     * design's block RAMs fit the device (cost model, exact for EBR), else SPRAM when the weights fit the SPRAMs.
     */
    static Design of(IntModel model, int lanes, Target target, boolean auto, boolean share, WeightMemory weights, int adder) {
        if (weights == WeightMemory.AUTO) {
            Design b = build(model, lanes, target, auto, share, WeightMemory.BRAM, 0, adder);
            if (target != Target.ICE40UP5K || !b.hasWeights() || CostModel.estimate(b).resources().ebr() <= Target.UP5K_EBR
                    || weightSprams(lanes * b.widths().wb(), b.weights().depth()) > Target.UP5K_SPRAM) {
                return b;
            }
            return of(model, lanes, target, auto, share, WeightMemory.SPRAM, adder);
        }
        if (weights == WeightMemory.BRAM) {
            return build(model, lanes, target, auto, share, WeightMemory.BRAM, 0, adder);
        }
        if (target != Target.ICE40UP5K) {
            throw new org.intformer.UserError("weights in SPRAM: " + target.id() + " has no SPRAM (only ice40up5k has)");
        }
        Design b = build(model, lanes, target, auto, share, WeightMemory.BRAM, 0, adder);
        if (!b.hasWeights()) {
            throw new org.intformer.UserError("weights in SPRAM: the model has no weight matrix to place");
        }
        int n = weightSprams(lanes * b.widths().wb(), b.weights().depth());
        if (n > Target.UP5K_SPRAM) {
            throw new org.intformer.UserError(String.format(java.util.Locale.ROOT,
                    "weights in SPRAM: %d words of %d bits need %d SPRAMs, the UP5K has %d (use fewer lanes)", b.weights().depth(),
                    lanes * b.widths().wb(), n, Target.UP5K_SPRAM));
        }
        return build(model, lanes, target, auto, share, WeightMemory.SPRAM, n, adder);
    }

    /** SPRAMs (16K x 16) that hold {@code depth} words of {@code width} bits: side by side for the width, stacked for the depth. */
    static int weightSprams(int width, int depth) {
        return ((width + 15) / 16) * ((depth + Storage.SPRAM_WORDS - 1) / Storage.SPRAM_WORDS);
    }

    /** SPRAMs the weights take (0 in block RAM). */
    public int weightSprams() {
        return weightMemory == WeightMemory.SPRAM ? weightSprams(weights.width(), weights.depth()) : 0;
    }

    /** Bytes per weight word on the serial link's LOAD frame: the word's bits rounded up to 1, 2, 4 or 8 bytes. */
    public int weightWordBytes() {
        int b = (weights.width() + 7) / 8;
        return b <= 1 ? 1 : b <= 2 ? 2 : b <= 4 ? 4 : 8;
    }

    private static Design build(IntModel model, int lanes, Target target, boolean auto, boolean share, WeightMemory weights,
                                int reservedSprams, int adder) {
        Fusion fusion = Fusion.plan(model, target == Target.XC7S15);
        Storage storage = Storage.allocate(model, share, target, fusion, reservedSprams);
        Scheduler s = new Scheduler(model, storage, fusion, lanes);
        Widths w = Widths.of(s, storage, lanes, model.ops());
        Datapath dp = Datapath.of(s, w, lanes, target, adder);
        List<BigInteger> words = new ArrayList<>();
        for (int[] word : s.weightWords) {
            BigInteger x = BigInteger.ZERO;
            for (int lane = lanes - 1; lane >= 0; lane--) {
                x = x.shiftLeft(w.wb()).or(BigInteger.valueOf(word[lane] & ((1L << w.wb()) - 1)));
            }
            words.add(x);
        }
        List<BigInteger> mult = new ArrayList<>();
        for (long[] e : s.mult) {
            mult.add(BigInteger.valueOf((e[1] << w.maw()) | (e[0] & ((1L << w.maw()) - 1))));
        }
        List<BigInteger> affine = new ArrayList<>();
        int affW = 1;
        if (dp.affine() != null) {
            int sw = dp.affine().maw();
            affW = dp.affine().cw() + sw;
            for (long[] e : s.affine) {
                BigInteger scale = BigInteger.valueOf(e[0]).and(BigInteger.ONE.shiftLeft(sw).subtract(BigInteger.ONE));
                affine.add(BigInteger.valueOf(e[1]).shiftLeft(sw).or(scale));
            }
        }
        List<Long> lut = new ArrayList<>();
        s.lut.forEach(v -> lut.add((long) v));
        return new Design(model, target, lanes, auto, storage, s.steps, w, dp, new RomImage("weights.mem", lanes * w.wb(), words),
                RomImage.ofLongs("bias.mem", w.cbw(), s.bias), new RomImage("mult.mem", w.maw() + 6, mult),
                new RomImage("affine.mem", affW, affine), RomImage.ofLongs("lut.mem", 17, lut), s.bankDepth, s.maxRow, weights);
    }

    /** The same schedule with one buffer per tensor (the debug testbench compares every tensor). */
    Design unshared() {
        return of(model, lanes, target, autoLanes, false, weightMemory, datapath.adderWidth());
    }

    public boolean has(Engine e) {
        return steps.stream().anyMatch(s -> s.engine() == e);
    }

    public boolean hasBank() {
        return bankDepth > 0;
    }

    /** Whether any step reads the weight ROM (a Linear). */
    public boolean hasWeights() {
        return steps.stream().anyMatch(s -> s.engine() == Engine.MAT && !s.has(Step.Flag.BANK) && !s.has(Step.Flag.ONE_B));
    }

    public int dspLanes() {
        return datapath.dspLanes();
    }

    public Storage.Buffer inputBuffer() {
        return storage.loc(model.input()).buf();
    }

    public Storage.Loc outputLoc() {
        return storage.loc(model.output());
    }

    /** The ROM images, in the order the files are written. */
    public List<RomImage> roms() {
        return List.of(weights, bias, mult, affineRom, lut);
    }

    /** Where the softmax rows of exponentials live: LUT RAM on XC7S15 (the tool's choice), block RAM on iCE40 (no LUT RAM). */
    public Placement rowPlacement() {
        return target.hasLutRam() ? Placement.TOOL : Placement.BLOCK;
    }

    /** Where the lane bank lives: LUT RAM on XC7S15, block RAM on iCE40 (its lanes side by side in one word). */
    public Placement bankPlacement() {
        return target.hasLutRam() ? Placement.LUT_RAM : Placement.BLOCK;
    }

    // ---------------------------------------------------------------- write order

    /**
     * The stride between consecutive results of a step: results leave the requantizers in issue order and the write
     * port counts their addresses (base + n·stride) instead of carrying them through the pipeline. Every step's
     * addresses are checked to be such a progression (a scheduler bug otherwise).
     */
    long writeStride(Step s) {
        List<Long> a = resultAddresses(s);
        long stride = a.size() > 1 ? a.get(1) - a.get(0) : 1;
        for (int i = 1; i < a.size(); i++) {
            if (a.get(i) - a.get(i - 1) != stride) {
                throw new IllegalStateException("step " + s.comment() + ": results are not written at evenly spaced addresses");
            }
        }
        return stride;
    }

    /** The addresses a step writes, in the order its results leave the pipeline. */
    List<Long> resultAddresses(Step s) {
        List<Long> out = new ArrayList<>();
        Loops l = s.loops();
        Stream y = s.stream(Stream.Name.Y);
        switch (s.engine()) {
            case MAT -> {
                for (long i0 = 0; i0 < l.n0(); i0++) {
                    for (long i1 = 0; i1 < l.n1(); i1++) {
                        for (long i2 = 0; i2 < l.n2(); i2++) {
                            long nv = i2 == l.n2() - 1 ? s.nvLast() : lanes;
                            for (long lane = 0; lane < nv; lane++) {
                                out.add(y.base() + i0 * y.s0() + i1 * y.s1() + i2 * y.s2() + lane);
                            }
                        }
                    }
                }
            }
            case EW -> {
                for (long i0 = 0; i0 < l.n0(); i0++) {
                    for (long i1 = 0; i1 < l.n1(); i1++) {
                        for (long i2 = 0; i2 < l.n2(); i2++) {
                            for (long k = 0; k < l.nk(); k++) {
                                out.add(y.base() + i0 * y.s0() + i1 * y.s1() + i2 * y.s2() + k * y.sk());
                            }
                        }
                    }
                }
            }
            case SMX -> {
                for (long i = 0; i < l.n1() * l.nk(); i++) {
                    out.add(y.base() + i);
                }
            }
            case COPY -> {
            }
        }
        return out;
    }

    /**
     * MAT: the period of a drained result's index into the bias ROM (its group and channel: per-lane bias) or the
     * multiplier ROM (its channel: per-channel requantization), 0 when the index does not advance.
     */
    long drainPeriod(Step s, Stream.Name n) {
        return drainPeriod(s, n, lanes);
    }

    static long drainPeriod(Step s, Stream.Name n, int lanes) {
        if (s.engine() != Engine.MAT) {
            return 0;
        }
        boolean advances = n == Stream.Name.C ? s.has(Step.Flag.BIAS_PER_LANE) : n == Stream.Name.M ? s.has(Step.Flag.MULT_PER_LANE)
                : s.affine() != null;
        if (!advances) {
            return 0;
        }
        Loops l = s.loops();
        long channels = (l.n2() - 1) * lanes + s.nvLast();
        return n == Stream.Name.C ? l.n1() * channels : channels;
    }

    // ---------------------------------------------------------------- cycles

    /** MAT: cycles the walker waits after a full lane block for the drain (all P lanes) to finish. */
    static long fullWait(Step s, int lanes) {
        return s.engine() == Engine.MAT ? Math.max(0, lanes - s.loops().nk()) : 0;
    }

    /** MAT: the wait after the last block of a group (its valid lanes). */
    static long lastWait(Step s) {
        return s.engine() == Engine.MAT ? Math.max(0, s.nvLast() - s.loops().nk()) : 0;
    }

    /** Cycles of the issue phase of a MAC step: every issue, plus the waits while a block drains. */
    long matIssueCycles(Step s) {
        Loops l = s.loops();
        long groups = l.n0() * l.n1();
        long perGroup = l.n2() * l.nk() + (l.n2() - 1) * fullWait(s, lanes) + lastWait(s);
        return groups * perGroup - lastWait(s);
    }

    /** Latency of the requantizers a step's results pass through. */
    long requantLatency(Step s) {
        long l = datapath.main().latency();
        if (s.add() != null) {
            l += datapath.add().latency();
        }
        if (s.affine() != null) {
            l += datapath.affine().latency();
        }
        return l;
    }

    /** Cycles of one step, from its load cycle to the next step's load cycle (see docs/HARDWARE.md). */
    public long stepCycles(Step s) {
        Loops l = s.loops();
        return STEP_DONE + switch (s.engine()) {
            case MAT -> matIssueCycles(s) + datapath.drainStage() + s.nvLast() + Datapath.DRAIN_ROM + requantLatency(s) + 2;
            case EW -> l.issues() + Datapath.OPERAND + 3 + requantLatency(s);
            case COPY -> l.issues() + datapath.accStage() + 2;
            case SMX -> 2 * l.nk() * l.n1() + l.nk() + SMX_FRONT + SMX_BACK + divStages();
        };
    }

    /**
     * Whether the softmax divider's remainder is wider than the device's one-cycle adder ({@link Requantizer#adderWidth}):
     * then each quotient bit takes two stages, the low piece of the subtraction and its carry first.
     */
    public boolean divSplit() {
        return widths.dvw() > datapath.adderWidth();
    }

    /** Whether this is the lean iCE40 datapath (whole-word adders at a low clock, {@link Requantizer#ICE40_WHOLE_ADDER_MHZ}). */
    public boolean lean() {
        return target == Target.ICE40UP5K && datapath.adderWidth() >= 64;
    }

    /**
     * Whether the lean softmax divider reads its divisor (the row's sum) from the one register the back pass loads
     * instead of carrying it through its stages: the sum changes only when the next row is ready, at least 2·nk cycles
     * after this row's back pass started (the front reads each row twice), while this row's last element leaves the
     * divider nk + 3 + DIVB cycles after it; so every softmax step needs rows of at least DIVB + 3 elements.
     */
    public boolean divSharedSum() {
        if (!lean()) {
            return false;
        }
        for (Step s : steps) {
            if (s.engine() == Engine.SMX && s.loops().nk() < widths.divb() + 3) {
                return false;
            }
        }
        return true;
    }

    /** Stages of the softmax divider's quotient bits. */
    public int divStages() {
        return widths.divb() * (divSplit() ? 2 : 1);
    }

    /** Cycles per inference, from the cycle {@code start} is sampled to the cycle {@code done} is high, inclusive. */
    public long cycles() {
        long c = FRAME;
        for (Step s : steps) {
            c += stepCycles(s);
        }
        return c;
    }

    /** Facts for reports: MACs, bound, steps, buffer sizes, widths, cycles per op. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        long macs = model.macs();
        m.put("target", target.id());
        m.put("lanes", lanes);
        m.put("dsp_lanes", datapath.dspLanes());
        m.put("macs", macs);
        m.put("mac_bound_cycles", (macs + lanes - 1) / lanes);
        m.put("cycles", cycles());
        m.put("steps", steps.size());
        m.put("buffers", storage.buffers().size());
        long bits = 0;
        for (Storage.Buffer b : storage.buffers()) {
            bits += b.sizeBits();
        }
        m.put("activation_bits", bits);
        m.put("weight_rom_bits", hasWeights() ? (long) weights.depth() * weights.width() : 0L);
        m.put("weights", weightMemory.id());
        m.put("acc_bits", widths.accw());
        m.put("lane_operand_bits", List.of(widths.aopw(), widths.bopw()));
        Map<String, Long> perStep = new LinkedHashMap<>();
        for (Step s : steps) {
            perStep.merge(s.op(), stepCycles(s), Long::sum);
        }
        m.put("cycles_per_op", perStep);
        return m;
    }
}
