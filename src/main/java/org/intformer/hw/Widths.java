package org.intformer.hw;

import java.util.List;
import org.intformer.integer.FixedPoint;
import org.intformer.integer.IntOp;

/**
 * The datapath widths of one design, each sized from the steps' operand bounds, the ROM contents and the
 * buffers (printed as commented {@code localparam}s at the top of the Verilog). Every width bounds every value it
 * carries in every step, so nothing wraps. The requantizers' own widths are in {@link Datapath}.
 *
 * @param rw   activation read width (widest buffer + 1, signed)
 * @param aopw lane operand A: |A − z_A| of every MAC step
 * @param bopw lane operand B: weight, lane-bank value or 1
 * @param accw lane accumulator (bounds every partial sum, bias excluded)
 * @param maw  multiplier ROM multipliers
 * @param mbw  elementwise multiplier of operand B (descriptor)
 * @param cbw  bias / offset ROM
 * @param wb   weight bits
 * @param bbw  lane-bank value bits
 * @param sw   address streams (signed)
 * @param cw   loop counters
 * @param bufw buffer ids
 * @param stw  step number
 * @param numw softmax numerator
 * @param sumw softmax sum
 * @param dvw  divider remainder
 * @param divb quotient bits (widest probability)
 */
public record Widths(int rw, int aopw, int bopw, int accw, int maw, int mbw, int cbw, int wb, int bbw, int sw, int cw,
                     int bufw, int stw, int numw, int sumw, int dvw, int divb) {

    /** Lane product. */
    public int prodw() {
        return aopw + bopw;
    }

    static Widths of(Scheduler s, Storage storage, int lanes, List<IntOp> ops) {
        List<Step> steps = s.steps;
        int maxBits = 2;
        for (Storage.Buffer b : storage.buffers()) {
            maxBits = Math.max(maxBits, b.bits());
        }
        int wb = 2;
        for (IntOp op : ops) {
            if (op instanceof IntOp.Linear l) {
                wb = Math.max(wb, l.weightBits());
            }
        }
        long aMat = 1;
        long bMat = 1;
        long acc = 1;
        long mbMax = 1;
        long counts = 1;
        long bound = 1;
        int divb = 1;
        long sumMax = 1;
        long numMax = 1;
        for (Step st : steps) {
            Loops l = st.loops();
            switch (st.engine()) {
                case MAT -> {
                    aMat = Math.max(aMat, st.aAbs());
                    bMat = Math.max(bMat, st.bAbs());
                    acc = Math.max(acc, l.nk() * st.aAbs() * st.bAbs());
                }
                case SMX -> {
                    divb = Math.max(divb, st.bps() - 1);
                    long sum = (long) IntOp.Softmax.ONE * l.nk();
                    sumMax = Math.max(sumMax, sum);
                    numMax = Math.max(numMax, 2L * IntOp.Softmax.ONE * st.hi() + sum);
                }
                default -> {
                }
            }
            mbMax = Math.max(mbMax, Math.abs(st.mb()));
            for (Stream.Name n : Stream.Name.values()) {
                bound = Math.max(bound, st.stream(n).bound(l));
            }
            if (st.add() != null) {
                bound = Math.max(bound, Math.abs(st.add().resDelta()) + st.stream(Stream.Name.Y).bound(l) + lanes);
            }
            if (st.tap() != null) {
                bound = Math.max(bound, (long) st.tap().base() + s.bankDepth + st.tap().jump());
            }
            bound = Math.max(bound, st.lutBase() + st.lutLen());
            counts = Math.max(counts, l.maxCount() + 3);
            for (Stream.Name n : new Stream.Name[] {Stream.Name.C, Stream.Name.M, Stream.Name.E}) {
                counts = Math.max(counts, Design.drainPeriod(st, n, lanes) + 1);
            }
            if (st.tap() != null) {
                // the tap's counters: inner up to its wrap, outer up to the bank's words
                counts = Math.max(counts, Math.max(st.tap().wrap(), s.bankDepth) + 1);
            }
        }
        for (Storage.Buffer b : storage.buffers()) {
            bound = Math.max(bound, b.depth());
        }
        bound = Math.max(bound, s.bankDepth);
        long biasMax = 1;
        for (long v : s.bias) {
            biasMax = Math.max(biasMax, Math.abs(v));
        }
        long multMax = 1;
        for (long[] v : s.mult) {
            multMax = Math.max(multMax, Math.abs(v[0]));
        }
        int bbw = FixedPoint.signedBits(s.bankAbs);
        int sumw = Math.max(18, ubits(sumMax) + 1);
        int numw = ubits(numMax) + 1;
        return new Widths(maxBits + 1, FixedPoint.signedBits(aMat), FixedPoint.signedBits(bMat), FixedPoint.signedBits(acc),
                FixedPoint.signedBits(multMax), FixedPoint.signedBits(mbMax), FixedPoint.signedBits(biasMax), wb, bbw,
                FixedPoint.signedBits(bound + lanes + 2), ubits(Math.max(counts, lanes + 1)) + 1,
                ubits(storage.buffers().size()), clog2(Math.max(2, steps.size())), numw, sumw,
                Math.max(Math.max(numw, sumw + 1 + divb) + 1, 19), divb);
    }

    public static int clog2(long n) {
        int b = 0;
        while ((1L << b) < n) {
            b++;
        }
        return Math.max(1, b);
    }

    static int ubits(long v) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(v));
    }
}
