package org.intformer.integer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An independent reading of docs/INTEGER.md for the tests: exact BigInteger arithmetic, rounding through
 * BigDecimal's HALF_UP (which is half away from zero), one loop over output elements with coordinates
 * decoded from the flat index. Slow and obviously correct; shares nothing with the interpreter's kernels.
 */
final class ReferenceInterpreter {

    private ReferenceInterpreter() {
    }

    /** Every tensor's values after running {@code model} on {@code window}; saturations under "#sat:op". */
    static Map<String, long[]> run(IntModel model, int[] window) {
        Map<String, long[]> t = new LinkedHashMap<>();
        long[] in = new long[window.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = window[i];
        }
        t.put(model.input(), in);
        for (IntOp op : model.ops()) {
            long[] sat = {0};
            step(model, op, t, sat);
            t.put("#sat:" + op.name(), sat);
        }
        return t;
    }

    static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    /** x·2^(−n) rounded half away from zero, exactly. */
    static BigInteger shift(BigInteger x, int n) {
        return new BigDecimal(x).divide(new BigDecimal(BigInteger.ONE.shiftLeft(n))).setScale(0, RoundingMode.HALF_UP)
                .toBigIntegerExact();
    }

    static long clamp(BigInteger v, long lo, long hi, long[] sat) {
        if (v.compareTo(big(lo)) < 0) {
            sat[0]++;
            return lo;
        }
        if (v.compareTo(big(hi)) > 0) {
            sat[0]++;
            return hi;
        }
        return v.longValueExact();
    }

    private static void step(IntModel model, IntOp op, Map<String, long[]> t, long[] sat) {
        if (op instanceof IntOp.RelativeInput r) {
            TensorSpec xs = model.tensor(r.input());
            TensorSpec ys = model.tensor(r.output());
            long[] x = t.get(r.input());
            int rows = xs.dim(0);
            int ch = xs.dim(1);
            long[] y = new long[x.length];
            long[] last = new long[ch];
            for (int i = 0; i < x.length; i++) {
                int c = i % ch;
                y[i] = clamp(big(x[i] - x[(rows - 1) * ch + c]), ys.min(), ys.max(), sat);
            }
            for (int c = 0; c < ch; c++) {
                last[c] = x[(rows - 1) * ch + c];
            }
            t.put(r.output(), y);
            t.put(r.last(), last);
        } else if (op instanceof IntOp.Linear l) {
            long[] x = t.get(l.input());
            long zx = model.tensor(l.input()).zeroPoint();
            long zy = model.tensor(l.output()).zeroPoint();
            int out = l.outFeatures();
            int in = l.inFeatures();
            long[] y = new long[model.tensor(l.output()).size()];
            for (int i = 0; i < y.length; i++) {
                int r = i / out;
                int o = i % out;
                BigInteger acc = big(l.bias().get((r % l.biasGroups()) * out + o));
                for (int k = 0; k < in; k++) {
                    acc = acc.add(big(x[r * in + k] - zx).multiply(big(l.weights().get(k * out + o))));
                }
                int m0 = l.requant().isSingle() ? l.requant().m0().get(0) : l.requant().m0().get(o);
                int n = l.requant().isSingle() ? l.requant().n().get(0) : l.requant().n().get(o);
                BigInteger v = shift(acc.multiply(big(m0)), n).add(big(zy));
                // A fused ReLU (lo = z_y) cutting negatives is the activation, not a saturation.
                boolean relu = l.lo() == zy && v.compareTo(big(l.lo())) < 0;
                y[i] = clamp(v, l.lo(), l.hi(), relu ? new long[1] : sat);
            }
            t.put(l.output(), y);
        } else if (op instanceof IntOp.Add a) {
            long[] x = t.get(a.a());
            long[] z = t.get(a.b());
            TensorSpec ys = model.tensor(a.output());
            long za = model.tensor(a.a()).zeroPoint();
            long zb = model.tensor(a.b()).zeroPoint();
            long[] y = new long[x.length];
            for (int i = 0; i < y.length; i++) {
                BigInteger s = big(x[i] - za).multiply(big(a.ma())).add(big(z[i] - zb).multiply(big(a.mb())));
                y[i] = clamp(shift(s, a.k()).add(big(ys.zeroPoint())), ys.min(), ys.max(), sat);
            }
            t.put(a.output(), y);
        } else if (op instanceof IntOp.ChannelAffine c) {
            long[] x = t.get(c.input());
            TensorSpec ys = model.tensor(c.output());
            long zx = model.tensor(c.input()).zeroPoint();
            int ch = c.scale().length();
            long[] y = new long[x.length];
            for (int i = 0; i < y.length; i++) {
                BigInteger s = big(x[i] - zx).multiply(big(c.scale().get(i % ch))).add(big(c.offset().get(i % ch)));
                y[i] = clamp(shift(s, c.k()).add(big(ys.zeroPoint())), ys.min(), ys.max(), sat);
            }
            t.put(c.output(), y);
        } else if (op instanceof IntOp.AttentionScores s) {
            long[] q = t.get(s.query());
            long[] k = t.get(s.key());
            TensorSpec qs = model.tensor(s.query());
            TensorSpec ys = model.tensor(s.output());
            int d = qs.dim(1);
            int dh = d / s.heads();
            int tq = ys.dim(1);
            int tk = ys.dim(2);
            long[] y = new long[ys.size()];
            for (int i = 0; i < y.length; i++) {
                int j = i / (tq * tk);
                int tt = (i / tk) % tq;
                int u = i % tk;
                BigInteger acc = BigInteger.ZERO;
                for (int e = 0; e < dh; e++) {
                    int c = j * dh + e;
                    acc = acc.add(big(q[tt * d + c] - qs.zeroPoint()).multiply(big(k[u * d + c] - model.tensor(s.key()).zeroPoint())));
                }
                y[i] = clamp(shift(acc.multiply(big(s.requant().m0().get(0))), s.requant().n().get(0)).add(big(ys.zeroPoint())),
                        ys.min(), ys.max(), sat);
            }
            t.put(s.output(), y);
        } else if (op instanceof IntOp.Softmax s) {
            t.put(s.output(), softmax(t.get(s.input()), model.tensor(s.input()).dim(-1), s.lut(),
                    model.tensor(s.output()).bits(), sat));
        } else if (op instanceof IntOp.AttentionApply a) {
            long[] p = t.get(a.probabilities());
            long[] v = t.get(a.value());
            TensorSpec ps = model.tensor(a.probabilities());
            TensorSpec vs = model.tensor(a.value());
            TensorSpec ys = model.tensor(a.output());
            int heads = ps.dim(0);
            int tq = ps.dim(1);
            int tk = ps.dim(2);
            int d = vs.dim(1);
            long[] y = new long[ys.size()];
            for (int i = 0; i < y.length; i++) {
                int tt = i / d;
                int c = i % d;
                int j = c / (d / heads);
                BigInteger acc = BigInteger.ZERO;
                for (int u = 0; u < tk; u++) {
                    acc = acc.add(big(p[(j * tq + tt) * tk + u]).multiply(big(v[u * d + c] - vs.zeroPoint())));
                }
                y[i] = clamp(shift(acc.multiply(big(a.requant().m0().get(0))), a.requant().n().get(0)).add(big(ys.zeroPoint())),
                        ys.min(), ys.max(), sat);
            }
            t.put(a.output(), y);
        } else if (op instanceof IntOp.MeanTokens m) {
            long[] x = t.get(m.input());
            TensorSpec xs = model.tensor(m.input());
            TensorSpec ys = model.tensor(m.output());
            long[] y = new long[ys.size()];
            for (int c = 0; c < y.length; c++) {
                BigInteger acc = BigInteger.ZERO;
                for (int r = 0; r < xs.dim(0); r++) {
                    acc = acc.add(big(x[r * xs.dim(1) + c] - xs.zeroPoint()));
                }
                y[c] = clamp(shift(acc.multiply(big(m.requant().m0().get(0))), m.requant().n().get(0)).add(big(ys.zeroPoint())),
                        ys.min(), ys.max(), sat);
            }
            t.put(m.output(), y);
        } else if (op instanceof IntOp.LastToken l) {
            long[] x = t.get(l.input());
            int d = model.tensor(l.output()).size();
            long[] y = new long[d];
            for (int c = 0; c < d; c++) {
                y[c] = x[x.length - d + c];
            }
            t.put(l.output(), y);
        } else if (op instanceof IntOp.Reshape r) {
            t.put(r.output(), t.get(r.input()).clone());
        } else if (op instanceof IntOp.AddBack b) {
            long[] rel = t.get(b.input());
            long[] last = t.get(b.last());
            TensorSpec ys = model.tensor(b.output());
            int c = b.source().length();
            long[] y = new long[rel.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = clamp(big(rel[i] + last[b.source().get(i % c)]), ys.min(), ys.max(), sat);
            }
            t.put(b.output(), y);
        } else {
            throw new IllegalStateException(op.kind());
        }
    }

    /** P_j = E_j·(2^b − 1)/sum as an exact fraction, rounded half up by quotient and remainder. */
    static long[] softmax(long[] x, int row, IntArray lut, int bits, long[] sat) {
        long[] p = new long[x.length];
        BigInteger full = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        for (int start = 0; start < x.length; start += row) {
            long max = Long.MIN_VALUE;
            for (int j = start; j < start + row; j++) {
                max = Math.max(max, x[j]);
            }
            BigInteger sum = BigInteger.ZERO;
            for (int j = start; j < start + row; j++) {
                sum = sum.add(big(lut.get((int) (max - x[j]))));
            }
            for (int j = start; j < start + row; j++) {
                BigInteger[] qr = big(lut.get((int) (max - x[j]))).multiply(full).divideAndRemainder(sum);
                BigInteger q = qr[1].shiftLeft(1).compareTo(sum) >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
                p[j] = clamp(q, 0, full.longValueExact(), sat);
            }
        }
        return p;
    }
}
