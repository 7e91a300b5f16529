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
 * lives, the static schedule (typed steps), the datapath widths, the ROM images, the memory placement and the
 * exact cycle count. The Verilog writer prints it; the cost model, the simulation harness, auto lanes and the
 * reports read it. See docs/HARDWARE.md.
 *
 * @param model     the integer model
 * @param target    the device
 * @param lanes     MAC lanes P
 * @param autoLanes whether P was chosen by {@link CostModel#autoLanes}
 * @param storage   activation buffers and tensor locations
 * @param steps     the static schedule
 * @param widths    datapath widths
 * @param weights   wide weight ROM: word i holds lane l's weight in bits [l·WB, (l+1)·WB)
 * @param bias      bias and ChannelAffine offset ROM (entry 0 is 0)
 * @param mult      requantization multipliers {n[5:0], m[MAW-1:0]} (entry 0 is m = 1, n = 0)
 * @param lut       softmax exponential tables (17-bit entries), each op's up to its last nonzero entry
 * @param bankDepth words per lane of the lane bank (0: no bank)
 * @param maxRow    longest softmax row (1 without softmax)
 * @param dspLanes  lanes whose multiplier is a DSP slice (the first ones); the rest are LUT multipliers
 */
public record Design(IntModel model, Target target, int lanes, boolean autoLanes, Storage storage, List<Step> steps,
                     Widths widths, RomImage weights, RomImage bias, RomImage mult, RomImage lut, int bankDepth, int maxRow,
                     int dspLanes) {

    /** Pipeline latencies of the RTL (see docs/HARDWARE.md); the cycle formula below depends on them. */
    static final int EW_TAIL = 7;
    static final int COPY_TAIL = 2;
    static final int MAT_TAIL = 9;
    static final int SMX_ROW_EXTRA = 2;
    static final int SMX_TAIL = 3;
    /** Sequencer: the start cycle plus the done cycle. */
    static final int FRAME = 2;

    public Design {
        steps = List.copyOf(steps);
    }

    /** The design of {@code model} under {@code options} (auto lanes resolved by the cost model). */
    public static Design of(IntModel model, HwOptions options) {
        return options.lanes() > 0 ? of(model, options.lanes(), options.target(), false, true)
                : of(model, CostModel.autoLanes(model, options.target()), options.target(), true, true);
    }

    /** The design with {@code lanes} lanes; {@code share} false gives every tensor its own buffer (debug). */
    static Design of(IntModel model, int lanes, Target target, boolean auto, boolean share) {
        Storage storage = Storage.allocate(model, share, target);
        Scheduler s = new Scheduler(model, storage, lanes);
        Widths w = Widths.of(s, storage, lanes, model.ops());
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
        List<Long> lut = new ArrayList<>();
        s.lut.forEach(v -> lut.add((long) v));
        int requantDsps = (w.xaw() > 18 ? 2 : 1) * (w.maw() > 25 ? 2 : 1) + (s.steps.stream().anyMatch(st -> st.mb() != 0) ? 2 : 0);
        int dspLanes = Math.max(0, Math.min(lanes, target.dspSlices() - requantDsps));
        return new Design(model, target, lanes, auto, storage, s.steps, w, new RomImage("weights.mem", lanes * w.wb(), words),
                RomImage.ofLongs("bias.mem", w.cbw(), s.bias), new RomImage("mult.mem", w.maw() + 6, mult),
                RomImage.ofLongs("lut.mem", 17, lut), s.bankDepth, s.maxRow, dspLanes);
    }

    /** The same schedule with one buffer per tensor (the debug testbench compares every tensor). */
    Design unshared() {
        return of(model, lanes, target, autoLanes, false);
    }

    public boolean has(Engine e) {
        return steps.stream().anyMatch(s -> s.engine() == e);
    }

    public boolean hasBank() {
        return bankDepth > 0;
    }

    /** Whether any step reads the weight ROM (a Linear). */
    public boolean hasWeights() {
        return steps.stream().anyMatch(s -> s.engine() == Engine.MAT && !s.has(Step.Flag.BANK));
    }

    public Storage.Buffer inputBuffer() {
        return storage.loc(model.input()).buf();
    }

    public Storage.Loc outputLoc() {
        return storage.loc(model.output());
    }

    /** Where the softmax row of exponentials lives: registers on iCE40 (keeps its scarce EBR free), the tool's choice else. */
    public Placement rowPlacement() {
        return target.hasLutRam() ? Placement.TOOL : Placement.LOGIC;
    }

    // ---------------------------------------------------------------- cycles

    /** Cycles of the issue phase of a MAC step: every issue, plus the waits while a block drains. */
    long matIssueCycles(Step s) {
        Loops l = s.loops();
        long cycles = 0;
        long groups = l.n0() * l.n1();
        long lt = s.stream(Stream.Name.L).base();
        for (long g = 0; g < groups; g++) {
            for (long b = 0; b < l.n2(); b++) {
                long nv = Math.min(lanes, lt - b * lanes);
                cycles += l.nk();
                boolean lastGroup = g == groups - 1 && b == l.n2() - 1;
                if (!lastGroup) {
                    cycles += Math.max(0, nv - l.nk());
                }
            }
        }
        return cycles;
    }

    long lastLanes(Step s) {
        return Math.min(lanes, s.stream(Stream.Name.L).base() - (s.loops().n2() - 1) * lanes);
    }

    /** Cycles of one step including its load cycle. */
    public long stepCycles(Step s) {
        return switch (s.engine()) {
            case MAT -> 1 + matIssueCycles(s) + MAT_TAIL + lastLanes(s);
            case EW -> 1 + s.loops().issues() + EW_TAIL;
            case COPY -> 1 + s.loops().issues() + COPY_TAIL;
            case SMX -> 1 + s.loops().n1() * (3 * s.loops().nk() + SMX_ROW_EXTRA) + SMX_TAIL + widths.divb();
        };
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
        m.put("dsp_lanes", Math.min(lanes, dspLanes));
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
