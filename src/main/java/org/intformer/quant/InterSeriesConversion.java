package org.intformer.quant;

import org.intformer.integer.IntArray;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.integer.TensorSpec;
import org.intformer.nn.InterSeriesSpec;
import org.intformer.nn.PositionalEncoding;

/**
 * The integer model of an inter-series forecaster (docs/INTEGER.md, "Several series"). Every weight exists once:
 * the per-series layers run over tensors with a leading series axis ([N, T, d] rows for Linear, grouped
 * attention and pooling), so one ROM serves every series. Built with {@link QatConverter}'s op helpers.
 */
final class InterSeriesConversion {
    private final QatConverter c;
    private final InterSeriesSpec spec;

    InterSeriesConversion(QatConverter converter, InterSeriesSpec spec) {
        this.c = converter;
        this.spec = spec;
    }

    IntModel build() {
        QatModel qat = c.qat;
        int l = spec.lookback();
        int n = spec.series();
        int h = spec.horizon();
        int f = spec.dateFeatures();
        int d = spec.dModel();
        int t = spec.pastTokens();
        int p = spec.encoder().patch();
        boolean dates = f > 0;
        QuantGrid in = qat.inputGrid();
        c.b.input(QatConverter.spec("input", in, l, n));
        if (dates) {
            c.b.extraInput(QatConverter.spec("dates", qat.datesGrid(), l + h, f));
        }
        String x = "input";
        if (spec.encoder().relative()) {
            int relBits = qat.config().ioBits() + 1;
            c.b.op(new IntOp.RelativeInput("relative", "input", "input.rel", "last"),
                    TensorSpec.signed("input.rel", relBits, in.scale(), 0, l, n), QatConverter.spec("last", in, n));
            x = "input.rel";
        }
        c.b.op(new IntOp.Transpose("series", x, "series"), c.b.tensor(x).withNameAndShape("series", n, l));

        // Series tokens (one bias row per series when each has a learned embedding), then attention across them.
        int[] seriesBias = spec.seriesEmbedding()
                ? c.rowBias("series.embed", "series", c.params.get("series.embedding").data(), n) : null;
        String u = c.linear("series.embed", "series", "series.embed", seriesBias, false);
        for (int i = 0; i < spec.activeCrossLayers(); i++) {
            u = c.encoderLayer("cross.layers." + i, u);
        }

        // Patch tokens and the context token of each series, on the one grid of "tokens" so that joining copies.
        QuantGrid tokens = qat.grid("tokens");
        c.b.op(new IntOp.Reshape("patch", "series", "patches"), c.b.tensor("series").withNameAndShape("patches", n, t, p));
        int[] tokenBias = spec.positionalEncoding() ? c.rowBias("embed", "patches", PositionalEncoding.sinusoidal(t, d), t) : null;
        String patchTokens;
        String contextToken;
        if (dates) {
            String e = c.linear("embed", "patches", "embed", tokenBias, false);
            String ctx = c.linear("context", u, "context", null, false);
            c.b.op(new IntOp.Slice("dates.past", "dates", "dates.past", 0, l), c.b.tensor("dates").withNameAndShape("dates.past", l, f));
            c.b.op(new IntOp.Reshape("dates.patch", "dates.past", "dates.patches"),
                    c.b.tensor("dates").withNameAndShape("dates.patches", t, p * f));
            c.b.op(new IntOp.Slice("dates.horizon", "dates", "dates.horizon", l, l + h),
                    c.b.tensor("dates").withNameAndShape("dates.horizon", h, f));
            c.b.op(new IntOp.Reshape("dates.flat", "dates.horizon", "dates.horizon.flat"),
                    c.b.tensor("dates").withNameAndShape("dates.horizon.flat", h * f));
            String de = c.linear("dates.embed", "dates.patches", "dates.embed", null, false);
            String fe = c.linear("dates.future", "dates.horizon.flat", "dates.future", null, false);
            patchTokens = c.add("tokens.patches", e, de, "tokens.patches", tokens, 0);
            contextToken = c.add("tokens.context", ctx, fe, "tokens.context", tokens, 0);
        } else {
            patchTokens = c.linearTo("embed", "patches", "tokens.patches", tokens, tokenBias, false);
            contextToken = c.linearTo("context", u, "tokens.context", tokens, null, false);
        }
        c.b.op(new IntOp.Reshape("context_row", contextToken, "tokens.context.row"),
                c.b.tensor(contextToken).withNameAndShape("tokens.context.row", n, 1, d));
        c.b.op(new IntOp.Concat("join", patchTokens, "tokens.context.row", "tokens", 1),
                QatConverter.spec("tokens", tokens, n, t + 1, d));

        // The shared per-series encoder and head.
        String z = "tokens";
        for (int i = 0; i < spec.encoder().layers(); i++) {
            z = c.encoderLayer("layers." + i, z);
        }
        String pooled = switch (spec.encoder().head()) {
            case GAP -> {
                QuantGrid pool = qat.grid("pool");
                c.b.op(new IntOp.MeanTokens("pool", z, "pool",
                        QatConverter.requant(c.b.tensor(z).scale() / (spec.tokens() * pool.scale()))), QatConverter.spec("pool", pool, n, d));
                yield "pool";
            }
            case LAST -> {
                c.b.op(new IntOp.LastToken("last_token", z, "last_token"), c.b.tensor(z).withNameAndShape("last_token", n, d));
                yield "last_token";
            }
            case FLATTEN -> {
                c.b.op(new IntOp.Reshape("flatten", z, "flat"), c.b.tensor(z).withNameAndShape("flat", n, spec.tokens() * d));
                yield "flat";
            }
        };
        if (spec.encoder().relative()) {
            String rel = c.linear("head", pooled, "head", null, false);
            c.b.op(new IntOp.Transpose("head_steps", rel, "head.steps"), c.b.tensor(rel).withNameAndShape("head.steps", h, n));
            c.b.op(new IntOp.AddBack("add_back", "head.steps", "last", "output", IntArray.of(identity(n))),
                    QatConverter.spec("output", qat.grid("output"), h, n));
        } else {
            String out = c.linearTo("head", pooled, "output.series", qat.grid("output"), null, false);
            c.b.op(new IntOp.Transpose("output_steps", out, "output"), c.b.tensor(out).withNameAndShape("output", h, n));
        }
        c.b.output("output");
        return c.b.build();
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }
}
