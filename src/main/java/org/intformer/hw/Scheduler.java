package org.intformer.hw;

import static org.intformer.hw.Stream.Name.A;
import static org.intformer.hw.Stream.Name.B;
import static org.intformer.hw.Stream.Name.C;
import static org.intformer.hw.Stream.Name.E;
import static org.intformer.hw.Stream.Name.L;
import static org.intformer.hw.Stream.Name.M;
import static org.intformer.hw.Stream.Name.Y;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.integer.TensorSpec;

/**
 * Compiles an integer model into the steps of the static schedule and the contents of the ROMs they index:
 * every op (or fused chain, {@link Fusion}) becomes one or more steps, each a loop nest with address streams for
 * one engine. Attention operands reach the lane bank as they are produced ({@link Step.BankTap}) where the
 * producer writes them in one step, else through a copy step. The arithmetic of {@link Design}; Verilog text is
 * {@link VerilogWriter}'s business.
 */
final class Scheduler {
    private final IntModel model;
    private final Storage storage;
    private final Fusion fusion;
    private final int lanes;
    final List<Step> steps = new ArrayList<>();
    /** Wide weight ROM: each word P lanes of signed weights. */
    final List<int[]> weightWords = new ArrayList<>();
    /** Bias ROM (entry 0 is 0). */
    final List<Long> bias = new ArrayList<>();
    /** Multiplier ROM entries {m, n} (entry 0 is {1, 0}). */
    final List<long[]> mult = new ArrayList<>();
    /** Fused ChannelAffine constants {scale, offset} per channel. */
    final List<long[]> affine = new ArrayList<>();
    /** Softmax LUT ROM (each op's LUT up to its last nonzero entry). */
    final List<Integer> lut = new ArrayList<>();
    /** Lane-bank words per lane. */
    int bankDepth = 0;
    long bankAbs = 1;
    int maxRow = 1;
    /** Taps by the tensor whose writes they follow. */
    private final Map<String, Step.BankTap> taps = new HashMap<>();
    /** Bank regions of the bank-reading ops: first word, and whether the operand arrives by tap (else a copy). */
    private final Map<String, int[]> regions = new HashMap<>();

    Scheduler(IntModel model, Storage storage, Fusion fusion, int lanes) {
        this.model = model;
        this.storage = storage;
        this.fusion = fusion;
        this.lanes = lanes;
        bias.add(0L);
        mult.add(new long[] {1, 0});
        planBank();
        List<IntOp> ops = model.ops();
        for (int i = 0; i < ops.size(); i++) {
            Fusion.Group g = fusion.at(i);
            if (g != null) {
                linear(g.lin(), g);
                i = g.last();
            } else {
                schedule(ops.get(i));
            }
        }
    }

    // ---------------------------------------------------------------- lane bank

    /** A bank operand: the op reading it, the tensor, its region size in words, and the tap layout if it can be tapped. */
    private record BankUse(String op, String tensor, int index, int words, Step.BankTap layout) {
    }

    /**
     * Decides, for every op that reads the lane bank, whether its operand is tapped from its producer's writes or
     * copied just before, and gives each operand a region of the bank: regions whose operands are alive at the
     * same time (from their producer to their reader) do not overlap.
     */
    private void planBank() {
        List<IntOp> ops = model.ops();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            IntOp op = ops.get(i);
            if (tappable(op)) {
                producer.put(op.outputs().get(0), fusion.runsAt(i));
            }
        }
        for (Fusion.Group g : fusion.groups()) {
            producer.put(g.output(), g.linear());
        }
        List<BankUse> uses = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            IntOp op = ops.get(i);
            // a grouped op (IR version 2: one attention per series) copies each group's operand into one region
            // just before that group's step: a tap would follow the producer's writes of all groups at once
            if (op instanceof IntOp.AttentionScores a) {
                TensorSpec k = model.tensor(a.key());
                int d = k.dim(-1);
                int ub = ceil(k.dim(-2), lanes);
                uses.add(new BankUse(a.name(), a.key(), i, ub * d,
                        k.rank() == 2 ? new Step.BankTap(true, d, d, 0, k.zeroPoint()) : null));
            } else if (op instanceof IntOp.AttentionApply a) {
                TensorSpec v = model.tensor(a.value());
                int h = model.tensor(a.probabilities()).dim(-3);
                int dh = v.dim(-1) / h;
                int nb = ceil(dh, lanes);
                boolean ok = v.rank() == 2 && (dh <= lanes || dh % lanes == 0);
                uses.add(new BankUse(a.name(), a.value(), i, v.dim(-2) * h * nb,
                        ok ? new Step.BankTap(false, Math.min(dh, lanes), 0, 0, v.zeroPoint()) : null));
            } else if (op instanceof IntOp.MeanTokens m) {
                TensorSpec x = model.tensor(m.input());
                int d = x.dim(1);
                if (x.rank() == 2 && producer.containsKey(m.input()) && (d <= lanes || d % lanes == 0) && lanes > 1) {
                    uses.add(new BankUse(m.name(), m.input(), i, x.dim(0) * ceil(d, lanes),
                            new Step.BankTap(false, Math.min(d, lanes), 0, 0, x.zeroPoint())));
                }
            }
        }
        List<int[]> placed = new ArrayList<>();   // {first word, words, live from, live to}
        for (BankUse u : uses) {
            Integer from = producer.get(u.tensor());
            boolean tap = u.layout() != null && from != null && !taps.containsKey(u.tensor());
            int start = tap ? from : u.index();
            int base = 0;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int[] r : placed) {
                    boolean live = r[2] <= u.index() && start <= r[3];
                    if (live && base < r[0] + r[1] && r[0] < base + u.words()) {
                        base = r[0] + r[1];
                        moved = true;
                    }
                }
            }
            placed.add(new int[] {base, u.words(), start, u.index()});
            bankDepth = Math.max(bankDepth, base + u.words());
            TensorSpec t = model.tensor(u.tensor());
            bankAbs = Math.max(bankAbs, absRange(t, t.zeroPoint()));
            regions.put(u.op(), new int[] {base, tap ? 1 : 0});
            if (tap) {
                Step.BankTap l = u.layout();
                taps.put(u.tensor(), new Step.BankTap(l.keys(), l.wrap(), l.jump(), base, l.zero()));
            }
        }
    }

    /** Ops that write their output in one step, in row-major order (so a tap can follow the writes). */
    private static boolean tappable(IntOp op) {
        return op instanceof IntOp.Linear || op instanceof IntOp.Add || op instanceof IntOp.ChannelAffine
                || op instanceof IntOp.AttentionApply;
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    // ---------------------------------------------------------------- steps

    private Storage.Loc loc(String tensor) {
        return storage.loc(tensor);
    }

    private int buf(String tensor) {
        return tensor == null ? 0 : loc(tensor).buf().id();
    }

    private static long absRange(TensorSpec t, int zero) {
        return Math.max(Math.abs((long) t.min() - zero), Math.abs((long) t.max() - zero));
    }

    private int multEntry(long m, long n) {
        mult.add(new long[] {m, n});
        return mult.size() - 1;
    }

    private void schedule(IntOp op) {
        if (op instanceof IntOp.Linear l) {
            linear(l, null);
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
        } else if (op instanceof IntOp.Transpose t) {
            transpose(t);
        } else if (op instanceof IntOp.Concat c) {
            concat(c);
        } else if (op instanceof IntOp.BroadcastAdd a) {
            broadcastAdd(a);
        } else if (op instanceof IntOp.LastToken t && Storage.aliasOf(t, model) == null) {
            lastTokens(t);
        } else if (Storage.aliasOf(op, model) == null) {
            throw new UserError("op '" + op.name() + "' (" + op.kind() + ") has no hardware mapping");
        }
    }

    /** A MAC step's common fields: its result's buffer, quantization and tap, and its valid lanes per block. */
    private Step.Builder mat(String op, String comment, String in, String out, TensorSpec y, int za, int lo, int hi, int nvLast) {
        Step.Builder s = new Step.Builder(Engine.MAT, op, comment);
        s.buffers(buf(in), 0, buf(out)).zeros(za, 0).result(y.zeroPoint(), lo, hi).nvLast(nvLast).tap(taps.get(out));
        return s;
    }

    private void linear(IntOp.Linear l, Fusion.Group g) {
        TensorSpec x = model.tensor(l.input());
        TensorSpec y = model.tensor(l.output());
        int k = l.inFeatures();
        int o = l.outFeatures();
        int groups = l.biasGroups();
        int rows = l.rows(x);
        int blocks = ceil(o, lanes);
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
        long biasAbs = 0;
        for (int v : l.bias().toArray()) {
            bias.add((long) v);
            biasAbs = Math.max(biasAbs, Math.abs((long) v));
        }
        boolean perChannel = !l.requant().isSingle();
        int mbase = mult.size();
        for (int c = 0; c < l.requant().count(); c++) {
            mult.add(new long[] {l.requant().m0(c), l.requant().n(c)});
        }
        String out = g == null ? l.output() : g.output();
        String what = g == null ? "" : " fused with " + g.add().name() + (g.affine() == null ? "" : " and " + g.affine().name());
        Step.Builder s = mat(l.name(), "Linear " + l.name() + what + ": " + x.shape() + " x W[" + k + ", " + o + "] -> "
                + y.shape() + ", " + blocks + " lane block(s) of " + lanes, l.input(), out, y, x.zeroPoint(), l.lo(), l.hi(),
                o - (blocks - 1) * lanes);
        s.loops(rows / groups, groups, blocks, k);
        s.stream(A, loc(l.input()).offset(), (long) groups * k, k, 0, 1);
        s.stream(B, wbase, 0, 0, k, 1);
        s.stream(Y, loc(out).offset(), (long) groups * o, o, lanes, 0);
        // the drain counts the bias index over each row group's channels and the multiplier index over the channels
        // (Design.drainPeriod): only the bases are streams
        s.stream(C, cbase, 0, 0, 0, 0);
        s.stream(M, mbase, 0, 0, 0, 0);
        s.flag(Step.Flag.BIAS_PER_LANE);
        if (perChannel) {
            s.flag(Step.Flag.MULT_PER_LANE);
        }
        s.operands(absRange(x, x.zeroPoint()), 1L << (l.weightBits() - 1)).constants(biasAbs);
        if (g != null) {
            fuse(s, g, y, o);
        }
        steps.add(s.build());
    }

    /** The fused Add (and ChannelAffine) of a Linear step. */
    private void fuse(Step.Builder s, Fusion.Group g, TensorSpec y, int channels) {
        IntOp.Add a = g.add();
        TensorSpec res = model.tensor(g.residual());
        TensorSpec sum = model.tensor(a.output());
        int zChain = g.chainIsA() ? model.tensor(a.a()).zeroPoint() : model.tensor(a.b()).zeroPoint();
        long mChain = g.chainIsA() ? a.ma() : a.mb();
        long mRes = g.chainIsA() ? a.mb() : a.ma();
        Step.AddStage add = new Step.AddStage(a.name(), mChain, mRes, a.k(), zChain, res.zeroPoint(), buf(g.residual()),
                (long) loc(g.residual()).offset() - loc(g.output()).offset(), sum.zeroPoint(), sum.min(), sum.max(),
                absRange(y, zChain), absRange(res, res.zeroPoint()));
        Step.AffineStage aff = null;
        if (g.affine() != null) {
            IntOp.ChannelAffine c = g.affine();
            TensorSpec out = model.tensor(c.output());
            int base = affine.size();
            for (int i = 0; i < channels; i++) {
                affine.add(new long[] {c.scale().get(i), c.offset().get(i)});
            }
            aff = new Step.AffineStage(c.name(), base, c.k(), sum.zeroPoint(), out.zeroPoint(), out.min(), out.max(),
                    absRange(sum, sum.zeroPoint()));
            s.stream(E, base, 0, 0, 0, 0);
        }
        s.fused(add, aff).bufB(add.resBuf());
    }

    /** Groups of a grouped op (its leading series axis, IR version 2) or 1. */
    private static int groups(TensorSpec t, int rank) {
        return t.rank() == rank + 1 ? t.dim(0) : 1;
    }

    /** A grouped AttentionScores is the rank-2 schedule of one group, once per group at that group's base addresses. */
    private void scores(IntOp.AttentionScores a) {
        int groups = groups(model.tensor(a.query()), 2);
        int entry = multEntry(a.requant().m0(0), a.requant().n(0));
        for (int g = 0; g < groups; g++) {
            scores(a, label(g, groups), groupBase(a.query(), g, groups), groupBase(a.key(), g, groups), groupBase(a.output(), g, groups),
                    entry);
        }
    }

    /** The comment's note of group g of a grouped op. */
    private static String label(int g, int groups) {
        return groups == 1 ? "" : " (series " + g + " of " + groups + ")";
    }

    /** The address of group g's first element of a tensor split into equal groups along its leading axis. */
    private long groupBase(String tensor, int g, int groups) {
        return loc(tensor).offset() + (long) g * (model.tensor(tensor).size() / groups);
    }

    private void scores(IntOp.AttentionScores a, String group, long qOff, long kOff, long yOff, int entry) {
        TensorSpec q = model.tensor(a.query());
        TensorSpec kt = model.tensor(a.key());
        TensorSpec y = model.tensor(a.output());
        int t = q.dim(-2);
        int u = kt.dim(-2);
        int d = q.dim(-1);
        int h = a.heads();
        int dh = d / h;
        int[] region = regions.get(a.name());
        int bank = region[0];
        if (region[1] == 0) {
            int full = u / lanes;
            int rem = u % lanes;
            if (full > 0) {
                Step.Builder c = copy(a.name(), "copy keys '" + a.key() + "'" + group + " transposed into the lane bank (full blocks)",
                        a.key(), kt);
                c.loops(1, full, lanes, d);
                c.stream(A, kOff, 0, (long) lanes * d, d, 1);
                c.stream(B, bank, 0, d, 0, 1);
                c.stream(L, 0, 0, 0, 1, 0);
                steps.add(c.build());
            }
            if (rem > 0) {
                Step.Builder c = copy(a.name(), "copy keys '" + a.key() + "'" + group + " transposed into the lane bank (last block)",
                        a.key(), kt);
                c.loops(1, 1, rem, d);
                c.stream(A, kOff + (long) full * lanes * d, 0, 0, d, 1);
                c.stream(B, bank + (long) full * d, 0, 0, 0, 1);
                c.stream(L, 0, 0, 0, 1, 0);
                steps.add(c.build());
            }
        }
        int ub = ceil(u, lanes);
        Step.Builder s = mat(a.name(), "AttentionScores " + a.name() + group + ": " + h + " head(s) of " + dh + ", lanes over keys"
                + (region[1] == 1 ? " (tapped into the bank)" : ""), a.query(), a.output(), y, q.zeroPoint(), y.min(), y.max(),
                u - (ub - 1) * lanes);
        s.flag(Step.Flag.BANK);
        s.loops(h, t, ub, dh);
        s.stream(A, qOff, dh, d, 0, 1);
        s.stream(B, bank, dh, 0, d, 1);
        s.stream(Y, yOff, (long) t * u, u, lanes, 0);
        s.stream(M, entry, 0, 0, 0, 0);
        s.operands(absRange(q, q.zeroPoint()), absRange(kt, kt.zeroPoint()));
        steps.add(s.build());
    }

    private Step.Builder copy(String op, String comment, String tensor, TensorSpec spec) {
        Step.Builder c = new Step.Builder(Engine.COPY, op, comment);
        c.buffers(buf(tensor), 0, 0).zeros(spec.zeroPoint(), 0);
        return c;
    }

    /** A grouped AttentionApply is the rank-2 schedule of one group, once per group at that group's base addresses. */
    private void apply(IntOp.AttentionApply a) {
        int groups = groups(model.tensor(a.value()), 2);
        int entry = multEntry(a.requant().m0(0), a.requant().n(0));
        for (int g = 0; g < groups; g++) {
            apply(a, label(g, groups), groupBase(a.probabilities(), g, groups), groupBase(a.value(), g, groups),
                    groupBase(a.output(), g, groups), entry);
        }
    }

    private void apply(IntOp.AttentionApply a, String group, long pOff, long vOff, long yOff, int entry) {
        TensorSpec p = model.tensor(a.probabilities());
        TensorSpec v = model.tensor(a.value());
        TensorSpec y = model.tensor(a.output());
        int h = p.dim(-3);
        int t = p.dim(-2);
        int u = p.dim(-1);
        int d = v.dim(-1);
        int dh = d / h;
        int nb = ceil(dh, lanes);
        int words = h * nb;
        int[] region = regions.get(a.name());
        int bank = region[0];
        if (region[1] == 0) {
            int full = dh / lanes;
            int rem = dh % lanes;
            if (full > 0) {
                Step.Builder c = copy(a.name(), "copy values '" + a.value() + "'" + group + " into the lane bank (full blocks)",
                        a.value(), v);
                c.loops(u, h, full, lanes);
                c.stream(A, vOff, d, dh, lanes, 1);
                c.stream(B, bank, words, nb, 1, 0);
                c.stream(L, 0, 0, 0, 0, 1);
                steps.add(c.build());
            }
            if (rem > 0) {
                Step.Builder c = copy(a.name(), "copy values '" + a.value() + "'" + group + " into the lane bank (last block)",
                        a.value(), v);
                c.loops(u, h, 1, rem);
                c.stream(A, vOff + (long) full * lanes, d, dh, 0, 1);
                c.stream(B, bank + full, words, nb, 0, 0);
                c.stream(L, 0, 0, 0, 0, 1);
                steps.add(c.build());
            }
        }
        Step.Builder s = mat(a.name(), "AttentionApply " + a.name() + group + ": " + h + " head(s), lanes over channels"
                + (region[1] == 1 ? " (values tapped into the bank)" : ""), a.probabilities(), a.output(), y, 0, y.min(), y.max(),
                dh - (nb - 1) * lanes);
        s.flag(Step.Flag.BANK);
        s.loops(t, h, nb, u);
        s.stream(A, pOff, u, (long) t * u, 0, 1);
        s.stream(B, bank, 0, nb, 1, words);
        s.stream(Y, yOff, d, dh, lanes, 0);
        s.stream(M, entry, 0, 0, 0, 0);
        s.operands(p.max(), absRange(v, v.zeroPoint()));
        steps.add(s.build());
    }

    private void mean(IntOp.MeanTokens m) {
        TensorSpec x = model.tensor(m.input());
        TensorSpec y = model.tensor(m.output());
        int t = x.dim(-2);
        int d = x.dim(-1);
        int groups = groups(x, 2);
        int[] region = regions.get(m.name());
        int entry = multEntry(m.requant().m0(0), m.requant().n(0));
        long xAbs = absRange(x, x.zeroPoint());
        if (region != null && region[1] == 1) {
            // the tokens were tapped into the bank, lanes over channels: all lanes sum a block of channels at once
            int nb = ceil(d, lanes);
            Step.Builder s = mat(m.name(), "MeanTokens " + m.name() + ": " + t + " tokens summed by the lanes from the bank",
                    null, m.output(), y, 0, y.min(), y.max(), d - (nb - 1) * lanes);
            s.flag(Step.Flag.BANK).flag(Step.Flag.ONE_A);
            s.loops(1, 1, nb, t);
            s.stream(B, region[0], 0, 0, 1, nb);
            s.stream(Y, loc(m.output()).offset(), 0, 0, lanes, 0);
            s.stream(M, entry, 0, 0, 0, 0);
            s.operands(1, xAbs);
            steps.add(s.build());
            return;
        }
        Step.Builder s = mat(m.name(), "MeanTokens " + m.name() + ": sum of " + t + " tokens per channel on lane 0"
                + (groups == 1 ? "" : ", for each of " + groups + " series"), m.input(), m.output(), y, x.zeroPoint(), y.min(), y.max(), 1);
        s.flag(Step.Flag.ONE_B);
        s.loops(groups, d, 1, t);
        s.stream(A, loc(m.input()).offset(), (long) t * d, 1, 0, d);
        s.stream(Y, loc(m.output()).offset(), d, 1, 0, 0);
        s.stream(M, entry, 0, 0, 0, 0);
        s.operands(xAbs, 1);
        steps.add(s.build());
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
        Step.Builder s = new Step.Builder(Engine.SMX, sm.name(), "Softmax " + sm.name() + ": " + rows + " row(s) of " + row
                + ", LUT of " + len + " (of " + table.length + ") entries, " + bp + "-bit probabilities");
        s.buffers(buf(sm.input()), 0, buf(sm.output())).result(p.zeroPoint(), 0, p.max());
        s.loops(1, rows, 1, row);
        s.stream(A, loc(sm.input()).offset(), 0, 0, 0, 0);
        s.stream(Y, loc(sm.output()).offset(), 0, 0, 0, 0);
        s.lut(lbase, len, bp + 1);
        maxRow = Math.max(maxRow, row);
        s.operands(1, 1);
        steps.add(s.build());
    }

    private Step.Builder ew(String name, String comment, String a, String b, String y, int za, int zb, TensorSpec ys, int lo,
                            int hi) {
        Step.Builder s = new Step.Builder(Engine.EW, name, comment);
        s.buffers(buf(a), buf(b), buf(y)).zeros(za, zb).result(ys.zeroPoint(), lo, hi).tap(taps.get(y));
        return s;
    }

    private void add(IntOp.Add a) {
        TensorSpec as = model.tensor(a.a());
        TensorSpec bs = model.tensor(a.b());
        TensorSpec y = model.tensor(a.output());
        Storage.Loc la = loc(a.a());
        Storage.Loc lb = loc(a.b());
        boolean same = la.buf() == lb.buf();
        if (same && la.offset() != lb.offset()) {
            throw new UserError("op '" + a.name() + "' (Add): both operands live in one buffer at different offsets");
        }
        Step.Builder s = ew(a.name(), "Add " + a.name() + ": " + y.shape() + ", k = " + a.k(), a.a(), same ? null : a.b(),
                a.output(), as.zeroPoint(), bs.zeroPoint(), y, y.min(), y.max());
        if (same) {
            s.flag(Step.Flag.BSAME);
        }
        s.loops(1, 1, 1, y.size());
        s.stream(A, la.offset(), 0, 0, 0, 1);
        s.stream(B, lb.offset(), 0, 0, 0, 1);
        s.stream(Y, loc(a.output()).offset(), 0, 0, 0, 1);
        s.stream(M, multEntry(a.ma(), a.k()), 0, 0, 0, 0);
        s.mb(a.mb());
        s.operands(absRange(as, as.zeroPoint()), absRange(bs, bs.zeroPoint()));
        steps.add(s.build());
    }

    private void affine(IntOp.ChannelAffine c) {
        TensorSpec x = model.tensor(c.input());
        TensorSpec y = model.tensor(c.output());
        int ch = x.dim(-1);
        int rows = x.size() / ch;
        int mbase = mult.size();
        int cbase = bias.size();
        long offsetAbs = 0;
        for (int i = 0; i < ch; i++) {
            mult.add(new long[] {c.scale().get(i), c.k()});
            bias.add((long) c.offset().get(i));
            offsetAbs = Math.max(offsetAbs, Math.abs((long) c.offset().get(i)));
        }
        Step.Builder s = ew(c.name(), "ChannelAffine " + c.name() + ": " + x.shape() + ", k = " + c.k(), c.input(), null,
                c.output(), x.zeroPoint(), 0, y, y.min(), y.max());
        s.loops(1, rows, 1, ch);
        s.stream(A, loc(c.input()).offset(), 0, ch, 0, 1);
        s.stream(Y, loc(c.output()).offset(), 0, ch, 0, 1);
        s.stream(C, cbase, 0, 0, 0, 1);
        s.stream(M, mbase, 0, 0, 0, 1);
        s.operands(absRange(x, x.zeroPoint()), 0).constants(offsetAbs);
        steps.add(s.build());
    }

    /**
     * An identity step on the elementwise path (the main requantizer with m = 1, n = 0, zero points 0: a clamp to the
     * output's range that never clamps, since both tensors hold the same integers): reads {@code count} runs of
     * {@code run} values, run i at {@code from + i·fromStride}, and writes them one after another from {@code to}.
     * Transpose, Concat and a grouped LastToken are such moves.
     */
    private void move(String op, String comment, String in, String out, long from, long fromStride, long runStride, long to,
                      long count, long run) {
        TensorSpec x = model.tensor(in);
        TensorSpec y = model.tensor(out);
        Step.Builder s = ew(op, comment, in, null, out, 0, 0, y, y.min(), y.max());
        s.resultZero(0);
        s.loops(1, count, 1, run);
        s.stream(A, from, 0, fromStride, 0, runStride);
        s.stream(Y, to, 0, run, 0, 1);
        s.operands(absRange(x, 0), 0);
        steps.add(s.build());
    }

    private void transpose(IntOp.Transpose t) {
        TensorSpec x = model.tensor(t.input());
        int r = x.dim(0);
        int c = x.dim(1);
        move(t.name(), "Transpose " + t.name() + ": " + x.shape() + " read column by column", t.input(), t.output(),
                loc(t.input()).offset(), 1, c, loc(t.output()).offset(), c, r);
    }

    /**
     * Concat: each outer index's block of A, then of B, copied into the joined tensor. The write port walks one
     * arithmetic progression per step, so a part whose blocks leave gaps for the other part is one step per block.
     */
    private void concat(IntOp.Concat c) {
        TensorSpec a = model.tensor(c.a());
        TensorSpec b = model.tensor(c.b());
        int outer = 1;
        for (int i = 0; i < c.axis(); i++) {
            outer *= a.dim(i);
        }
        long aRun = a.size() / outer;
        long bRun = b.size() / outer;
        long yOff = loc(c.output()).offset();
        for (int o = 0; o < outer; o++) {
            String at = outer == 1 ? "" : " block " + o + " of " + outer;
            move(c.name(), "Concat " + c.name() + ": '" + c.a() + "'" + at, c.a(), c.output(), loc(c.a()).offset() + o * aRun, 0, 1,
                    yOff + o * (aRun + bRun), 1, aRun);
            move(c.name(), "Concat " + c.name() + ": '" + c.b() + "'" + at, c.b(), c.output(), loc(c.b()).offset() + o * bRun, 0, 1,
                    yOff + o * (aRun + bRun) + aRun, 1, bRun);
        }
    }

    /** A grouped LastToken (X [G, T, d] → Y [G, d]): the last row of every group, at stride T·d. */
    private void lastTokens(IntOp.LastToken lt) {
        TensorSpec x = model.tensor(lt.input());
        int t = x.dim(1);
        int d = x.dim(2);
        move(lt.name(), "LastToken " + lt.name() + ": the last of " + t + " tokens of each of " + x.dim(0) + " series", lt.input(),
                lt.output(), loc(lt.input()).offset() + (long) (t - 1) * d, (long) t * d, 1, loc(lt.output()).offset(), x.dim(0), d);
    }

    /** BroadcastAdd: Add with B's address repeating along the axis (stride 0 on the axis's loop level). */
    private void broadcastAdd(IntOp.BroadcastAdd a) {
        TensorSpec as = model.tensor(a.a());
        TensorSpec bs = model.tensor(a.b());
        TensorSpec y = model.tensor(a.output());
        int[] blk = a.blocks(as);
        Step.Builder s = ew(a.name(), "BroadcastAdd " + a.name() + ": " + y.shape() + ", '" + a.b() + "' " + bs.shape()
                + " repeated along axis " + a.axis() + ", k = " + a.k(), a.a(), a.b(), a.output(), as.zeroPoint(), bs.zeroPoint(), y,
                y.min(), y.max());
        s.loops(blk[0], blk[1], 1, blk[2]);
        s.stream(A, loc(a.a()).offset(), (long) blk[1] * blk[2], blk[2], 0, 1);
        s.stream(B, loc(a.b()).offset(), blk[2], 0, 0, 1);
        s.stream(Y, loc(a.output()).offset(), (long) blk[1] * blk[2], blk[2], 0, 1);
        s.stream(M, multEntry(a.ma(), a.k()), 0, 0, 0, 0);
        s.mb(a.mb());
        s.operands(absRange(as, as.zeroPoint()), absRange(bs, bs.zeroPoint()));
        steps.add(s.build());
    }

    private void relative(IntOp.RelativeInput r) {
        TensorSpec x = model.tensor(r.input());
        TensorSpec y = model.tensor(r.output());
        TensorSpec last = model.tensor(r.last());
        int len = x.dim(0);
        int m = x.dim(1);
        Step.Builder c = ew(r.name(), "RelativeInput " + r.name() + ": last row of the window", r.input(), null, r.last(), 0, 0,
                last, last.min(), last.max());
        c.resultZero(0);
        c.loops(1, 1, 1, m);
        c.stream(A, loc(r.input()).offset() + (long) (len - 1) * m, 0, 0, 0, 1);
        c.stream(Y, loc(r.last()).offset(), 0, 0, 0, 1);
        c.operands(absRange(x, 0), 0);
        steps.add(c.build());
        Step.Builder s = ew(r.name(), "RelativeInput " + r.name() + ": window minus its last row", r.input(), r.last(),
                r.output(), 0, 0, y, y.min(), y.max());
        s.loops(1, len, 1, m);
        s.stream(A, loc(r.input()).offset(), 0, m, 0, 1);
        s.stream(B, loc(r.last()).offset(), 0, 0, 0, 1);
        s.stream(Y, loc(r.output()).offset(), 0, m, 0, 1);
        s.mb(-1);
        s.operands(absRange(x, 0), absRange(x, 0));
        steps.add(s.build());
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
            Step.Builder s = ew(b.name(), "AddBack " + b.name() + ": forecast plus the last input of its channel", b.input(),
                    b.last(), b.output(), 0, 0, y, y.min(), y.max());
            s.resultZero(0).mb(1);
            s.loops(1, h, 1, c);
            s.stream(A, relOff, 0, c, 0, 1);
            s.stream(B, lastOff, 0, 0, 0, 1);
            s.stream(Y, yOff, 0, c, 0, 1);
            s.operands(absRange(rel, 0), absRange(last, 0));
            steps.add(s.build());
            return;
        }
        for (int cc = 0; cc < c; cc++) {
            Step.Builder s = ew(b.name(), "AddBack " + b.name() + ": output channel " + cc + " plus last[" + src[cc] + "]",
                    b.input(), b.last(), b.output(), 0, 0, y, y.min(), y.max());
            s.resultZero(0).mb(1);
            s.loops(1, 1, 1, h);
            s.stream(A, relOff + cc, 0, 0, 0, c);
            s.stream(B, lastOff + src[cc], 0, 0, 0, 0);
            s.stream(Y, yOff + cc, 0, 0, 0, c);
            s.operands(absRange(rel, 0), absRange(last, 0));
            steps.add(s.build());
        }
    }
}
