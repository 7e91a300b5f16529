package org.intformer.integer;

import java.util.Random;

/** Small random integer models built by hand, as the converter would build them. */
public final class TestModels {

    static final int L = 8;
    static final int M = 2;
    static final int P = 2;
    static final int T = L / P;
    static final int D = 8;
    static final int HEADS = 2;
    static final int FFN = 16;
    static final int H = 3;
    static final int IO_BITS = 8;
    static final int Z_IN = 3;

    private TestModels() {
    }

    /**
     * The activation width of a test model: {@code bits} bits (scores too, with a coarser scale so that the
     * softmax rows are as peaked as at 8 bits; their requantization 2^(2·(8 − bits)) larger) and, below 8 bits,
     * zero points of 1 where the 8-bit model has 0 (the kernels must subtract each one).
     */
    record Width(int bits) {
        int lo() {
            return -(1 << (bits - 1));
        }

        int hi() {
            return (1 << (bits - 1)) - 1;
        }

        double scoreScale() {
            return 0.06 * (1 << (8 - bits));
        }

        int scoreShift() {
            return 2 * (8 - bits);
        }

        int zero() {
            return bits < 8 ? 1 : 0;
        }
    }

    static int[] randomInts(Random random, int count, int lo, int hi) {
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            v[i] = lo + random.nextInt(hi - lo + 1);
        }
        return v;
    }

    /** A multiplier drawn log-uniformly from [2^lo, 2^hi). */
    static Multiplier multiplier(Random random, int lo, int hi) {
        return Multiplier.of(Math.pow(2, lo + (hi - lo) * random.nextDouble()));
    }

    /** {@code m} times 2^k (k = 0 gives m itself). */
    static Multiplier times2(Multiplier m, int k) {
        return k == 0 ? m : Multiplier.of(Math.scalb((double) m.m0(), k - m.n()));
    }

    static Requant perChannel(Random random, int channels, int lo, int hi) {
        Multiplier[] ms = new Multiplier[channels];
        for (int i = 0; i < channels; i++) {
            ms[i] = multiplier(random, lo, hi);
        }
        return Requant.perChannel(ms);
    }

    static IntOp.Linear linear(Random random, String name, String in, String out, int k, int o, int groups,
                               int lo, int hi) {
        return new IntOp.Linear(name, in, out, k, o, 8, IntArray.of(randomInts(random, k * o, -128, 127)), groups,
                IntArray.of(randomInts(random, groups * o, -5000, 5000)),
                random.nextBoolean() ? perChannel(random, o, -11, -8) : Requant.of(multiplier(random, -11, -8)), lo, hi);
    }

    /** The softmax table of {@code docs/INTEGER.md} for scores of {@code bits} bits at scale {@code scale}. */
    static IntArray softmaxLut(int bits, double scale) {
        int[] lut = new int[1 << bits];
        for (int d = 0; d < lut.length; d++) {
            lut[d] = (int) HostQuantization.roundHalfAway(65536 * Math.exp(-scale * d));
        }
        return IntArray.of(lut);
    }

    static IntOp.ChannelAffine affine(Random random, String name, String in, String out) {
        int[] scale = randomInts(random, D, -(1 << 20), 1 << 20);
        int[] offset = randomInts(random, D, -(1 << 24), 1 << 24);
        return new IntOp.ChannelAffine(name, in, out, 20, IntArray.of(scale), IntArray.of(offset));
    }

    /**
     * The whole pipeline of the float model: relative input, patching, embedding with per-token bias, one
     * encoder layer, a head ("gap", "last" or "flatten") and the add-back of the target channel.
     */
    static IntModel encoder(long seed, String head) {
        return encoder(seed, head, 8);
    }

    /**
     * As {@link #encoder(long, String)} with activations of {@code bits} bits (scores too, with a coarser scale so
     * that the softmax rows are as peaked as at 8 bits): below 8 bits every op saturates on ordinary windows.
     */
    static IntModel encoder(long seed, String head, int bits) {
        Width w = new Width(bits);
        Random random = new Random(seed);
        double sIn = 0.03;
        IntModelBuilder b = new IntModelBuilder().metadata("seed", seed).metadata("head", head);
        b.input(TensorSpec.signed("x", IO_BITS, sIn, Z_IN, L, M));
        b.op(new IntOp.RelativeInput("relative", "x", "x_rel", "last"),
                TensorSpec.signed("x_rel", IO_BITS + 1, sIn, 0, L, M), TensorSpec.signed("last", IO_BITS, sIn, Z_IN, M));
        b.op(new IntOp.Reshape("patch", "x_rel", "tokens"), TensorSpec.signed("tokens", IO_BITS + 1, sIn, 0, T, P * M));
        b.op(linear(random, "embed", "tokens", "h0", P * M, D, T, w.lo(), w.hi()), TensorSpec.signed("h0", bits, 0.05, -2, T, D));
        b.op(linear(random, "q", "h0", "q_out", D, D, 1, w.lo(), w.hi()), TensorSpec.signed("q_out", bits, 0.05, 1, T, D));
        b.op(linear(random, "k", "h0", "k_out", D, D, 1, w.lo(), w.hi()), TensorSpec.signed("k_out", bits, 0.05, w.zero(), T, D));
        b.op(linear(random, "v", "h0", "v_out", D, D, 1, w.lo(), w.hi()), TensorSpec.signed("v_out", bits, 0.05, -1, T, D));
        b.op(new IntOp.AttentionScores("scores", "q_out", "k_out", "s", HEADS, Requant.of(times2(multiplier(random, -8, -6), w.scoreShift()))),
                TensorSpec.signed("s", bits, w.scoreScale(), 0, HEADS, T, T));
        b.op(new IntOp.Softmax("softmax", "s", "p", softmaxLut(bits, w.scoreScale())),
                TensorSpec.unsigned("p", 8, 1.0 / 255, 0, HEADS, T, T));
        b.op(new IntOp.AttentionApply("apply", "p", "v_out", "a", Requant.of(multiplier(random, -8, -6))),
                TensorSpec.signed("a", bits, 0.05, 2, T, D));
        b.op(linear(random, "o", "a", "ao", D, D, 1, w.lo(), w.hi()), TensorSpec.signed("ao", bits, 0.05, w.zero(), T, D));
        b.op(new IntOp.Add("residual1", "h0", "ao", "r1", 20, 1 << 19, 3 << 18), TensorSpec.signed("r1", bits, 0.07, 0, T, D));
        b.op(affine(random, "norm1", "r1", "n1"), TensorSpec.signed("n1", bits, 0.05, 1, T, D));
        b.op(linear(random, "ffn1", "n1", "f1", D, FFN, 1, -5, w.hi()), TensorSpec.signed("f1", bits, 0.05, -5, T, FFN));
        b.op(linear(random, "ffn2", "f1", "f2", FFN, D, 1, w.lo(), w.hi()), TensorSpec.signed("f2", bits, 0.05, w.zero(), T, D));
        b.op(new IntOp.Add("residual2", "n1", "f2", "r2", 20, 5 << 17, 1 << 20), TensorSpec.signed("r2", bits, 0.07, -3, T, D));
        b.op(affine(random, "norm2", "r2", "h1"), TensorSpec.signed("h1", bits, 0.05, w.zero(), T, D));
        int features;
        switch (head) {
            case "gap" -> {
                b.op(new IntOp.MeanTokens("pool", "h1", "z", Requant.of(times2(Multiplier.of(0.9 / T), bits < 8 ? 1 : 0))),
                        TensorSpec.signed("z", bits, 0.05, w.zero(), D));
                features = D;
            }
            case "last" -> {
                b.op(new IntOp.LastToken("pool", "h1", "z"), TensorSpec.signed("z", bits, 0.05, w.zero(), D));
                features = D;
            }
            case "flatten" -> {
                b.op(new IntOp.Reshape("pool", "h1", "z"), TensorSpec.signed("z", bits, 0.05, w.zero(), T * D));
                features = T * D;
            }
            default -> throw new IllegalArgumentException(head);
        }
        b.op(linear(random, "head", "z", "y_flat", features, H, 1, 2 * w.lo(), 2 * w.hi() + 1), TensorSpec.signed("y_flat", bits + 1, sIn, 0, H));
        b.op(new IntOp.Reshape("unflatten", "y_flat", "y_rel"), TensorSpec.signed("y_rel", bits + 1, sIn, 0, H, 1));
        b.op(new IntOp.AddBack("add_back", "y_rel", "last", "y", IntArray.of(1)), TensorSpec.signed("y", IO_BITS, sIn, Z_IN, H, 1));
        return b.output("y").build();
    }

    static int[] window(Random random) {
        return randomInts(random, L * M, -128, 127);
    }

    /** Series and date features of {@link #interSeries}. */
    static final int N = 3;
    static final int F = 2;

    /**
     * A model with every op of IR version 2, shaped like the inter-series converter's output: the window and the
     * date features as inputs, series-major rows, attention across series (rank 2), date embeddings broadcast
     * over series and over the context tokens, joined tokens, grouped attention over each series' tokens, a
     * grouped head ("gap", "last" or "flatten") and the add-back of every series.
     */
    public static IntModel interSeries(long seed, String head) {
        return interSeries(seed, head, 8);
    }

    /**
     * As {@link #interSeries(long, String)} with activations of {@code bits} bits (scores at a coarser scale, zero
     * points of 1 where the 8-bit model has 0), so that below 8 bits every op that can saturate does; at 8 bits
     * the same model as before.
     */
    public static IntModel interSeries(long seed, String head, int bits) {
        Width w = new Width(bits);
        Random random = new Random(seed);
        double sIn = 0.03;
        IntModelBuilder b = new IntModelBuilder().metadata("seed", seed);
        b.input(TensorSpec.signed("x", IO_BITS, sIn, Z_IN, L, N));
        b.extraInput(TensorSpec.signed("dates", 8, 1.0 / 127, 0, L + H, F));
        b.op(new IntOp.RelativeInput("relative", "x", "x_rel", "last"),
                TensorSpec.signed("x_rel", IO_BITS + 1, sIn, 0, L, N), TensorSpec.signed("last", IO_BITS, sIn, Z_IN, N));
        b.op(new IntOp.Transpose("series", "x_rel", "s"), TensorSpec.signed("s", IO_BITS + 1, sIn, 0, N, L));
        b.op(linear(random, "series_embed", "s", "u", L, D, N, w.lo(), w.hi()), TensorSpec.signed("u", bits, 0.05, -1, N, D));
        b.op(new IntOp.AttentionScores("cross_scores", "u", "u", "cs", HEADS, Requant.of(times2(multiplier(random, -8, -6), w.scoreShift()))),
                TensorSpec.signed("cs", bits, w.scoreScale(), 0, HEADS, N, N));
        b.op(new IntOp.Softmax("cross_softmax", "cs", "cp", softmaxLut(bits, w.scoreScale())),
                TensorSpec.unsigned("cp", 8, 1.0 / 255, 0, HEADS, N, N));
        b.op(new IntOp.AttentionApply("cross_apply", "cp", "u", "ca", Requant.of(multiplier(random, -8, -6))),
                TensorSpec.signed("ca", bits, 0.05, 2, N, D));
        b.op(new IntOp.Reshape("patch", "s", "patches"), TensorSpec.signed("patches", IO_BITS + 1, sIn, 0, N, T, P));
        b.op(linear(random, "embed", "patches", "e", P, D, T, w.lo(), w.hi()), TensorSpec.signed("e", bits, 0.05, w.zero(), N, T, D));
        b.op(new IntOp.Slice("dates_past", "dates", "dp", 0, L), TensorSpec.signed("dp", 8, 1.0 / 127, 0, L, F));
        b.op(new IntOp.Reshape("dates_patch", "dp", "dpp"), TensorSpec.signed("dpp", 8, 1.0 / 127, 0, T, P * F));
        b.op(new IntOp.Slice("dates_future", "dates", "df", L, L + H), TensorSpec.signed("df", 8, 1.0 / 127, 0, H, F));
        b.op(new IntOp.Reshape("dates_flat", "df", "dff"), TensorSpec.signed("dff", 8, 1.0 / 127, 0, H * F));
        b.op(linear(random, "dates_embed", "dpp", "de", P * F, D, 1, w.lo(), w.hi()), TensorSpec.signed("de", bits, 0.04, 1, T, D));
        b.op(linear(random, "dates_fut", "dff", "fe", H * F, D, 1, w.lo(), w.hi()), TensorSpec.signed("fe", bits, 0.04, -1, D));
        b.op(new IntOp.BroadcastAdd("tokens_patches", "e", "de", "et", 0, 20, 1 << 19, 3 << 18),
                TensorSpec.signed("et", bits, 0.07, 1, N, T, D));
        b.op(linear(random, "context", "ca", "c0", D, D, 1, w.lo(), w.hi()), TensorSpec.signed("c0", bits, 0.05, w.zero(), N, D));
        b.op(new IntOp.BroadcastAdd("tokens_context", "c0", "fe", "ct", 0, 20, 3 << 18, 1 << 19),
                TensorSpec.signed("ct", bits, 0.07, 1, N, D));
        b.op(new IntOp.Reshape("context_row", "ct", "ctr"), TensorSpec.signed("ctr", bits, 0.07, 1, N, 1, D));
        b.op(new IntOp.Concat("join", "et", "ctr", "tok", 1), TensorSpec.signed("tok", bits, 0.07, 1, N, T + 1, D));
        b.op(new IntOp.AttentionScores("scores", "tok", "tok", "gs", HEADS, Requant.of(times2(multiplier(random, -8, -6), w.scoreShift()))),
                TensorSpec.signed("gs", bits, w.scoreScale(), 0, N, HEADS, T + 1, T + 1));
        b.op(new IntOp.Softmax("softmax", "gs", "gp", softmaxLut(bits, w.scoreScale())),
                TensorSpec.unsigned("gp", 8, 1.0 / 255, 0, N, HEADS, T + 1, T + 1));
        b.op(new IntOp.AttentionApply("apply", "gp", "tok", "ga", Requant.of(multiplier(random, -8, -6))),
                TensorSpec.signed("ga", bits, 0.05, -2, N, T + 1, D));
        int features;
        switch (head) {
            case "gap" -> {
                b.op(new IntOp.MeanTokens("pool", "ga", "z", Requant.of(times2(Multiplier.of(0.9 / (T + 1)), bits < 8 ? 1 : 0))),
                        TensorSpec.signed("z", bits, 0.05, w.zero(), N, D));
                features = D;
            }
            case "last" -> {
                b.op(new IntOp.LastToken("pool", "ga", "z"), TensorSpec.signed("z", bits, 0.05, -2, N, D));
                features = D;
            }
            case "flatten" -> {
                b.op(new IntOp.Reshape("pool", "ga", "z"), TensorSpec.signed("z", bits, 0.05, -2, N, (T + 1) * D));
                features = (T + 1) * D;
            }
            default -> throw new IllegalArgumentException(head);
        }
        b.op(linear(random, "head", "z", "yh", features, H, 1, 2 * w.lo(), 2 * w.hi() + 1), TensorSpec.signed("yh", bits + 1, sIn, 0, N, H));
        b.op(new IntOp.Transpose("steps", "yh", "y_rel"), TensorSpec.signed("y_rel", bits + 1, sIn, 0, H, N));
        b.op(new IntOp.AddBack("add_back", "y_rel", "last", "y", IntArray.of(0, 1, 2)),
                TensorSpec.signed("y", IO_BITS, sIn, Z_IN, H, N));
        return b.output("y").build();
    }

    /** Random inputs of {@link #interSeries}: the window, then the date features. */
    static java.util.List<int[]> seriesInputs(Random random) {
        return java.util.List.of(randomInts(random, L * N, -128, 127), randomInts(random, (L + H) * F, -127, 127));
    }
}
