package org.intformer.hw;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.intformer.integer.FixedPoint;
import org.intformer.integer.HostQuantization;
import org.intformer.integer.IntArray;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelBuilder;
import org.intformer.integer.IntOp;
import org.intformer.integer.Multiplier;
import org.intformer.integer.Requant;
import org.intformer.integer.TensorSpec;

/** Integer models for hardware tests: one op alone, and random small encoders. */
public final class HwModels {

    private HwModels() {
    }

    static int[] ints(Random r, int n, int lo, int hi) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + r.nextInt(hi - lo + 1);
        }
        return v;
    }

    /** Random words the host writes, in each input's range: the window, then any extra input (the date features). */
    public static List<int[]> windows(IntModel m, Random r, int n) {
        List<int[]> w = new ArrayList<>();
        List<TensorSpec> host = new ArrayList<>();
        host.add(m.inputSpec());
        m.extraInputs().forEach(e -> host.add(m.tensor(e)));
        for (int i = 0; i < n; i++) {
            List<int[]> inputs = new ArrayList<>();
            for (TensorSpec t : host) {
                inputs.add(ints(r, t.size(), t.min(), t.max()));
            }
            w.add(Simulation.hostWords(inputs));
        }
        return w;
    }

    static TensorSpec s(String name, int bits, int z, int... shape) {
        return TensorSpec.signed(name, bits, 0.05, z, shape);
    }

    static int zp(Random r, int bits) {
        int half = 1 << (bits - 1);
        return r.nextInt(3) == 0 ? 0 : -half / 2 + r.nextInt(half);
    }

    /** A multiplier that maps an accumulator of typical magnitude {@code typical} to about {@code bits} bits. */
    static Multiplier mult(Random r, double typical, int bits) {
        double m = (1 << (bits - 1)) / Math.max(1.0, typical) * Math.pow(2, -1.5 + 3 * r.nextDouble());
        return Multiplier.of(Math.min(m, 1e6));
    }

    static IntOp.Linear linear(Random r, String name, TensorSpec x, String out, int k, int o, int groups, int wBits,
                               int outBits, int zy, boolean relu) {
        int wMax = (1 << (wBits - 1)) - 1;
        int[] w = ints(r, k * o, -wMax - 1, wMax);
        double xAbs = Math.max(1, (x.max() - x.min()) / 3.0);
        double typical = Math.sqrt(k) * xAbs * wMax / 2;
        int[] b = ints(r, groups * o, -(int) Math.min(1 << 20, typical * 2), (int) Math.min(1 << 20, typical * 2));
        Requant rq;
        if (r.nextBoolean()) {
            Multiplier[] ms = new Multiplier[o];
            for (int i = 0; i < o; i++) {
                ms[i] = mult(r, typical, outBits);
            }
            rq = Requant.perChannel(ms);
        } else {
            rq = Requant.of(mult(r, typical, outBits));
        }
        int lo = relu ? zy : FixedPoint.minValue(outBits, true);
        return new IntOp.Linear(name, x.name(), out, k, o, wBits, IntArray.of(w), groups, IntArray.of(b), rq, lo,
                FixedPoint.maxValue(outBits, true));
    }

    static IntArray softmaxLut(int bits, double scale) {
        int[] lut = new int[1 << bits];
        for (int d = 0; d < lut.length; d++) {
            lut[d] = (int) HostQuantization.roundHalfAway(65536 * Math.exp(-scale * d));
        }
        return IntArray.of(lut);
    }

    // ------------------------------------------------------------------ single ops

    static List<String> singleOps() {
        return List.of("linear", "linear-grouped-relu", "add", "add-same", "affine", "scores", "softmax", "apply", "mean",
                "last", "reshape-only", "relative", "addback");
    }

    public static IntModel single(String op, long seed) {
        Random r = new Random(seed);
        IntModelBuilder b = new IntModelBuilder().metadata("test", "single op " + op);
        switch (op) {
            case "linear" -> {
                TensorSpec x = s("x", 6, -3, 3, 5);
                b.input(x);
                b.op(linear(r, "lin", x, "y", 5, 11, 1, 5, 7, 2, false), s("y", 7, 2, 3, 11));
            }
            case "linear-grouped-relu" -> {
                TensorSpec x = s("x", 8, 5, 4, 3);
                b.input(x);
                b.op(linear(r, "lin", x, "y", 3, 6, 4, 8, 8, -20, true), s("y", 8, -20, 4, 6));
            }
            case "add" -> {
                TensorSpec x = s("x", 8, 3, 4, 6);
                b.input(x);
                b.op(linear(r, "lin", x, "h", 6, 6, 1, 4, 6, 1, false), s("h", 6, 1, 4, 6));
                b.op(new IntOp.Add("add", "x", "h", "y", 20, 700000, 1500000), s("y", 7, -2, 4, 6));
            }
            case "add-same" -> {
                b.input(s("x", 8, -7, 5, 3));
                b.op(new IntOp.Add("add", "x", "x", "y", 18, 100000, 90000), s("y", 8, 4, 5, 3));
            }
            case "affine" -> {
                b.input(s("x", 8, 9, 4, 5));
                b.op(new IntOp.ChannelAffine("norm", "x", "y", 20, IntArray.of(ints(r, 5, -(1 << 20), 1 << 20)),
                        IntArray.of(ints(r, 5, -(1 << 24), 1 << 24))), s("y", 8, -1, 4, 5));
            }
            case "scores" -> {
                b.input(s("x", 6, 2, 5, 6));
                b.op(new IntOp.AttentionScores("scores", "x", "x", "y", 3, Requant.of(mult(r, 200, 8))), s("y", 8, -3, 3, 5, 5));
            }
            case "softmax" -> {
                b.input(s("x", 6, 1, 2, 3, 7));
                b.op(new IntOp.Softmax("softmax", "x", "y", softmaxLut(6, 0.2)),
                        TensorSpec.unsigned("y", 7, 1.0 / 127, 0, 2, 3, 7));
            }
            case "apply" -> {
                b.input(s("x", 5, 0, 6, 6));
                b.op(new IntOp.Reshape("r", "x", "x3"), s("x3", 5, 0, 1, 6, 6));
                b.op(new IntOp.Softmax("softmax", "x3", "p", softmaxLut(5, 0.3)),
                        TensorSpec.unsigned("p", 6, 1.0 / 63, 0, 1, 6, 6));
                b.op(new IntOp.AttentionApply("apply", "p", "x", "y", Requant.of(mult(r, 300, 7))), s("y", 7, 3, 6, 6));
            }
            case "mean" -> {
                b.input(s("x", 7, -5, 6, 4));
                b.op(new IntOp.MeanTokens("mean", "x", "y", Requant.of(Multiplier.of(0.8 / 6))), s("y", 6, 2, 4));
            }
            case "last" -> {
                b.input(s("x", 7, -5, 6, 4));
                b.op(new IntOp.LastToken("last", "x", "y"), s("y", 7, -5, 4));
            }
            case "reshape-only" -> {
                b.input(s("x", 5, 1, 6, 2));
                b.op(new IntOp.Reshape("flat", "x", "y"), s("y", 5, 1, 12));
            }
            case "relative" -> {
                b.input(s("x", 6, 3, 7, 2));
                b.op(new IntOp.RelativeInput("rel", "x", "y", "last"), s("y", 7, 0, 7, 2), s("last", 6, 3, 2));
                b.output("y");
            }
            case "addback" -> {
                b.input(s("x", 6, 3, 5, 3));
                b.op(new IntOp.RelativeInput("rel", "x", "xr", "last"), s("xr", 7, 0, 5, 3), s("last", 6, 3, 3));
                b.op(new IntOp.AddBack("addback", "xr", "last", "y", IntArray.of(2, 0, 2)), s("y", 6, 3, 5, 3));
            }
            default -> throw new IllegalArgumentException(op);
        }
        return b.build();
    }

    // ------------------------------------------------------------------ random encoders

    /**
     * A random small encoder: random patching, widths, heads, bits (2–8), zero points, weights, biases and
     * multipliers; relative input or not; a gap, last or flatten head.
     */
    public static IntModel random(long seed) {
        Random r = new Random(seed);
        int ioBits = 3 + r.nextInt(6);
        int m = 1 + r.nextInt(2);
        int patch = 1 + r.nextInt(3);
        int t = 1 + r.nextInt(6);
        int heads = 1 + r.nextInt(3);
        int dh = 1 + r.nextInt(5);
        int d = heads * dh;
        int ffn = 1 + r.nextInt(12);
        int horizon = 1 + r.nextInt(3);
        int c = 1 + r.nextInt(m);
        boolean relative = r.nextBoolean();
        String head = new String[] {"gap", "last", "flatten"}[r.nextInt(3)];
        int layers = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(2);
        IntModelBuilder b = new IntModelBuilder().metadata("seed", seed).metadata("head", head).metadata("relative", relative);
        TensorSpec x = s("x", ioBits, zp(r, ioBits), t * patch, m);
        b.input(x);
        TensorSpec tokIn = x;
        if (relative) {
            b.op(new IntOp.RelativeInput("rel", "x", "xr", "last"), s("xr", ioBits + 1, 0, t * patch, m), s("last", ioBits, x.zeroPoint(), m));
            tokIn = b.tensor("xr");
        }
        b.op(new IntOp.Reshape("patch", tokIn.name(), "tok"), tokIn.withNameAndShape("tok", t, patch * m));
        TensorSpec h = embed(r, Bits.random(r), b, b.tensor("tok"), d, t);
        for (int layer = 0; layer < layers; layer++) {
            h = layer(r, Bits.random(r), b, h, "l" + layer, heads, ffn);
        }
        String pooled;
        int features;
        int hb = bits(r);
        switch (head) {
            case "gap" -> {
                b.op(new IntOp.MeanTokens("pool", h.name(), "z", Requant.of(mult(r, t * (h.max() - h.min()) / 4.0, hb))),
                        s("z", hb, zp(r, hb), d));
                features = d;
            }
            case "last" -> {
                b.op(new IntOp.LastToken("pool", h.name(), "z"), h.withNameAndShape("z", d));
                features = d;
            }
            default -> {
                b.op(new IntOp.Reshape("pool", h.name(), "z"), h.withNameAndShape("z", t * d));
                features = t * d;
            }
        }
        pooled = "z";
        TensorSpec z = b.tensor(pooled);
        if (relative) {
            b.op(linear(r, "head", z, "yf", features, horizon * c, 1, bits(r), ioBits + 1, 0, false),
                    s("yf", ioBits + 1, 0, horizon * c));
            b.op(new IntOp.Reshape("unflat", "yf", "yr"), s("yr", ioBits + 1, 0, horizon, c));
            int[] src = ints(r, c, 0, m - 1);
            b.op(new IntOp.AddBack("addback", "yr", "last", "y", IntArray.of(src)), s("y", ioBits, x.zeroPoint(), horizon, c));
        } else {
            b.op(linear(r, "head", z, "yf", features, horizon * c, 1, bits(r), ioBits, x.zeroPoint(), false),
                    s("yf", ioBits, x.zeroPoint(), horizon * c));
            b.op(new IntOp.Reshape("unflat", "yf", "y"), s("y", ioBits, x.zeroPoint(), horizon, c));
        }
        return b.output("y").build();
    }

    static int bits(Random r) {
        return 2 + r.nextInt(7);
    }

    /** Where an encoder's bit widths come from: activations (tensor outputs) and weights. */
    interface Bits {
        int act();

        int weight();

        /** Independent random widths 2..8 for every tensor and weight matrix. */
        static Bits random(Random r) {
            return new Bits() {
                public int act() {
                    return bits(r);
                }

                public int weight() {
                    return bits(r);
                }
            };
        }

        /** The same widths everywhere. */
        static Bits fixed(int act, int weight) {
            return new Bits() {
                public int act() {
                    return act;
                }

                public int weight() {
                    return weight;
                }
            };
        }
    }

    static TensorSpec embed(Random r, Bits bits, IntModelBuilder b, TensorSpec tok, int d, int t) {
        int ob = bits.act();
        int z = zp(r, ob);
        b.op(linear(r, "embed", tok, "h0", tok.dim(1), d, r.nextBoolean() ? t : 1, bits.weight(), ob, z, false), s("h0", ob, z, t, d));
        return b.tensor("h0");
    }

    static TensorSpec layer(Random r, Bits bits, IntModelBuilder b, TensorSpec h, String p, int heads, int ffn) {
        int t = h.dim(0);
        int d = h.dim(1);
        String[] qkv = {"q", "k", "v"};
        for (String n : qkv) {
            int ob = bits.act();
            int z = zp(r, ob);
            b.op(linear(r, p + "." + n, h, p + "." + n, d, d, 1, bits.weight(), ob, z, false), s(p + "." + n, ob, z, t, d));
        }
        TensorSpec q = b.tensor(p + ".q");
        TensorSpec k = b.tensor(p + ".k");
        int sb = bits.act();
        double typical = Math.sqrt(d / heads) * (q.max() - q.min()) * (k.max() - k.min()) / 16.0;
        b.op(new IntOp.AttentionScores(p + ".scores", q.name(), k.name(), p + ".s", heads, Requant.of(mult(r, typical, sb))),
                s(p + ".s", sb, zp(r, sb), heads, t, t));
        int pb = bits.act();
        b.op(new IntOp.Softmax(p + ".softmax", p + ".s", p + ".p", softmaxLut(sb, 0.05 + r.nextDouble() * (8.0 / (1 << sb)))),
                TensorSpec.unsigned(p + ".p", pb, 1.0 / ((1 << pb) - 1), 0, heads, t, t));
        TensorSpec v = b.tensor(p + ".v");
        int ab = bits.act();
        b.op(new IntOp.AttentionApply(p + ".apply", p + ".p", v.name(), p + ".a",
                Requant.of(mult(r, ((1 << pb) - 1) * (v.max() - v.min()) / 4.0, ab))), s(p + ".a", ab, zp(r, ab), t, d));
        TensorSpec a = b.tensor(p + ".a");
        int obits = bits.act();
        b.op(linear(r, p + ".o", a, p + ".o", d, d, 1, bits.weight(), obits, 0, false), s(p + ".o", obits, 0, t, d));
        int rb = bits.act();
        b.op(new IntOp.Add(p + ".add1", h.name(), p + ".o", p + ".r1", 20, r.nextInt(1 << 21), r.nextInt(1 << 21)),
                s(p + ".r1", rb, zp(r, rb), t, d));
        int nb = bits.act();
        b.op(new IntOp.ChannelAffine(p + ".norm1", p + ".r1", p + ".n1", 20, IntArray.of(ints(r, d, -(1 << 21), 1 << 21)),
                IntArray.of(ints(r, d, -(1 << 22), 1 << 22))), s(p + ".n1", nb, zp(r, nb), t, d));
        TensorSpec n1 = b.tensor(p + ".n1");
        int fb = bits.act();
        int fz = zp(r, fb);
        b.op(linear(r, p + ".ffn1", n1, p + ".f1", d, ffn, 1, bits.weight(), fb, fz, r.nextBoolean()), s(p + ".f1", fb, fz, t, ffn));
        int f2b = bits.act();
        int f2z = zp(r, f2b);
        b.op(linear(r, p + ".ffn2", b.tensor(p + ".f1"), p + ".f2", ffn, d, 1, bits.weight(), f2b, f2z, false), s(p + ".f2", f2b, f2z, t, d));
        int r2b = bits.act();
        b.op(new IntOp.Add(p + ".add2", n1.name(), p + ".f2", p + ".r2", 20, r.nextInt(1 << 21), r.nextInt(1 << 21)),
                s(p + ".r2", r2b, zp(r, r2b), t, d));
        int ob = bits.act();
        b.op(new IntOp.ChannelAffine(p + ".norm2", p + ".r2", p + ".out", 20, IntArray.of(ints(r, d, -(1 << 21), 1 << 21)),
                IntArray.of(ints(r, d, -(1 << 22), 1 << 22))), s(p + ".out", ob, zp(r, ob), t, d));
        return b.tensor(p + ".out");
    }
}
