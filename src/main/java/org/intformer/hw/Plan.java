package org.intformer.hw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.integer.FixedPoint;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.integer.TensorSpec;

/**
 * The static schedule of one integer model on the accelerator: where every tensor lives (buffers, with
 * {@code Reshape} and {@code LastToken} as aliases), the ROM images, and the list of steps the sequencer
 * walks, each a descriptor for one engine. Also the exact cycle count of that schedule. Verilog text is
 * {@link VerilogGenerator}'s business; this class is the arithmetic.
 */
final class Plan {

    static final int MAT = 0;
    static final int EW = 1;
    static final int SMX = 2;
    static final int COPY = 3;
    static final String[] KIND_NAMES = {"MAT", "EW", "SMX", "COPY"};

    /** Flag bits of a step. */
    static final int F_BANK = 1;
    static final int F_REDUCE = 2;
    static final int F_BSAME = 4;

    /** Walker address streams: A (operand A / source), B (wide word, operand B, bank word), Y (result), C (bias ROM), M (mult ROM), L (lanes). */
    static final String[] STREAMS = {"A", "B", "Y", "C", "M", "L"};
    static final String[] LEVELS = {"0", "1", "2", "K"};

    /** One activation buffer: the storage of one or more tensors (aliases). Ids start at 1; 0 is "none". */
    record Buffer(int id, String tensor, int depth, int bits, boolean signed, List<String> tensors) {
        long sizeBits() {
            return (long) depth * bits;
        }
    }

    /** Where a tensor's integers are: a buffer and the offset of element 0. */
    record Loc(Buffer buf, int offset) {
    }

    /** One sequencer step: an engine and its descriptor fields (absent fields are 0). */
    static final class Step {
        final int kind;
        final String op;
        final String comment;
        final Map<String, Long> f = new LinkedHashMap<>();
        /** Operand ranges for width sizing: A operand max |value|, B operand max |value|. */
        long aAbs;
        long bAbs;

        Step(int kind, String op, String comment) {
            this.kind = kind;
            this.op = op;
            this.comment = comment;
        }

        Step set(String key, long value) {
            f.put(key, value);
            return this;
        }

        long get(String key) {
            return f.getOrDefault(key, 0L);
        }

        Step stream(String s, long base, long s0, long s1, long s2, long sk) {
            return set(s + "BASE", base).set(s + "0", s0).set(s + "1", s1).set(s + "2", s2).set(s + "K", sk);
        }

        Step loops(long n0, long n1, long n2, long nk) {
            return set("N0", n0).set("N1", n1).set("N2", n2).set("NK", nk);
        }

        long issues() {
            return get("N0") * get("N1") * get("N2") * get("NK");
        }
    }

    final IntModel model;
    final int lanes;
    final List<Buffer> buffers = new ArrayList<>();
    final Map<String, Loc> locs = new LinkedHashMap<>();
    final List<Step> steps = new ArrayList<>();
    /** Wide weight ROM: each word P lanes of signed weights. */
    final List<int[]> weightWords = new ArrayList<>();
    int weightBits = 2;
    /** Bias ROM (entry 0 is 0). */
    final List<Long> bias = new ArrayList<>();
    /** Multiplier ROM entries {m, n} (entry 0 is {1, 0}). */
    final List<long[]> mult = new ArrayList<>();
    /** Softmax LUT ROM (each op's LUT up to its last nonzero entry). */
    final List<Integer> lut = new ArrayList<>();
    int bankDepth = 0;
    long bankAbs = 1;
    int divBits = 1;
    long numMax = 1;
    long sumMax = 1;
    int maxRow = 1;
    /** Whether tensors whose lifetimes do not overlap share activation buffers. */
    final boolean share;

    Plan(IntModel model, int lanes) {
        this(model, lanes, true);
    }

    Plan(IntModel model, int lanes, boolean share) {
        this.model = model;
        this.lanes = lanes;
        this.share = share;
        bias.add(0L);
        mult.add(new long[] {1, 0});
        for (IntOp op : model.ops()) {
            if (op instanceof IntOp.Linear l) {
                weightBits = Math.max(weightBits, l.weightBits());
            }
        }
        allocate();
        for (IntOp op : model.ops()) {
            schedule(op);
        }
    }

    // ---------------------------------------------------------------- storage

    private void allocate() {
        Map<String, IntOp> producer = new LinkedHashMap<>();
        Map<String, Integer> born = new HashMap<>();
        List<IntOp> ops = model.ops();
        for (int i = 0; i < ops.size(); i++) {
            for (String out : ops.get(i).outputs()) {
                producer.put(out, ops.get(i));
                born.put(out, i);
            }
        }
        // root (stored) tensor of every tensor: aliases (Reshape, LastToken) resolve to their source
        Map<String, String> root = new HashMap<>();
        for (TensorSpec t : model.tensors().values()) {
            IntOp p = producer.get(t.name());
            String src = p instanceof IntOp.Reshape r ? r.input() : p instanceof IntOp.LastToken lt ? lt.input() : null;
            root.put(t.name(), src == null ? t.name() : root.getOrDefault(src, src));
        }
        // last op index that reads any alias of a root tensor
        Map<String, Integer> dies = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            for (String in : ops.get(i).inputs()) {
                dies.merge(root.getOrDefault(in, in), i, Math::max);
            }
        }
        String inRoot = root.getOrDefault(model.input(), model.input());
        String outRoot = root.getOrDefault(model.output(), model.output());
        // physical buffers: per (bits, signed), a tensor reuses a buffer whose last tensor died before it is born
        List<int[]> free = new ArrayList<>();          // per physical buffer: {bits, signed, busy until op, depth}
        List<List<String>> members = new ArrayList<>();
        Map<String, Integer> phys = new HashMap<>();
        List<TensorSpec> stored = new ArrayList<>();
        for (TensorSpec t : model.tensors().values()) {
            IntOp p = producer.get(t.name());
            if (!(p instanceof IntOp.Reshape || p instanceof IntOp.LastToken)) {
                stored.add(t);
            }
        }
        stored.sort(java.util.Comparator.comparingInt(t -> born.getOrDefault(t.name(), -1)));
        for (TensorSpec t : stored) {
            String n = t.name();
            int b0 = born.getOrDefault(n, -1);
            int b1 = Math.max(b0, dies.getOrDefault(n, b0));
            boolean pinned = !share || n.equals(inRoot) || n.equals(outRoot) || b0 < 0;
            int pick = -1;
            if (!pinned) {
                for (int i = 0; i < free.size(); i++) {
                    int[] f = free.get(i);
                    if (f[0] == t.bits() && f[1] == (t.signed() ? 1 : 0) && f[2] >= 0 && f[2] < b0) {
                        // prefer the buffer whose depth is closest to (and at least) the tensor's size
                        if (pick < 0 || better(free.get(pick)[3], f[3], t.size())) {
                            pick = i;
                        }
                    }
                }
            }
            if (pick < 0) {
                free.add(new int[] {t.bits(), t.signed() ? 1 : 0, pinned ? -1 : b1, t.size()});
                members.add(new ArrayList<>());
                pick = free.size() - 1;
            } else {
                int[] f = free.get(pick);
                f[2] = b1;
                f[3] = Math.max(f[3], t.size());
            }
            members.get(pick).add(n);
            phys.put(n, pick);
        }
        List<Buffer> made = new ArrayList<>();
        for (int i = 0; i < free.size(); i++) {
            int[] f = free.get(i);
            List<String> ms = members.get(i);
            Buffer b = new Buffer(i + 1, ms.get(0), f[3], f[0], f[1] == 1, List.copyOf(ms));
            made.add(b);
            buffers.add(b);
        }
        for (TensorSpec t : model.tensors().values()) {
            IntOp p = producer.get(t.name());
            if (p instanceof IntOp.Reshape r) {
                locs.put(t.name(), locs.get(r.input()));
            } else if (p instanceof IntOp.LastToken lt) {
                Loc x = locs.get(lt.input());
                TensorSpec xs = model.tensor(lt.input());
                locs.put(t.name(), new Loc(x.buf(), x.offset() + (xs.dim(0) - 1) * xs.dim(1)));
            } else {
                locs.put(t.name(), new Loc(made.get(phys.get(t.name())), 0));
            }
        }
    }

    private static boolean better(int oldDepth, int newDepth, int size) {
        boolean oldFits = oldDepth >= size;
        boolean newFits = newDepth >= size;
        if (oldFits != newFits) {
            return newFits;
        }
        return oldFits ? newDepth < oldDepth : newDepth > oldDepth;
    }

    Loc loc(String tensor) {
        return locs.get(tensor);
    }

    Buffer inputBuffer() {
        return loc(model.input()).buf();
    }

    Loc outputLoc() {
        return loc(model.output());
    }

    // ---------------------------------------------------------------- steps

    private static long absRange(TensorSpec t, int zero) {
        return Math.max(Math.abs((long) t.min() - zero), Math.abs((long) t.max() - zero));
    }

    private int multEntry(long m, long n) {
        mult.add(new long[] {m, n});
        return mult.size() - 1;
    }

    private Step ioFields(Step s, String a, String b, String y, int za, int zb, TensorSpec ys, int lo, int hi) {
        s.set("BUFA", a == null ? 0 : loc(a).buf().id());
        s.set("BUFB", b == null ? 0 : loc(b).buf().id());
        s.set("BUFY", y == null ? 0 : loc(y).buf().id());
        s.set("ZA", za).set("ZB", zb);
        if (ys != null) {
            s.set("ZY", ys.zeroPoint()).set("LO", lo).set("HI", hi);
        }
        return s;
    }

    private void schedule(IntOp op) {
        if (op instanceof IntOp.Linear l) {
            linear(l);
        } else if (op instanceof IntOp.AttentionScores a) {
            scores(a);
        } else if (op instanceof IntOp.AttentionApply a) {
            apply(a);
        } else if (op instanceof IntOp.Softmax s) {
            softmax(s);
        } else if (op instanceof IntOp.Add a) {
            add(a);
        } else if (op instanceof IntOp.ChannelAffine c) {
            affine(c);
        } else if (op instanceof IntOp.MeanTokens m) {
            mean(m);
        } else if (op instanceof IntOp.RelativeInput r) {
            relative(r);
        } else if (op instanceof IntOp.AddBack b) {
            addBack(b);
        } else if (!(op instanceof IntOp.Reshape) && !(op instanceof IntOp.LastToken)) {
            throw new UserError("op '" + op.name() + "' (" + op.kind() + ") has no hardware mapping");
        }
    }

    private void linear(IntOp.Linear l) {
        TensorSpec x = model.tensor(l.input());
        TensorSpec y = model.tensor(l.output());
        int k = l.inFeatures();
        int o = l.outFeatures();
        int g = l.biasGroups();
        int rows = l.rows(x);
        int blocks = (o + lanes - 1) / lanes;
        int wbase = weightWords.size();
        int[] w = l.weights().toArray();
        for (int ob = 0; ob < blocks; ob++) {
            for (int kk = 0; kk < k; kk++) {
                int[] word = new int[lanes];
                for (int lane = 0; lane < lanes; lane++) {
                    int oo = ob * lanes + lane;
                    word[lane] = oo < o ? w[kk * o + oo] : 0;
                }
                weightWords.add(word);
            }
        }
        int cbase = bias.size();
        for (int v : l.bias().toArray()) {
            bias.add((long) v);
        }
        boolean perChannel = !l.requant().isSingle();
        int mbase = mult.size();
        for (int c = 0; c < l.requant().count(); c++) {
            mult.add(new long[] {l.requant().m0(c), l.requant().n(c)});
        }
        Step s = new Step(MAT, l.name(), "Linear " + l.name() + ": " + x.shape() + " x W[" + k + ", " + o + "] -> "
                + y.shape() + ", " + blocks + " lane block(s) of " + lanes);
        ioFields(s, l.input(), null, l.output(), x.zeroPoint(), 0, y, l.lo(), l.hi());
        s.loops(rows / g, g, blocks, k);
        s.stream("A", loc(l.input()).offset(), (long) g * k, k, 0, 1);
        s.stream("B", wbase, 0, 0, k, 1);
        s.stream("Y", loc(l.output()).offset(), (long) g * o, o, lanes, 0);
        s.stream("C", cbase, 0, o, lanes, 0);
        s.stream("M", mbase, 0, 0, perChannel ? lanes : 0, 0);
        s.stream("L", o, 0, 0, -lanes, 0);
        s.set("CL", 1).set("ML", perChannel ? 1 : 0);
        s.aAbs = absRange(x, x.zeroPoint());
        s.bAbs = 1L << (l.weightBits() - 1);
        steps.add(s);
    }

    private void scores(IntOp.AttentionScores a) {
        TensorSpec q = model.tensor(a.query());
        TensorSpec kt = model.tensor(a.key());
        TensorSpec y = model.tensor(a.output());
        int t = q.dim(0);
        int u = kt.dim(0);
        int d = q.dim(1);
        int h = a.heads();
        int dh = d / h;
        int full = u / lanes;
        int rem = u % lanes;
        int kOff = loc(a.key()).offset();
        long kAbs = absRange(kt, kt.zeroPoint());
        if (full > 0) {
            Step c = new Step(COPY, a.name(), "copy keys '" + a.key() + "' transposed into the lane bank (full blocks)");
            ioFields(c, a.key(), null, null, kt.zeroPoint(), 0, null, 0, 0);
            c.loops(1, full, lanes, d);
            c.stream("A", kOff, 0, (long) lanes * d, d, 1);
            c.stream("B", 0, 0, d, 0, 1);
            c.stream("L", 0, 0, 0, 1, 0);
            steps.add(c);
        }
        if (rem > 0) {
            Step c = new Step(COPY, a.name(), "copy keys '" + a.key() + "' transposed into the lane bank (last block)");
            ioFields(c, a.key(), null, null, kt.zeroPoint(), 0, null, 0, 0);
            c.loops(1, 1, rem, d);
            c.stream("A", kOff + (long) full * lanes * d, 0, 0, d, 1);
            c.stream("B", (long) full * d, 0, 0, 0, 1);
            c.stream("L", 0, 0, 0, 1, 0);
            steps.add(c);
        }
        int ub = (u + lanes - 1) / lanes;
        bankDepth = Math.max(bankDepth, ub * d);
        bankAbs = Math.max(bankAbs, kAbs);
        Step s = new Step(MAT, a.name(), "AttentionScores " + a.name() + ": " + h + " head(s) of " + dh + ", lanes over keys");
        ioFields(s, a.query(), null, a.output(), q.zeroPoint(), 0, y, y.min(), y.max());
        s.set("FLAGS", F_BANK);
        s.loops(h, t, ub, dh);
        s.stream("A", loc(a.query()).offset(), dh, d, 0, 1);
        s.stream("B", 0, dh, 0, d, 1);
        s.stream("Y", loc(a.output()).offset(), (long) t * u, u, lanes, 0);
        s.stream("C", 0, 0, 0, 0, 0);
        s.stream("M", multEntry(a.requant().m0(0), a.requant().n(0)), 0, 0, 0, 0);
        s.stream("L", u, 0, 0, -lanes, 0);
        s.aAbs = absRange(q, q.zeroPoint());
        s.bAbs = kAbs;
        steps.add(s);
    }

    private void apply(IntOp.AttentionApply a) {
        TensorSpec p = model.tensor(a.probabilities());
        TensorSpec v = model.tensor(a.value());
        TensorSpec y = model.tensor(a.output());
        int h = p.dim(0);
        int t = p.dim(1);
        int u = p.dim(2);
        int d = v.dim(1);
        int dh = d / h;
        int nb = (dh + lanes - 1) / lanes;
        int words = h * nb;
        int full = dh / lanes;
        int rem = dh % lanes;
        int vOff = loc(a.value()).offset();
        long vAbs = absRange(v, v.zeroPoint());
        if (full > 0) {
            Step c = new Step(COPY, a.name(), "copy values '" + a.value() + "' into the lane bank (full blocks)");
            ioFields(c, a.value(), null, null, v.zeroPoint(), 0, null, 0, 0);
            c.loops(u, h, full, lanes);
            c.stream("A", vOff, d, dh, lanes, 1);
            c.stream("B", 0, words, nb, 1, 0);
            c.stream("L", 0, 0, 0, 0, 1);
            steps.add(c);
        }
        if (rem > 0) {
            Step c = new Step(COPY, a.name(), "copy values '" + a.value() + "' into the lane bank (last block)");
            ioFields(c, a.value(), null, null, v.zeroPoint(), 0, null, 0, 0);
            c.loops(u, h, 1, rem);
            c.stream("A", vOff + (long) full * lanes, d, dh, 0, 1);
            c.stream("B", full, words, nb, 0, 0);
            c.stream("L", 0, 0, 0, 0, 1);
            steps.add(c);
        }
        bankDepth = Math.max(bankDepth, u * words);
        bankAbs = Math.max(bankAbs, vAbs);
        Step s = new Step(MAT, a.name(), "AttentionApply " + a.name() + ": " + h + " head(s), lanes over channels");
        ioFields(s, a.probabilities(), null, a.output(), 0, 0, y, y.min(), y.max());
        s.set("FLAGS", F_BANK);
        s.loops(t, h, nb, u);
        s.stream("A", loc(a.probabilities()).offset(), u, (long) t * u, 0, 1);
        s.stream("B", 0, 0, nb, 1, words);
        s.stream("Y", loc(a.output()).offset(), d, dh, lanes, 0);
        s.stream("C", 0, 0, 0, 0, 0);
        s.stream("M", multEntry(a.requant().m0(0), a.requant().n(0)), 0, 0, 0, 0);
        s.stream("L", dh, 0, 0, -lanes, 0);
        s.aAbs = p.max();
        s.bAbs = vAbs;
        steps.add(s);
    }

    private void softmax(IntOp.Softmax sm) {
        TensorSpec x = model.tensor(sm.input());
        TensorSpec p = model.tensor(sm.output());
        int row = x.dim(-1);
        int rows = x.size() / row;
        int[] table = sm.lut().toArray();
        int len = table.length;
        while (len > 1 && table[len - 1] == 0) {
            len--;
        }
        int lbase = lut.size();
        for (int i = 0; i < len; i++) {
            lut.add(table[i]);
        }
        int bp = p.bits();
        long pMax = p.max();
        Step s = new Step(SMX, sm.name(), "Softmax " + sm.name() + ": " + rows + " row(s) of " + row + ", LUT of " + len
                + " (of " + table.length + ") entries, " + bp + "-bit probabilities");
        ioFields(s, sm.input(), null, sm.output(), 0, 0, p, 0, (int) pMax);
        s.loops(1, rows, 1, row);
        s.stream("A", loc(sm.input()).offset(), 0, 0, 0, 0);
        s.stream("Y", loc(sm.output()).offset(), 0, 0, 0, 0);
        s.set("LUTBASE", lbase).set("LUTLEN", len).set("BPS", bp + 1);
        divBits = Math.max(divBits, bp);
        long sum = (long) Softmax_ONE * row;
        sumMax = Math.max(sumMax, sum);
        numMax = Math.max(numMax, 2L * Softmax_ONE * pMax + sum);
        maxRow = Math.max(maxRow, row);
        s.aAbs = 1;
        s.bAbs = 1;
        steps.add(s);
    }

    private static final int Softmax_ONE = IntOp.Softmax.ONE;

    private Step ew(String name, String comment, String a, String b, String y, int za, int zb, TensorSpec ys, int lo, int hi) {
        Step s = new Step(EW, name, comment);
        ioFields(s, a, b, y, za, zb, ys, lo, hi);
        return s;
    }

    private void add(IntOp.Add a) {
        TensorSpec as = model.tensor(a.a());
        TensorSpec bs = model.tensor(a.b());
        TensorSpec y = model.tensor(a.output());
        Loc la = loc(a.a());
        Loc lb = loc(a.b());
        boolean same = la.buf() == lb.buf();
        if (same && la.offset() != lb.offset()) {
            throw new UserError("op '" + a.name() + "' (Add): both operands live in one buffer at different offsets");
        }
        Step s = ew(a.name(), "Add " + a.name() + ": " + y.shape() + ", k = " + a.k(), a.a(), same ? null : a.b(), a.output(),
                as.zeroPoint(), bs.zeroPoint(), y, y.min(), y.max());
        s.set("FLAGS", same ? F_BSAME : 0);
        s.loops(1, 1, 1, y.size());
        s.stream("A", la.offset(), 0, 0, 0, 1);
        s.stream("B", lb.offset(), 0, 0, 0, 1);
        s.stream("Y", loc(a.output()).offset(), 0, 0, 0, 1);
        s.stream("M", multEntry(a.ma(), a.k()), 0, 0, 0, 0);
        s.set("MB", a.mb());
        s.aAbs = absRange(as, as.zeroPoint());
        s.bAbs = absRange(bs, bs.zeroPoint());
        steps.add(s);
    }

    private void affine(IntOp.ChannelAffine c) {
        TensorSpec x = model.tensor(c.input());
        TensorSpec y = model.tensor(c.output());
        int ch = x.dim(-1);
        int rows = x.size() / ch;
        int mbase = mult.size();
        int cbase = bias.size();
        for (int i = 0; i < ch; i++) {
            mult.add(new long[] {c.scale().get(i), c.k()});
            bias.add((long) c.offset().get(i));
        }
        Step s = ew(c.name(), "ChannelAffine " + c.name() + ": " + x.shape() + ", k = " + c.k(), c.input(), null, c.output(),
                x.zeroPoint(), 0, y, y.min(), y.max());
        s.loops(1, rows, 1, ch);
        s.stream("A", loc(c.input()).offset(), 0, ch, 0, 1);
        s.stream("Y", loc(c.output()).offset(), 0, ch, 0, 1);
        s.stream("C", cbase, 0, 0, 0, 1);
        s.stream("M", mbase, 0, 0, 0, 1);
        s.aAbs = absRange(x, x.zeroPoint());
        steps.add(s);
    }

    private void mean(IntOp.MeanTokens m) {
        TensorSpec x = model.tensor(m.input());
        TensorSpec y = model.tensor(m.output());
        int t = x.dim(0);
        int d = x.dim(1);
        Step s = ew(m.name(), "MeanTokens " + m.name() + ": sum of " + t + " tokens per channel, then requantize", m.input(),
                null, m.output(), x.zeroPoint(), 0, y, y.min(), y.max());
        s.set("FLAGS", F_REDUCE);
        s.loops(1, d, 1, t);
        s.stream("A", loc(m.input()).offset(), 0, 1, 0, d);
        s.stream("Y", loc(m.output()).offset(), 0, 1, 0, 0);
        s.stream("M", multEntry(m.requant().m0(0), m.requant().n(0)), 0, 0, 0, 0);
        s.aAbs = absRange(x, x.zeroPoint()) * t;
        steps.add(s);
    }

    private void relative(IntOp.RelativeInput r) {
        TensorSpec x = model.tensor(r.input());
        TensorSpec y = model.tensor(r.output());
        TensorSpec last = model.tensor(r.last());
        int len = x.dim(0);
        int m = x.dim(1);
        Step c = ew(r.name(), "RelativeInput " + r.name() + ": last row of the window", r.input(), null, r.last(), 0, 0, last,
                last.min(), last.max());
        c.set("ZY", 0);
        c.loops(1, 1, 1, m);
        c.stream("A", loc(r.input()).offset() + (long) (len - 1) * m, 0, 0, 0, 1);
        c.stream("Y", loc(r.last()).offset(), 0, 0, 0, 1);
        c.aAbs = absRange(x, 0);
        steps.add(c);
        Step s = ew(r.name(), "RelativeInput " + r.name() + ": window minus its last row", r.input(), r.last(), r.output(), 0, 0, y,
                y.min(), y.max());
        s.loops(1, len, 1, m);
        s.stream("A", loc(r.input()).offset(), 0, m, 0, 1);
        s.stream("B", loc(r.last()).offset(), 0, 0, 0, 1);
        s.stream("Y", loc(r.output()).offset(), 0, m, 0, 1);
        s.set("MB", -1);
        s.aAbs = absRange(x, 0);
        s.bAbs = absRange(x, 0);
        steps.add(s);
    }

    private void addBack(IntOp.AddBack b) {
        TensorSpec rel = model.tensor(b.input());
        TensorSpec last = model.tensor(b.last());
        TensorSpec y = model.tensor(b.output());
        int h = rel.dim(0);
        int c = rel.dim(1);
        int[] src = b.source().toArray();
        boolean identity = true;
        for (int i = 0; i < c; i++) {
            identity &= src[i] == i;
        }
        int relOff = loc(b.input()).offset();
        int lastOff = loc(b.last()).offset();
        int yOff = loc(b.output()).offset();
        if (identity) {
            Step s = ew(b.name(), "AddBack " + b.name() + ": forecast plus the last input of its channel", b.input(), b.last(),
                    b.output(), 0, 0, y, y.min(), y.max());
            s.set("ZY", 0).set("MB", 1);
            s.loops(1, h, 1, c);
            s.stream("A", relOff, 0, c, 0, 1);
            s.stream("B", lastOff, 0, 0, 0, 1);
            s.stream("Y", yOff, 0, c, 0, 1);
            s.aAbs = absRange(rel, 0);
            s.bAbs = absRange(last, 0);
            steps.add(s);
            return;
        }
        for (int cc = 0; cc < c; cc++) {
            Step s = ew(b.name(), "AddBack " + b.name() + ": output channel " + cc + " plus last[" + src[cc] + "]", b.input(),
                    b.last(), b.output(), 0, 0, y, y.min(), y.max());
            s.set("ZY", 0).set("MB", 1);
            s.loops(1, 1, 1, h);
            s.stream("A", relOff + cc, 0, 0, 0, c);
            s.stream("B", lastOff + src[cc], 0, 0, 0, 0);
            s.stream("Y", yOff + cc, 0, 0, 0, c);
            s.aAbs = absRange(rel, 0);
            s.bAbs = absRange(last, 0);
            steps.add(s);
        }
    }

    // ---------------------------------------------------------------- widths

    /** Widest |A − z_A| over the MAC steps: the lane array's broadcast operand. */
    int laneABits() {
        long a = 1;
        for (Step s : steps) {
            if (s.kind == MAT) {
                a = Math.max(a, s.aAbs);
            }
        }
        return FixedPoint.signedBits(a);
    }

    /** Widest lane operand B: weights or bank values. */
    int laneBBits() {
        return Math.max(weightBits, bankBits());
    }

    int bankBits() {
        return FixedPoint.signedBits(bankAbs);
    }

    /** Accumulator bits: bounds every partial sum of every MAC step (without the bias, which is added at drain). */
    int accBits() {
        long bound = 1;
        for (Step s : steps) {
            if (s.kind == MAT) {
                bound = Math.max(bound, s.get("NK") * s.aAbs * s.bAbs);
            }
        }
        return FixedPoint.signedBits(bound);
    }

    long maxAbsBias() {
        long b = 1;
        for (long v : bias) {
            b = Math.max(b, Math.abs(v));
        }
        return b;
    }

    long maxAbsMult() {
        long b = 1;
        for (long[] v : mult) {
            b = Math.max(b, Math.abs(v[0]));
        }
        return b;
    }

    /** Requantizer operand A: MAC sum + bias, or an elementwise operand, or a token sum. */
    int xaBits() {
        int bits = Math.max(accBits(), FixedPoint.signedBits(maxAbsBias())) + 1;
        for (Step s : steps) {
            if (s.kind == EW) {
                bits = Math.max(bits, FixedPoint.signedBits(s.aAbs));
            }
        }
        return Math.min(bits, 34);
    }

    int xbBits() {
        long b = 1;
        for (Step s : steps) {
            if (s.kind == EW) {
                b = Math.max(b, s.bAbs);
            }
        }
        return FixedPoint.signedBits(b);
    }

    int mbBits() {
        long b = 1;
        for (Step s : steps) {
            b = Math.max(b, Math.abs(s.get("MB")));
        }
        return FixedPoint.signedBits(b);
    }

    // ---------------------------------------------------------------- cycles

    /** Pipeline latencies of the RTL (see docs/HARDWARE.md); the cycle formula below depends on them. */
    static final int EW_TAIL = 7;
    static final int COPY_TAIL = 2;
    static final int MAT_TAIL = 9;
    static final int SMX_ROW_EXTRA = 2;
    static final int SMX_TAIL = 3;
    /** Sequencer: the start cycle plus the done cycle. */
    static final int FRAME = 2;

    /** Cycles of the issue phase of a MAC step: every issue, plus the waits while a block drains. */
    long matIssueCycles(Step s) {
        long cycles = 0;
        long groups = s.get("N0") * s.get("N1");
        long nk = s.get("NK");
        long n2 = s.get("N2");
        long lt = s.get("LBASE");
        for (long g = 0; g < groups; g++) {
            for (long b = 0; b < n2; b++) {
                long nv = Math.min(lanes, lt - b * lanes);
                cycles += nk;
                boolean lastGroup = g == groups - 1 && b == n2 - 1;
                if (!lastGroup) {
                    cycles += Math.max(0, nv - nk);
                }
            }
        }
        return cycles;
    }

    long lastLanes(Step s) {
        long n2 = s.get("N2");
        return Math.min(lanes, s.get("LBASE") - (n2 - 1) * lanes);
    }

    /** Cycles of one step including its load cycle. */
    long stepCycles(Step s) {
        return switch (s.kind) {
            case MAT -> 1 + matIssueCycles(s) + MAT_TAIL + lastLanes(s);
            case EW -> 1 + s.issues() + EW_TAIL;
            case COPY -> 1 + s.issues() + COPY_TAIL;
            case SMX -> 1 + s.get("N1") * (3 * s.get("NK") + SMX_ROW_EXTRA) + SMX_TAIL + divBits;
            default -> throw new IllegalStateException();
        };
    }

    long cycles() {
        long c = FRAME;
        for (Step s : steps) {
            c += stepCycles(s);
        }
        return c;
    }
}
