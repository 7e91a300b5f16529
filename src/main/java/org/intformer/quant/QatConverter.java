package org.intformer.quant;

import java.util.Map;
import org.intformer.integer.IntArray;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelBuilder;
import org.intformer.integer.IntOp;
import org.intformer.integer.Multiplier;
import org.intformer.integer.Requant;
import org.intformer.integer.TensorSpec;
import org.intformer.nn.InterSeriesForecaster;
import org.intformer.nn.ModelSpec;
import org.intformer.nn.PositionalEncoding;
import org.intformer.tensor.NormOps;
import org.intformer.tensor.Tensor;

/**
 * Turns a trained {@link QatModel} into the integer model it simulates: integer weights and biases, fixed-point
 * multipliers from the grids, batch norm folded into a per-channel affine map, the softmax table, the
 * positional encoding folded into the embedding's per-token bias. Tensor names are the QAT points' names.
 */
public final class QatConverter {
    /** Largest shift of the Add and ChannelAffine coefficients (2^−20 relative precision); smaller when the sums would not fit 31 bits. */
    static final int MAX_AFFINE_SHIFT = 20;

    final QatModel qat;
    private final ModelSpec spec;
    final Map<String, Tensor> params;
    private final Map<String, Tensor> state;
    final IntModelBuilder b = new IntModelBuilder();

    private QatConverter(QatModel qat) {
        this.qat = qat;
        this.spec = qat.model().encoder();
        this.params = qat.model().parameters();
        this.state = qat.model().state();
    }

    public static IntModel convert(QatModel qat, Map<String, Object> metadata) {
        QatConverter c = new QatConverter(qat);
        metadata.forEach(c.b::metadata);
        if (qat.model() instanceof InterSeriesForecaster is) {
            return new InterSeriesConversion(c, is.spec()).build();
        }
        return c.build();
    }

    private IntModel build() {
        int l = spec.lookback();
        int m = spec.inChannels();
        QuantGrid in = qat.inputGrid();
        b.input(spec("input", in, l, m));
        String x = "input";
        if (spec.relative()) {
            int relBits = qat.config().ioBits() + 1;
            b.op(new IntOp.RelativeInput("relative", "input", "input.rel", "last"),
                    TensorSpec.signed("input.rel", relBits, in.scale(), 0, l, m), spec("last", in, m));
            x = "input.rel";
        }
        b.op(new IntOp.Reshape("patch", x, "tokens"), b.tensor(x).withNameAndShape("tokens", spec.tokens(), spec.tokenWidth()));
        String h = linear("embed", "tokens", "embed", embedBias(), false);
        for (int i = 0; i < spec.layers(); i++) {
            h = encoderLayer("layers." + i, h);
        }
        String z = switch (spec.head()) {
            case GAP -> {
                QuantGrid pool = qat.grid("pool");
                TensorSpec xs = b.tensor(h);
                b.op(new IntOp.MeanTokens("pool", h, "pool", requant(xs.scale() / (spec.tokens() * pool.scale()))),
                        spec("pool", pool, spec.dModel()));
                yield "pool";
            }
            case LAST -> {
                b.op(new IntOp.LastToken("last_token", h, "last_token"), b.tensor(h).withNameAndShape("last_token", spec.dModel()));
                yield "last_token";
            }
            case FLATTEN -> {
                b.op(new IntOp.Reshape("flatten", h, "flat"), b.tensor(h).withNameAndShape("flat", spec.tokens() * spec.dModel()));
                yield "flat";
            }
        };
        int horizon = spec.horizon();
        int c = spec.outChannels();
        if (spec.relative()) {
            String rel = linear("head", z, "head", null, false);
            if (spec.linearPath()) {
                rel = add("forecast", rel, linearPath());
            }
            b.op(new IntOp.Reshape("head_shape", rel, "head.hc"), b.tensor(rel).withNameAndShape("head.hc", horizon, c));
            b.op(new IntOp.AddBack("add_back", "head.hc", "last", "output", IntArray.of(spec.outputSources())),
                    spec("output", qat.grid("output"), horizon, c));
        } else {
            String out = spec.linearPath()
                    ? add("forecast", linear("head", z, "head", null, false), linearPath(), "output.flat", qat.grid("output"), -1)
                    : linearTo("head", z, "output.flat", qat.grid("output"), null, false);
            b.op(new IntOp.Reshape("output_shape", out, "output"), b.tensor(out).withNameAndShape("output", horizon, c));
        }
        b.output("output");
        return b.build();
    }

    /**
     * The ops of encoder layer {@code p} over tokens {@code h}: [T, d], or [G, T, d] for G groups (series) sharing
     * the layer's weights (grouped attention, IR version 2).
     */
    String encoderLayer(String p, String h) {
        String q = linear(p + ".attn.q", h, p + ".attn.q", null, false);
        String k = linear(p + ".attn.k", h, p + ".attn.k", null, false);
        String v = linear(p + ".attn.v", h, p + ".attn.v", null, false);
        TensorSpec hs = b.tensor(h);
        int t = hs.dim(-2);
        int heads = spec.heads();
        QuantGrid sg = qat.scoreGrid(p + ".attn");
        double dh = spec.dModel() / (double) heads;
        double mScores = b.tensor(q).scale() * b.tensor(k).scale() / (Math.sqrt(dh) * sg.scale());
        b.op(new IntOp.AttentionScores(p + ".scores", q, k, p + ".scores", heads, requant(mScores)),
                spec(p + ".scores", sg, grouped(hs, heads, t, t)));
        int probBits = qat.probBits(p + ".attn");
        int levels = (1 << probBits) - 1;
        int scoreBits = bits(sg);
        b.op(new IntOp.Softmax(p + ".softmax", p + ".scores", p + ".probs", IntArray.of(IntegerSoftmax.lut(sg.scale(), 1 << scoreBits))),
                TensorSpec.unsigned(p + ".probs", probBits, 1.0 / levels, 0, grouped(hs, heads, t, t)));
        QuantGrid attn = qat.grid(p + ".attn");
        b.op(new IntOp.AttentionApply(p + ".apply", p + ".probs", v, p + ".attn",
                        requant(b.tensor(v).scale() / (levels * attn.scale()))),
                spec(p + ".attn", attn, hs.shape().toArray()));
        String o = linear(p + ".attn.o", p + ".attn", p + ".attn.o", null, false);
        String a1 = add(p + ".add1", h, o);
        String n1 = affine(p + ".norm1", a1);
        String f1 = linear(p + ".ffn1", n1, p + ".ffn1", null, true);
        String f2 = linear(p + ".ffn2", f1, p + ".ffn2", null, false);
        String a2 = add(p + ".add2", n1, f2);
        return affine(p + ".norm2", a2);
    }

    /** {@code dims} preceded by the group axis of {@code tokens} when it has one ([G, T, d]). */
    private static int[] grouped(TensorSpec tokens, int... dims) {
        if (tokens.rank() < 3) {
            return dims;
        }
        int[] shape = new int[dims.length + 1];
        shape[0] = tokens.dim(0);
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return shape;
    }

    /** A linear layer whose output is the activation point of the same name. */
    String linear(String layer, String input, String output, int[] biasOverride, boolean relu) {
        return linearTo(layer, input, output, qat.grid(output), biasOverride, relu);
    }

    String linearTo(String layer, String input, String output, QuantGrid out, int[] biasOverride, boolean relu) {
        TensorSpec x = b.tensor(input);
        Tensor w = params.get(layer + ".weight");
        WeightQuantizer wq = qat.weightQuantizer(layer);
        double[] sw = wq.scales(w);
        int[] qw = wq.quantized(w);
        int k = w.dim(0);
        int o = w.dim(1);
        int[] bias = biasOverride != null ? biasOverride
                : BiasQuantizer.quantizeBias(params.get(layer + ".bias").data(), x.scale(), sw);
        Multiplier[] ms = new Multiplier[sw.length];
        for (int j = 0; j < sw.length; j++) {
            ms[j] = Multiplier.of(x.scale() * sw[j] / out.scale());
        }
        Requant rq = ms.length == 1 ? Requant.of(ms[0]) : Requant.perChannel(ms);
        int[] shape = b.tensor(input).shape().toArray();
        shape[shape.length - 1] = o;
        int groups = biasOverride != null ? biasOverride.length / o : 1;
        b.op(new IntOp.Linear(layer, input, output, k, o, wq.bits(), IntArray.of(qw), groups, IntArray.of(bias), rq,
                relu ? out.zeroPoint() : out.lo(), out.hi()), spec(output, out, shape));
        return output;
    }

    /** The embedding's bias plus the positional encoding of each token, at S_x·S_w. */
    private int[] embedBias() {
        return rowBias("embed", "tokens", PositionalEncoding.sinusoidal(spec.tokens(), spec.dModel()), spec.tokens());
    }

    /**
     * A linear layer's bias plus a constant per row group ([groups, out] floats added to row r as row r mod groups:
     * positional encodings per token, embeddings per series), each row quantized at S_x·S_w.
     */
    int[] rowBias(String layer, String input, float[] perRow, int groups) {
        Tensor w = params.get(layer + ".weight");
        double[] sw = qat.weightQuantizer(layer).scales(w);
        double sx = b.tensor(input).scale();
        float[] bias = params.get(layer + ".bias").data();
        int d = bias.length;
        int[] q = new int[groups * d];
        for (int i = 0; i < groups; i++) {
            float[] row = new float[d];
            for (int j = 0; j < d; j++) {
                row[j] = bias[j] + perRow[i * d + j];
            }
            System.arraycopy(BiasQuantizer.quantizeBias(row, sx, sw), 0, q, i * d, d);
        }
        return q;
    }

    /** The linear path: the absolute input window, flattened, through one linear layer. */
    private String linearPath() {
        b.op(new IntOp.Reshape("window", "input", "window"), b.tensor("input").withNameAndShape("window", spec.windowValues()));
        return linear("linear", "window", "linear", null, false);
    }

    private String add(String name, String a, String c) {
        return add(name, a, c, name, qat.grid(name), -1);
    }

    /**
     * A + C requantized to {@code grid} as tensor {@code output}: an {@link IntOp.Add}, or with {@code axis} ≥ 0 an
     * {@link IntOp.BroadcastAdd} repeating C along that axis of A.
     */
    String add(String name, String a, String c, String output, QuantGrid y, int axis) {
        TensorSpec sa = b.tensor(a);
        TensorSpec sc = b.tensor(c);
        double ra = sa.scale() / y.scale();
        double rc = sc.scale() / y.scale();
        int k = shiftFor(span(sa) * ra + span(sc) * rc);
        IntOp op = axis < 0 ? new IntOp.Add(name, a, c, output, k, fixed(ra, k), fixed(rc, k))
                : new IntOp.BroadcastAdd(name, a, c, output, axis, k, fixed(ra, k), fixed(rc, k));
        b.op(op, spec(output, y, sa.shape().toArray()));
        return output;
    }

    /** Largest |q − z| a tensor can hold. */
    private static long span(TensorSpec t) {
        return Math.max((long) t.max() - t.zeroPoint(), (long) t.zeroPoint() - t.min());
    }

    /** The largest shift ≤ 20 at which a pre-shift sum of real magnitude {@code bound} stays below 2^31 (with margin). */
    private static int shiftFor(double bound) {
        int k = MAX_AFFINE_SHIFT;
        while (k > 1 && Math.scalb(bound, k) + 4 * 65536.0 >= 0x1p31) {
            k--;
        }
        return k;
    }

    /** Frozen batch norm as Y = z_y + roundShift((X − z_x)·A[c] + B[c], k). */
    private String affine(String name, String input) {
        QuantGrid y = qat.grid(name);
        TensorSpec x = b.tensor(input);
        float[] gamma = params.get(name + ".weight").data();
        float[] beta = params.get(name + ".bias").data();
        float[] mean = state.get(name + ".running_mean").data();
        float[] var = state.get(name + ".running_var").data();
        int c = gamma.length;
        double[] ra = new double[c];
        double[] roff = new double[c];
        double bound = 0;
        for (int j = 0; j < c; j++) {
            double sigma = Math.sqrt(var[j] + (double) NormOps.EPS);
            ra[j] = gamma[j] / sigma * x.scale() / y.scale();
            roff[j] = (beta[j] - gamma[j] * mean[j] / sigma) / y.scale();
            bound = Math.max(bound, span(x) * Math.abs(ra[j]) + Math.abs(roff[j]));
        }
        int k = shiftFor(bound);
        int[] a = new int[c];
        int[] off = new int[c];
        for (int j = 0; j < c; j++) {
            a[j] = fixed(ra[j], k);
            off[j] = fixed(roff[j], k);
        }
        b.op(new IntOp.ChannelAffine(name, input, name, k, IntArray.of(a), IntArray.of(off)),
                spec(name, y, x.shape().toArray()));
        return name;
    }

    private static int fixed(double v, int k) {
        double r = QuantGrid.roundHalfAway(Math.scalb(v, k));
        if (Math.abs(r) > Integer.MAX_VALUE) {
            throw new org.intformer.UserError("a fixed-point coefficient " + v + " does not fit 32 bits at shift " + k);
        }
        return (int) r;
    }

    static Requant requant(double m) {
        return Requant.of(Multiplier.of(m));
    }

    private static int bits(QuantGrid g) {
        return 32 - Integer.numberOfLeadingZeros(g.hi() - g.lo());
    }

    static TensorSpec spec(String name, QuantGrid g, int... shape) {
        return TensorSpec.signed(name, bits(g), g.scale(), g.zeroPoint(), shape);
    }
}
