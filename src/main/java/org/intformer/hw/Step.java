package org.intformer.hw;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One step of the static schedule: the engine it drives, its loop nest and address streams, the buffers it
 * reads and writes, the quantization constants of its result, and the magnitudes of its operands (from which
 * the datapath widths are sized). Immutable; built by {@link Scheduler}.
 *
 * @param engine  the unit the step drives
 * @param op      the integer op it implements (several steps may implement one op)
 * @param comment what it does, printed beside the descriptor in the Verilog
 * @param loops   the loop nest
 * @param streams the address streams it uses (absent ones are {@link Stream#NONE})
 * @param bufA    buffer id read through port A (0: none)
 * @param bufB    buffer id read through port B (0: none)
 * @param bufY    buffer id written (0: none)
 * @param za      zero point subtracted from operand A
 * @param zb      zero point subtracted from operand B
 * @param zy      zero point added to the result
 * @param lo      smallest result value (clamp)
 * @param hi      largest result value (clamp)
 * @param mb      elementwise multiplier of operand B (Add, RelativeInput, AddBack)
 * @param flags   operand and index modes
 * @param lutBase softmax: first entry of the op's exponential table in the LUT ROM
 * @param lutLen  softmax: entries of that table up to its last nonzero one
 * @param bps     softmax: probability bits + 1 (the divider's numerator shift)
 * @param aAbs    largest |operand A| (after its zero point)
 * @param bAbs    largest |operand B|
 * @param cAbs    largest |bias| (MAT: added to the sums) or |offset| (EW) the step reads from the bias ROM
 * @param nvLast  MAT: valid lanes of the last lane block of each group (all lanes of the others)
 * @param tap     the lane-bank layout this step's results are also written in, or null
 * @param add     MAT: the fused Add its drained results go through, or null
 * @param affine  MAT: the fused ChannelAffine after that, or null
 */
public record Step(Engine engine, String op, String comment, Loops loops, Map<Stream.Name, Stream> streams, int bufA,
                   int bufB, int bufY, int za, int zb, int zy, int lo, int hi, long mb, Set<Flag> flags, long lutBase,
                   long lutLen, int bps, long aAbs, long bAbs, long cAbs, int nvLast, BankTap tap, AddStage add,
                   AffineStage affine) {

    /**
     * Where a step's results also go in the lane bank, as they are written (so the attention matmul that reads
     * them needs no copy step). Counters over the writes, which come in row-major order: an inner one that wraps at
     * {@code wrap} and an outer one it advances. Keys (lanes over tokens): lane = outer mod P, word = base +
     * (outer div P)·jump + inner. Values and token sums (lanes over channels): lane = inner, word = base + outer.
     *
     * @param keys the key layout (else the value layout)
     * @param wrap inner counter period: channels (keys) or lanes per word (values)
     * @param jump keys: words per block of P tokens
     * @param base first bank word
     * @param zero zero point subtracted before the value is stored
     */
    public record BankTap(boolean keys, int wrap, int jump, int base, int zero) {
    }

    /**
     * A fused {@code Add}: {@code clamp(zy + roundShift((chain − zChain)·mChain + (res − zRes)·mRes, k))}, chain being
     * the Linear's requantized result and res the residual read from buffer {@code resBuf} at the result's address
     * plus {@code resDelta}.
     */
    public record AddStage(String op, long mChain, long mRes, int k, int zChain, int zRes, int resBuf, long resDelta, int zy,
                           int lo, int hi, long chainAbs, long resAbs) {
    }

    /**
     * A fused {@code ChannelAffine}: {@code clamp(zy + roundShift((x − zx)·scale[c] + offset[c], k))} with scale and
     * offset at entry {@code base + c} of the affine ROM.
     */
    public record AffineStage(String op, long base, int k, int zx, int zy, int lo, int hi, long xAbs) {
    }

    /** Operand and index modes of a step. */
    public enum Flag {
        /** MAT: lane operand B from the lane bank instead of the weight ROM. */
        BANK,
        /** MAT: the broadcast operand is 1 (MeanTokens over the lane bank). */
        ONE_A,
        /** MAT: every lane's operand B is 1 (MeanTokens over a buffer, one lane). */
        ONE_B,
        /** EW: operand B is operand A (Add of a tensor with itself). */
        BSAME,
        /** MAT: the bias index advances with the lane while a block drains (per output channel). */
        BIAS_PER_LANE,
        /** MAT: the multiplier index advances with the lane while a block drains (per-channel requantization). */
        MULT_PER_LANE
    }

    public Step {
        Map<Stream.Name, Stream> s = new EnumMap<>(Stream.Name.class);
        s.putAll(streams);
        streams = Collections.unmodifiableMap(s);
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
    }

    public Stream stream(Stream.Name name) {
        return streams.getOrDefault(name, Stream.NONE);
    }

    public boolean has(Flag f) {
        return flags.contains(f);
    }

    /** Mutable construction of a step (the scheduler's only way to make one). */
    static final class Builder {
        private final Engine engine;
        private final String op;
        private final String comment;
        private Loops loops = new Loops(0, 0, 0, 0);
        private final Map<Stream.Name, Stream> streams = new EnumMap<>(Stream.Name.class);
        private int bufA;
        private int bufB;
        private int bufY;
        private int za;
        private int zb;
        private int zy;
        private int lo;
        private int hi;
        private long mb;
        private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
        private long lutBase;
        private long lutLen;
        private int bps;
        private long aAbs;
        private long bAbs;
        private long cAbs;
        private int nvLast;
        private BankTap tap;
        private AddStage add;
        private AffineStage affine;

        Builder(Engine engine, String op, String comment) {
            this.engine = engine;
            this.op = op;
            this.comment = comment;
        }

        Builder loops(long n0, long n1, long n2, long nk) {
            loops = new Loops(n0, n1, n2, nk);
            return this;
        }

        Builder stream(Stream.Name name, long base, long s0, long s1, long s2, long sk) {
            streams.put(name, new Stream(base, s0, s1, s2, sk));
            return this;
        }

        Builder buffers(int a, int b, int y) {
            bufA = a;
            bufB = b;
            bufY = y;
            return this;
        }

        Builder bufB(int b) {
            bufB = b;
            return this;
        }

        Builder zeros(int a, int b) {
            za = a;
            zb = b;
            return this;
        }

        Builder result(int zeroPoint, int min, int max) {
            zy = zeroPoint;
            lo = min;
            hi = max;
            return this;
        }

        Builder resultZero(int zeroPoint) {
            zy = zeroPoint;
            return this;
        }

        Builder mb(long v) {
            mb = v;
            return this;
        }

        Builder flag(Flag f) {
            flags.add(f);
            return this;
        }

        Builder lut(long base, long len, int probabilityShift) {
            lutBase = base;
            lutLen = len;
            bps = probabilityShift;
            return this;
        }

        Builder operands(long a, long b) {
            aAbs = a;
            bAbs = b;
            return this;
        }

        Builder constants(long c) {
            cAbs = c;
            return this;
        }

        Builder nvLast(int n) {
            nvLast = n;
            return this;
        }

        Builder tap(BankTap t) {
            tap = t;
            return this;
        }

        Builder fused(AddStage a, AffineStage f) {
            add = a;
            affine = f;
            return this;
        }

        Step build() {
            return new Step(engine, op, comment, loops, streams, bufA, bufB, bufY, za, zb, zy, lo, hi, mb, flags, lutBase, lutLen,
                    bps, aAbs, bAbs, cAbs, nvLast, tap, add, affine);
        }
    }
}
