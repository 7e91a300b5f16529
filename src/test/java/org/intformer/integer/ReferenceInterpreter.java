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
        return run(model, java.util.List.of(window));
    }

    /** As {@link #run(IntModel, int[])} for the window and then each of the model's extra inputs. */
    static Map<String, long[]> run(IntModel model, java.util.List<int[]> inputs) {
        Map<String, long[]> t = new LinkedHashMap<>();
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(model.input()));
        names.addAll(model.extraInputs());
        for (int n = 0; n < names.size(); n++) {
            int[] window = inputs.get(n);
            long[] in = new long[window.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = window[i];
            }
            t.put(names.get(n), in);
        }
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
            int d = qs.dim(-1);
            int dh = d / s.heads();
            int tq = ys.dim(-2);
            int tk = ys.dim(-1);
            long[] y = new long[ys.size()];
            for (int i = 0; i < y.length; i++) {
                int g = i / (s.heads() * tq * tk);
                int j = (i / (tq * tk)) % s.heads();
                int tt = (i / tk) % tq;
                int u = i % tk;
                BigInteger acc = BigInteger.ZERO;
                for (int e = 0; e < dh; e++) {
                    int c = j * dh + e;
                    acc = acc.add(big(q[(g * tq + tt) * d + c] - qs.zeroPoint())
                            .multiply(big(k[(g * tk + u) * d + c] - model.tensor(s.key()).zeroPoint())));
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
            int heads = ps.dim(-3);
            int tq = ps.dim(-2);
            int tk = ps.dim(-1);
            int d = vs.dim(-1);
            long[] y = new long[ys.size()];
            for (int i = 0; i < y.length; i++) {
                int g = i / (tq * d);
                int tt = (i / d) % tq;
                int c = i % d;
                int j = c / (d / heads);
                BigInteger acc = BigInteger.ZERO;
                for (int u = 0; u < tk; u++) {
                    acc = acc.add(big(p[((g * heads + j) * tq + tt) * tk + u]).multiply(big(v[(g * tk + u) * d + c] - vs.zeroPoint())));
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
            int tokens = xs.dim(-2);
            int width = xs.dim(-1);
            for (int i = 0; i < y.length; i++) {
                int g = i / width;
                int c = i % width;
                BigInteger acc = BigInteger.ZERO;
                for (int r = 0; r < tokens; r++) {
                    acc = acc.add(big(x[(g * tokens + r) * width + c] - xs.zeroPoint()));
                }
                y[i] = clamp(shift(acc.multiply(big(m.requant().m0().get(0))), m.requant().n().get(0)).add(big(ys.zeroPoint())),
                        ys.min(), ys.max(), sat);
            }
            t.put(m.output(), y);
        } else if (op instanceof IntOp.LastToken l) {
            long[] x = t.get(l.input());
            TensorSpec xs = model.tensor(l.input());
            int tokens = xs.dim(-2);
            int d = xs.dim(-1);
            long[] y = new long[model.tensor(l.output()).size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = x[((i / d) * tokens + tokens - 1) * d + i % d];
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
        } else if (op instanceof IntOp.Transpose tr) {
            long[] x = t.get(tr.input());
            TensorSpec xs = model.tensor(tr.input());
            long[] y = new long[x.length];
            for (int i = 0; i < y.length; i++) {
                int c = i / xs.dim(0);
                int r = i % xs.dim(0);
                y[i] = x[r * xs.dim(1) + c];
            }
            t.put(tr.output(), y);
        } else if (op instanceof IntOp.Slice sl) {
            long[] x = t.get(sl.input());
            int row = x.length / model.tensor(sl.input()).dim(0);
            t.put(sl.output(), java.util.Arrays.copyOfRange(x, sl.from() * row, sl.to() * row));
        } else if (op instanceof IntOp.Concat cc) {
            TensorSpec ys = model.tensor(cc.output());
            long[] a = t.get(cc.a());
            long[] b = t.get(cc.b());
            int axisA = model.tensor(cc.a()).dim(cc.axis());
            int inner = 1;
            for (int i = cc.axis() + 1; i < ys.rank(); i++) {
                inner *= ys.dim(i);
            }
            int along = ys.dim(cc.axis());
            int axisB = along - axisA;
            long[] y = new long[ys.size()];
            for (int i = 0; i < y.length; i++) {
                int o = i / (along * inner);
                int at = (i / inner) % along;
                int n = i % inner;
                y[i] = at < axisA ? a[(o * axisA + at) * inner + n] : b[(o * axisB + at - axisA) * inner + n];
            }
            t.put(cc.output(), y);
        } else if (op instanceof IntOp.BroadcastAdd ba) {
            TensorSpec as = model.tensor(ba.a());
            TensorSpec ys = model.tensor(ba.output());
            long[] x = t.get(ba.a());
            long[] z = t.get(ba.b());
            long za = as.zeroPoint();
            long zb = model.tensor(ba.b()).zeroPoint();
            int inner = 1;
            for (int i = ba.axis() + 1; i < as.rank(); i++) {
                inner *= as.dim(i);
            }
            int along = as.dim(ba.axis());
            long[] y = new long[x.length];
            for (int i = 0; i < y.length; i++) {
                int o = i / (along * inner);
                int n = i % inner;
                BigInteger sum = big(x[i] - za).multiply(big(ba.ma())).add(big(z[o * inner + n] - zb).multiply(big(ba.mb())));
                y[i] = clamp(shift(sum, ba.k()).add(big(ys.zeroPoint())), ys.min(), ys.max(), sat);
            }
            t.put(ba.output(), y);
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
