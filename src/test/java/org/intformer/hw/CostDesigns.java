package org.intformer.hw;

import org.intformer.hw.synth.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.intformer.integer.IntArray;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelBuilder;
import org.intformer.integer.IntOp;
import org.intformer.integer.Requant;
import org.intformer.integer.TensorSpec;

/**
 * Designs of the design-space exploration's shape (lookback, patch, d_model, heads, layers, FFN width, head,
 * activation and weight bits, lanes) with seeded random weights: the calibration and validation set of
 * {@link CostModel}. A shape is one CSV row prefix, so the fixture can rebuild every design without yosys.
 */
final class CostDesigns {
    private CostDesigns() {
    }

    /** One point of the exploration; lanes 0 means auto. */
    record Shape(long seed, int lookback, int patch, int d, int heads, int layers, int ffn, String head, int aBits,
                 int wBits, int horizon, int lanes) {

        static final String CSV_HEADER = "seed,lookback,patch,d,heads,layers,ffn,head,abits,wbits,horizon,lanes";

        String csv() {
            return String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%s,%d,%d,%d,%d", seed, lookback, patch, d, heads, layers,
                    ffn, head, aBits, wBits, horizon, lanes);
        }

        /** Parses the first 12 columns of a CSV row. */
        static Shape parse(String[] c) {
            return new Shape(Long.parseLong(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                    Integer.parseInt(c[4]), Integer.parseInt(c[5]), Integer.parseInt(c[6]), c[7], Integer.parseInt(c[8]),
                    Integer.parseInt(c[9]), Integer.parseInt(c[10]), Integer.parseInt(c[11]));
        }

        HwOptions options() {
            return options(Target.XC7S15);
        }

        HwOptions options(Target t) {
            return new HwOptions(lanes, t);
        }

        /**
         * A random shape small enough for the iCE40 UP5K (5,280 logic cells, 30 block RAMs, 8 MAC16): d_model 8 to 32,
         * one layer, 1 to 8 lanes.
         */
        static Shape randomIce40(long seed) {
            Random r = new Random(seed);
            int patch = new int[] {1, 2, 4}[r.nextInt(3)];
            int lookback = Math.max(patch * 2, (12 + r.nextInt(37)) / patch * patch);
            int heads = 1 + r.nextInt(2);
            int d = new int[] {8, 16, 24, 32}[r.nextInt(4)] / heads * heads;
            int ffn = d * (2 + r.nextInt(3));
            String head = new String[] {"gap", "last", "flatten"}[r.nextInt(3)];
            int a = 4 + r.nextInt(5);
            int w = r.nextInt(3) == 0 ? 4 + r.nextInt(5) : a;
            int lanes = new int[] {1, 2, 4, 8}[r.nextInt(4)];
            return new Shape(seed, lookback, patch, d, heads, 1, ffn, head, a, w, 24, lanes);
        }

        /** A random shape of the exploration's ranges. */
        static Shape random(long seed) {
            Random r = new Random(seed);
            int patch = new int[] {1, 2, 4, 6, 8, 12}[r.nextInt(6)];
            int lookback = Math.max(patch * 2, (24 + r.nextInt(73)) / patch * patch);
            int heads = 1 + r.nextInt(4);
            int d = new int[] {8, 16, 24, 32, 48, 64}[r.nextInt(6)] / heads * heads;
            int ffn = d * (2 + r.nextInt(3));
            String head = new String[] {"gap", "last", "flatten"}[r.nextInt(3)];
            int a = 4 + r.nextInt(5);
            int w = r.nextInt(3) == 0 ? 4 + r.nextInt(5) : a;
            int lanes = new int[] {4, 8, 16, 24, 32, 0}[r.nextInt(6)];
            return new Shape(seed, lookback, patch, d, heads, 1 + r.nextInt(2), ffn, head, a, w, 24, lanes);
        }
    }

    /** The integer encoder of {@code s}: one input channel, relative input, seeded weights. */
    static IntModel model(Shape s) {
        Random r = new Random(s.seed());
        HwModels.Bits bits = HwModels.Bits.fixed(s.aBits(), s.wBits());
        int t = s.lookback() / s.patch();
        int io = s.aBits();
        IntModelBuilder b = new IntModelBuilder().metadata("shape", s.csv());
        TensorSpec x = HwModels.s("x", io, HwModels.zp(r, io), t * s.patch(), 1);
        b.input(x);
        b.op(new IntOp.RelativeInput("rel", "x", "xr", "last"), HwModels.s("xr", io + 1, 0, t * s.patch(), 1),
                HwModels.s("last", io, x.zeroPoint(), 1));
        b.op(new IntOp.Reshape("patch", "xr", "tok"), b.tensor("xr").withNameAndShape("tok", t, s.patch()));
        TensorSpec h = HwModels.embed(r, bits, b, b.tensor("tok"), s.d(), t);
        for (int layer = 0; layer < s.layers(); layer++) {
            h = HwModels.layer(r, bits, b, h, "l" + layer, s.heads(), s.ffn());
        }
        int features = s.d();
        switch (s.head()) {
            case "gap" -> b.op(new IntOp.MeanTokens("pool", h.name(), "z",
                    Requant.of(HwModels.mult(r, t * (h.max() - h.min()) / 4.0, io))), HwModels.s("z", io, HwModels.zp(r, io), s.d()));
            case "last" -> b.op(new IntOp.LastToken("pool", h.name(), "z"), h.withNameAndShape("z", s.d()));
            default -> {
                b.op(new IntOp.Reshape("pool", h.name(), "z"), h.withNameAndShape("z", t * s.d()));
                features = t * s.d();
            }
        }
        b.op(HwModels.linear(r, "head", b.tensor("z"), "yf", features, s.horizon(), 1, s.wBits(), io + 1, 0, false),
                HwModels.s("yf", io + 1, 0, s.horizon()));
        b.op(new IntOp.Reshape("unflat", "yf", "yr"), HwModels.s("yr", io + 1, 0, s.horizon(), 1));
        b.op(new IntOp.AddBack("addback", "yr", "last", "y", IntArray.of(new int[] {0})),
                HwModels.s("y", io, x.zeroPoint(), s.horizon(), 1));
        return b.output("y").build();
    }

    static List<Shape> random(long firstSeed, int n) {
        return random(firstSeed, n, Target.XC7S15);
    }

    static List<Shape> random(long firstSeed, int n, Target t) {
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(t == Target.XC7S15 ? Shape.random(firstSeed + i) : Shape.randomIce40(firstSeed + i));
        }
        return out;
    }
}
