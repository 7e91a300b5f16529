package org.intformer.hw;

import static org.intformer.hw.Stream.Name.A;
import static org.intformer.hw.Stream.Name.B;
import static org.intformer.hw.Stream.Name.C;
import static org.intformer.hw.Stream.Name.L;
import static org.intformer.hw.Stream.Name.M;
import static org.intformer.hw.Stream.Name.Y;

import java.util.ArrayList;
import java.util.List;
import org.intformer.UserError;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.integer.TensorSpec;

/**
 * Compiles an integer model into the steps of the static schedule and the contents of the ROMs they index:
 * every op becomes one or more steps, each a loop nest with address streams for one engine. The arithmetic of
 * {@link Design}; Verilog text is {@link VerilogWriter}'s business.
 */
final class Scheduler {
    private final IntModel model;
    private final Storage storage;
    private final int lanes;
    final List<Step> steps = new ArrayList<>();
    /** Wide weight ROM: each word P lanes of signed weights. */
    final List<int[]> weightWords = new ArrayList<>();
    /** Bias ROM (entry 0 is 0). */
    final List<Long> bias = new ArrayList<>();
    /** Multiplier ROM entries {m, n} (entry 0 is {1, 0}). */
    final List<long[]> mult = new ArrayList<>();
    /** Softmax LUT ROM (each op's LUT up to its last nonzero entry). */
    final List<Integer> lut = new ArrayList<>();
    int bankDepth = 0;
    long bankAbs = 1;
    int maxRow = 1;

    Scheduler(IntModel model, Storage storage, int lanes) {
        this.model = model;
        this.storage = storage;
        this.lanes = lanes;
        bias.add(0L);
        mult.add(new long[] {1, 0});
        for (IntOp op : model.ops()) {
            schedule(op);
        }
    }

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
        Step.Builder s = new Step.Builder(Engine.MAT, l.name(), "Linear " + l.name() + ": " + x.shape() + " x W[" + k + ", " + o
                + "] -> " + y.shape() + ", " + blocks + " lane block(s) of " + lanes);
        s.buffers(buf(l.input()), 0, buf(l.output())).zeros(x.zeroPoint(), 0).result(y.zeroPoint(), l.lo(), l.hi());
        s.loops(rows / g, g, blocks, k);
        s.stream(A, loc(l.input()).offset(), (long) g * k, k, 0, 1);
        s.stream(B, wbase, 0, 0, k, 1);
        s.stream(Y, loc(l.output()).offset(), (long) g * o, o, lanes, 0);
        s.stream(C, cbase, 0, o, lanes, 0);
        s.stream(M, mbase, 0, 0, perChannel ? lanes : 0, 0);
        s.stream(L, o, 0, 0, -lanes, 0);
        s.flag(Step.Flag.BIAS_PER_LANE);
        if (perChannel) {
            s.flag(Step.Flag.MULT_PER_LANE);
        }
        s.operands(absRange(x, x.zeroPoint()), 1L << (l.weightBits() - 1));
        steps.add(s.build());
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
            Step.Builder c = copy(a.name(), "copy keys '" + a.key() + "' transposed into the lane bank (full blocks)", a.key(), kt);
            c.loops(1, full, lanes, d);
            c.stream(A, kOff, 0, (long) lanes * d, d, 1);
            c.stream(B, 0, 0, d, 0, 1);
            c.stream(L, 0, 0, 0, 1, 0);
            steps.add(c.build());
        }
        if (rem > 0) {
            Step.Builder c = copy(a.name(), "copy keys '" + a.key() + "' transposed into the lane bank (last block)", a.key(), kt);
            c.loops(1, 1, rem, d);
            c.stream(A, kOff + (long) full * lanes * d, 0, 0, d, 1);
            c.stream(B, (long) full * d, 0, 0, 0, 1);
            c.stream(L, 0, 0, 0, 1, 0);
            steps.add(c.build());
        }
        int ub = (u + lanes - 1) / lanes;
        bankDepth = Math.max(bankDepth, ub * d);
        bankAbs = Math.max(bankAbs, kAbs);
        Step.Builder s = new Step.Builder(Engine.MAT, a.name(), "AttentionScores " + a.name() + ": " + h + " head(s) of " + dh
                + ", lanes over keys");
        s.buffers(buf(a.query()), 0, buf(a.output())).zeros(q.zeroPoint(), 0).result(y.zeroPoint(), y.min(), y.max());
        s.flag(Step.Flag.BANK);
        s.loops(h, t, ub, dh);
        s.stream(A, loc(a.query()).offset(), dh, d, 0, 1);
        s.stream(B, 0, dh, 0, d, 1);
        s.stream(Y, loc(a.output()).offset(), (long) t * u, u, lanes, 0);
        s.stream(C, 0, 0, 0, 0, 0);
        s.stream(M, multEntry(a.requant().m0(0), a.requant().n(0)), 0, 0, 0, 0);
        s.stream(L, u, 0, 0, -lanes, 0);
        s.operands(absRange(q, q.zeroPoint()), kAbs);
        steps.add(s.build());
    }

    private Step.Builder copy(String op, String comment, String tensor, TensorSpec spec) {
        Step.Builder c = new Step.Builder(Engine.COPY, op, comment);
        c.buffers(buf(tensor), 0, 0).zeros(spec.zeroPoint(), 0);
        return c;
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
            Step.Builder c = copy(a.name(), "copy values '" + a.value() + "' into the lane bank (full blocks)", a.value(), v);
            c.loops(u, h, full, lanes);
            c.stream(A, vOff, d, dh, lanes, 1);
            c.stream(B, 0, words, nb, 1, 0);
            c.stream(L, 0, 0, 0, 0, 1);
            steps.add(c.build());
        }
        if (rem > 0) {
            Step.Builder c = copy(a.name(), "copy values '" + a.value() + "' into the lane bank (last block)", a.value(), v);
            c.loops(u, h, 1, rem);
            c.stream(A, vOff + (long) full * lanes, d, dh, 0, 1);
            c.stream(B, full, words, nb, 0, 0);
            c.stream(L, 0, 0, 0, 0, 1);
            steps.add(c.build());
        }
        bankDepth = Math.max(bankDepth, u * words);
        bankAbs = Math.max(bankAbs, vAbs);
        Step.Builder s = new Step.Builder(Engine.MAT, a.name(), "AttentionApply " + a.name() + ": " + h
                + " head(s), lanes over channels");
        s.buffers(buf(a.probabilities()), 0, buf(a.output())).zeros(0, 0).result(y.zeroPoint(), y.min(), y.max());
        s.flag(Step.Flag.BANK);
        s.loops(t, h, nb, u);
        s.stream(A, loc(a.probabilities()).offset(), u, (long) t * u, 0, 1);
        s.stream(B, 0, 0, nb, 1, words);
        s.stream(Y, loc(a.output()).offset(), d, dh, lanes, 0);
        s.stream(C, 0, 0, 0, 0, 0);
        s.stream(M, multEntry(a.requant().m0(0), a.requant().n(0)), 0, 0, 0, 0);
        s.stream(L, dh, 0, 0, -lanes, 0);
        s.operands(p.max(), vAbs);
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
        s.buffers(buf(a), buf(b), buf(y)).zeros(za, zb).result(ys.zeroPoint(), lo, hi);
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
        for (int i = 0; i < ch; i++) {
            mult.add(new long[] {c.scale().get(i), c.k()});
            bias.add((long) c.offset().get(i));
        }
        Step.Builder s = ew(c.name(), "ChannelAffine " + c.name() + ": " + x.shape() + ", k = " + c.k(), c.input(), null,
                c.output(), x.zeroPoint(), 0, y, y.min(), y.max());
        s.loops(1, rows, 1, ch);
        s.stream(A, loc(c.input()).offset(), 0, ch, 0, 1);
        s.stream(Y, loc(c.output()).offset(), 0, ch, 0, 1);
        s.stream(C, cbase, 0, 0, 0, 1);
        s.stream(M, mbase, 0, 0, 0, 1);
        s.operands(absRange(x, x.zeroPoint()), 0);
        steps.add(s.build());
    }

    private void mean(IntOp.MeanTokens m) {
        TensorSpec x = model.tensor(m.input());
        TensorSpec y = model.tensor(m.output());
        int t = x.dim(0);
        int d = x.dim(1);
        Step.Builder s = ew(m.name(), "MeanTokens " + m.name() + ": sum of " + t + " tokens per channel, then requantize",
                m.input(), null, m.output(), x.zeroPoint(), 0, y, y.min(), y.max());
        s.flag(Step.Flag.REDUCE);
        s.loops(1, d, 1, t);
        s.stream(A, loc(m.input()).offset(), 0, 1, 0, d);
        s.stream(Y, loc(m.output()).offset(), 0, 1, 0, 0);
        s.stream(M, multEntry(m.requant().m0(0), m.requant().n(0)), 0, 0, 0, 0);
        s.operands(absRange(x, x.zeroPoint()) * t, 0);
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
