package org.intformer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.tensor.Elementwise;
import org.intformer.tensor.Graph;
import org.intformer.tensor.SeriesOps;
import org.intformer.tensor.ShapeOps;
import org.intformer.tensor.Tensor;

/**
 * The inter-series Transformer (after Cristian et al., arXiv 2408.03872), built from the encoder's own layers;
 * docs/MODEL.md defines it exactly. Per window of N series:
 * <ol>
 *   <li>each series' whole window becomes a series token (one shared linear map, plus a learned embedding per
 *       series);</li>
 *   <li>encoder layers across the N series tokens let each series attend to the others (the ablation skips
 *       them, so every series is forecast from its own window only);</li>
 *   <li>each series' result, projected, is a context token appended to that series' own patch tokens, and one
 *       shared encoder (same weights for every series) runs over those T + 1 tokens;</li>
 *   <li>the existing heads map each series' tokens to its H forecast steps.</li>
 * </ol>
 * Date features, when present, are embedded per patch (added to the patch tokens, beside or instead of the
 * positional encoding) and, for the horizon's steps, added to the context token.
 */
public final class InterSeriesForecaster implements ForecastModel {
    private final InterSeriesSpec spec;
    private final ParameterStore store;
    private final Linear seriesEmbed;
    private final Tensor seriesEmbedding;
    private final List<EncoderLayer> crossLayers = new ArrayList<>();
    private final Linear context;
    private final Linear embed;
    private final Linear datesEmbed;
    private final Linear datesFuture;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final Linear head;
    private final float[] positions;

    public InterSeriesForecaster(InterSeriesSpec spec, long seed) {
        this.spec = spec;
        this.store = new ParameterStore(seed);
        ModelSpec e = spec.encoder();
        int d = e.dModel();
        int f = spec.dateFeatures();
        this.seriesEmbed = new Linear(store, "series.embed", spec.lookback(), d);
        this.seriesEmbedding = spec.seriesEmbedding() ? store.uniform("series.embedding", 1f, spec.series(), d) : null;
        for (int i = 0; i < spec.activeCrossLayers(); i++) {
            crossLayers.add(new EncoderLayer(store, "cross.layers." + i, e));
        }
        this.context = new Linear(store, "context", d, d);
        this.embed = new Linear(store, "embed", e.patch(), d);
        this.datesEmbed = f > 0 ? new Linear(store, "dates.embed", e.patch() * f, d) : null;
        this.datesFuture = f > 0 ? new Linear(store, "dates.future", spec.horizon() * f, d) : null;
        for (int i = 0; i < e.layers(); i++) {
            layers.add(new EncoderLayer(store, "layers." + i, e));
        }
        this.head = new Linear(store, "head", spec.headInputs(), spec.horizon());
        this.positions = spec.positionalEncoding() ? PositionalEncoding.sinusoidal(spec.pastTokens(), d) : null;
    }

    public InterSeriesSpec spec() {
        return spec;
    }

    @Override
    public Map<String, Tensor> parameters() {
        return store.parameters();
    }

    @Override
    public Map<String, Tensor> state() {
        return store.all();
    }

    @Override
    public void load(Map<String, float[]> values) {
        store.load(values);
    }

    @Override
    public Runnable checkpoint() {
        return store.checkpoint();
    }

    @Override
    public long parameterCount() {
        return spec.parameterCount();
    }

    @Override
    public int inputWidth() {
        return spec.inputWidth();
    }

    @Override
    public ModelSpec encoder() {
        return spec.encoder();
    }

    @Override
    public int dateFeatures() {
        return spec.dateFeatures();
    }

    /**
     * Forecasts for a batch of windows.
     *
     * @param windows per window the z-scored values [L, N] then, with date features, [L + H, f]
     * @return [batch, H·N], step-major like the targets
     */
    @Override
    public Tensor forward(Graph g, float[] windows, int batch, SplittableRandom dropout, QuantHooks hooks) {
        int l = spec.lookback();
        int n = spec.series();
        int h = spec.horizon();
        int f = spec.dateFeatures();
        int d = spec.dModel();
        int t = spec.pastTokens();
        int p = spec.encoder().patch();
        int width = spec.inputWidth();
        if (windows.length != batch * width) {
            throw new IllegalArgumentException("expected " + batch * width + " input values, got " + windows.length);
        }
        float[] values = new float[batch * l * n];
        float[] dates = new float[batch * (l + h) * f];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(windows, b * width, values, b * l * n, l * n);
            System.arraycopy(windows, b * width + l * n, dates, b * (l + h) * f, (l + h) * f);
        }
        float[] x = hooks.input(values);
        float[] last = new float[batch * n];
        // Series-major, relative to each series' last value when asked: s[b, j, τ] = x[b, τ, j] (− x[b, L−1, j]).
        float[] s = new float[batch * n * l];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n; j++) {
                float base = spec.encoder().relative() ? x[(b * l + l - 1) * n + j] : 0f;
                last[b * n + j] = base;
                for (int tau = 0; tau < l; tau++) {
                    s[(b * n + j) * l + tau] = x[(b * l + tau) * n + j] - base;
                }
            }
        }
        Tensor series = Tensor.of(s, batch, n, l);

        // 1. Series tokens and 2. attention across them.
        Tensor u = seriesEmbedding == null ? seriesEmbed.forwardRaw(g, series, hooks)
                : seriesEmbed.forwardWithGroupBias(g, series, seriesEmbedding, hooks);
        u = hooks.activation(g, "series.embed", u);
        for (EncoderLayer layer : crossLayers) {
            u = layer.forward(g, u, dropout, hooks);
        }

        // 3. Context and patch tokens of each series, with the date features where given.
        Tensor patches = Tensor.of(s, batch * n, t, p);
        Tensor e = positions == null ? embed.forwardRaw(g, patches, hooks)
                : embed.forwardWithTokenBias(g, patches, positions, t, hooks);
        Tensor c = context.forwardRaw(g, u, hooks);
        if (f > 0) {
            float[] q = hooks.dates(dates);
            int stride = (l + h) * f;
            float[] past = new float[batch * l * f];
            float[] future = new float[batch * h * f];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(q, b * stride, past, b * l * f, l * f);
                System.arraycopy(q, b * stride + l * f, future, b * h * f, h * f);
            }
            Tensor de = datesEmbed.forward(g, Tensor.of(past, batch, t, p * f), hooks);
            Tensor fe = datesFuture.forward(g, Tensor.of(future, batch, h * f), hooks);
            e = SeriesOps.addAlong(g, ShapeOps.reshape(g, hooks.activation(g, "embed", e), batch, n, t, d), de, 1);
            c = SeriesOps.addAlong(g, hooks.activation(g, "context", c), fe, 1);
        }
        Tensor tokens = SeriesOps.concat(g, ShapeOps.reshape(g, e, batch * n, t, d), ShapeOps.reshape(g, c, batch * n, 1, d), 1);
        Tensor z = hooks.activation(g, "tokens", tokens);
        z = Elementwise.dropout(g, z, spec.encoder().dropout(), dropout);

        // 4. The shared per-series encoder and head.
        for (EncoderLayer layer : layers) {
            z = layer.forward(g, z, dropout, hooks);
        }
        Tensor pooled = switch (spec.encoder().head()) {
            case GAP -> hooks.activation(g, "pool", ShapeOps.meanTokens(g, z));
            case LAST -> ShapeOps.lastToken(g, z);
            case FLATTEN -> ShapeOps.reshape(g, z, batch * n, spec.tokens() * d);
        };
        Tensor y = head.forward(g, pooled, hooks);
        y = ShapeOps.reshape(g, SeriesOps.swapLastTwo(g, ShapeOps.reshape(g, y, batch, n, h)), batch, h * n);
        if (spec.encoder().relative()) {
            float[] add = new float[batch * h * n];
            for (int b = 0; b < batch; b++) {
                for (int step = 0; step < h; step++) {
                    System.arraycopy(last, b * n, add, (b * h + step) * n, n);
                }
            }
            y = Elementwise.addConstantPerSample(g, y, add);
        }
        return hooks.activation(g, "output", y);
    }
}
