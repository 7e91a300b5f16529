package org.intformer.hw;

import org.intformer.hw.synth.Target;
import org.intformer.integer.FixedPoint;

/**
 * The pipeline of one design: its requantizers (the main one, and the fused Add and ChannelAffine ones when a
 * step fuses them), how many MAC lanes multiply in DSP slices, the depth of the LUT multipliers of the others,
 * and the stage numbers every unit's timing follows. The Verilog writer builds the pipeline from it and the cycle
 * model counts with the same numbers, so a stage added to one shows in the other.
 *
 * <p>Stages are counted from the cycle a step's walker issues an address (stage 0): memories answer in stage 1,
 * their registered outputs in stage 2, the selected operands in {@link #READ} = 3, the lane operands in 4, the
 * multiplier inputs in {@link #MUL_IN} = 5, the products {@link #multStages} later, the accumulators one after,
 * a block's sums in the drain register one more, and each drained sum leaves the drain for the main requantizer
 * {@link #DRAIN_ROM} cycles later with its bias and multiplier.
 *
 * @param main       the main requantizer: MAC drains and elementwise steps
 * @param add        the fused Add's requantizer, or null
 * @param affine     the fused ChannelAffine's requantizer, or null
 * @param dspLanes   lanes whose multiplier is a DSP slice (the first ones)
 * @param lutLevels  adder levels of a LUT lane multiplier (0 without LUT lanes)
 * @param multStages stages from the multiplier inputs to the product
 * @param adderWidth widest adder one stage holds (requantizer sums, softmax divider), see {@link Requantizer#adderWidth(Target, double)}
 */
public record Datapath(Requantizer main, Requantizer add, Requantizer affine, int dspLanes, int lutLevels, int multStages,
                       int adderWidth) {

    /** Stage of the selected buffer operands (rdA, rdB). */
    public static final int READ = 3;
    /** Stage of the elementwise operands and the lane operands. */
    public static final int OPERAND = 4;
    /** Stage of the lane multipliers' input registers. */
    public static final int MUL_IN = 5;
    /** Cycles from the drain register to the main requantizer's inputs (bias and multiplier ROM read). */
    public static final int DRAIN_ROM = 3;
    /** Lanes sharing one copy of the broadcast operand register. */
    public static final int FANOUT = 8;

    /** Stage of the accumulators after their last product. */
    public int accStage() {
        return MUL_IN + multStages + 1;
    }

    /** Stage a block's first sum is in the drain register (the hold registers load one stage before). */
    public int drainStage() {
        return accStage() + 2;
    }

    /** The main requantizer's xa width cap: acc + bias < 2^33 (the range analysis bounds every accumulator by 2^31). */
    static final int XA_MAX = 34;

    static Datapath of(Scheduler s, Widths w, int lanes, Target target, int adder) {
        int xa = 0;
        int xb = 0;
        long offsets = 0;
        long chainAbs = 0;
        long mChain = 0;
        long resAbs = 0;
        long mRes = 0;
        long affX = 0;
        long zMain = 1;
        long zAdd = 1;
        long zAff = 1;
        boolean mat = false;
        for (Step st : s.steps) {
            zMain = Math.max(zMain, Math.max(Math.abs((long) st.zy()), Math.max(Math.abs((long) st.lo()), Math.abs((long) st.hi()))));
            if (st.add() != null) {
                zAdd = Math.max(zAdd, Math.max(Math.abs((long) st.add().zy()), Math.max(Math.abs((long) st.add().lo()),
                        Math.abs((long) st.add().hi()))));
            }
            if (st.affine() != null) {
                zAff = Math.max(zAff, Math.max(Math.abs((long) st.affine().zy()), Math.max(Math.abs((long) st.affine().lo()),
                        Math.abs((long) st.affine().hi()))));
            }
            if (st.engine() == Engine.MAT) {
                mat = true;
                xa = Math.max(xa, Math.max(w.accw(), FixedPoint.signedBits(st.cAbs())) + 1);
            } else if (st.engine() == Engine.EW) {
                xa = Math.max(xa, FixedPoint.signedBits(st.aAbs()));
                if (st.mb() != 0) {
                    xb = Math.max(xb, FixedPoint.signedBits(st.bAbs()));
                }
                offsets = Math.max(offsets, st.stream(Stream.Name.C) != Stream.NONE ? Math.max(1, st.cAbs()) : 0);
            }
            if (st.add() != null) {
                chainAbs = Math.max(chainAbs, st.add().chainAbs());
                resAbs = Math.max(resAbs, st.add().resAbs());
                mChain = Math.max(mChain, st.add().mChain());
                mRes = Math.max(mRes, st.add().mRes());
            }
            if (st.affine() != null) {
                affX = Math.max(affX, st.affine().xAbs());
            }
        }
        Requantizer main = xa == 0 ? null : new Requantizer("main", Math.min(xa, XA_MAX), w.maw(), xb, xb > 0 ? w.mbw() : 0,
                offsets > 0 ? FixedPoint.signedBits(offsets) : 0, result(w, zMain), FixedPoint.signedBits(zMain), target, adder);
        Requantizer add = chainAbs == 0 && resAbs == 0 ? null
                : new Requantizer("add", FixedPoint.signedBits(chainAbs), FixedPoint.signedBits(mChain),
                        FixedPoint.signedBits(resAbs), FixedPoint.signedBits(mRes), 0, result(w, zAdd), FixedPoint.signedBits(zAdd), target, adder);
        Requantizer affine = null;
        if (!s.affine.isEmpty()) {
            long scale = 1;
            long offset = 1;
            for (long[] e : s.affine) {
                scale = Math.max(scale, Math.abs(e[0]));
                offset = Math.max(offset, Math.abs(e[1]));
            }
            affine = new Requantizer("affine", FixedPoint.signedBits(affX), FixedPoint.signedBits(scale), 0, 0,
                    FixedPoint.signedBits(offset), result(w, zAff), FixedPoint.signedBits(zAff), target, adder);
        }
        int dsps = 0;
        for (Requantizer q : new Requantizer[] {main, add, affine}) {
            dsps += q == null ? 0 : q.dsps();
        }
        int dspLanes = mat && w.prodw() >= minDspProduct(target) ? Math.max(0, Math.min(lanes, target.dspSlices() - dsps)) : 0;
        int lutLevels = 0;
        if (mat && dspLanes < lanes) {
            for (int n = w.bopw(); n > 1; n = (n + 1) / 2) {
                lutLevels++;
            }
        }
        return new Datapath(main, add, affine, dspLanes, lutLevels, Math.max(1, lutLevels), adder);
    }

    /**
     * A requantizer's result width: the stored tensors' read width, or more where it produces a fused chain's
     * intermediate (never stored, so no buffer sized it) whose clamp bounds need more.
     */
    private static int result(Widths w, long bounds) {
        return Math.max(w.rw(), FixedPoint.signedBits(bounds));
    }

    /** Products narrower than this stay in LUTs when synthesis maps a multiplication (yosys mul2dsp thresholds). */
    static int minDspProduct(Target target) {
        return target == Target.XC7S15 ? 9 : 11;
    }

    /** Hard multipliers the design uses: the requantizers' tiles and the DSP lanes. */
    public int dsps() {
        int n = dspLanes;
        for (Requantizer q : new Requantizer[] {main, add, affine}) {
            n += q == null ? 0 : q.dsps();
        }
        return n;
    }
}
