package org.intformer.nn;

import org.intformer.UserError;

/**
 * The architecture of an {@link InterSeriesForecaster} (docs/MODEL.md, "The inter-series model").
 *
 * @param encoder            the shared per-series encoder and the window: {@code inChannels} is the number of
 *                           series N (each series is an input and an output, in the same order), lookback,
 *                           horizon, d-model, heads, layers, ffn, norm, activation, head, relative, patch, dropout
 * @param crossLayers        encoder layers across the series tokens (used when {@code crossSeries})
 * @param crossSeries        false for the ablation: no attention across series, every series forecast from
 *                           its own window only
 * @param seriesEmbedding    a learned vector per series added to its series token
 * @param positionalEncoding sinusoidal encodings of the per-series tokens (else only date features, if any, say
 *                           where a token lies)
 * @param dateFeatures       date features per time step, f; 0 for none
 */
public record InterSeriesSpec(ModelSpec encoder, int crossLayers, boolean crossSeries, boolean seriesEmbedding,
                              boolean positionalEncoding, int dateFeatures) {

    public InterSeriesSpec {
        int[] sources = encoder.outputSources();
        if (sources.length != encoder.inChannels()) {
            throw new UserError("model inter-series forecasts every series (features M): " + encoder.inChannels()
                    + " series in, " + sources.length + " out");
        }
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] != i) {
                throw new UserError("model inter-series forecasts each series from its own input column");
            }
        }
        if (crossLayers < 0 || (crossSeries && crossLayers < 1)) {
            throw new UserError("cross-layers must be ≥ 1 with cross-series attention, got " + crossLayers);
        }
        if (dateFeatures < 0) {
            throw new UserError("date features must be ≥ 0, got " + dateFeatures);
        }
    }

    /** Number of series N. */
    public int series() {
        return encoder.inChannels();
    }

    public int lookback() {
        return encoder.lookback();
    }

    public int horizon() {
        return encoder.horizon();
    }

    public int dModel() {
        return encoder.dModel();
    }

    /** Patches of one series' window, T = L / P. */
    public int pastTokens() {
        return encoder.lookback() / encoder.patch();
    }

    /** Tokens per series in the per-series encoder: the T patches and the context token. */
    public int tokens() {
        return pastTokens() + 1;
    }

    /** Cross-series layers actually built (0 for the ablation). */
    public int activeCrossLayers() {
        return crossSeries ? crossLayers : 0;
    }

    public int headInputs() {
        return encoder.head() == ModelSpec.Head.FLATTEN ? tokens() * encoder.dModel() : encoder.dModel();
    }

    /** Floats per window: the values [L, N], then the date features of the L + H steps [L + H, f]. */
    public int inputWidth() {
        return lookback() * series() + (lookback() + horizon()) * dateFeatures;
    }

    public long parameterCount() {
        long d = encoder.dModel();
        long ffn = encoder.ffn();
        long perLayer = 4 * (d * d + d) + (d * ffn + ffn) + (ffn * d + d) + 2 * 2 * d;
        long n = lookback() * d + d;                                   // series.embed
        n += seriesEmbedding ? series() * d : 0;                      // series.embedding
        n += activeCrossLayers() * perLayer;                          // cross.layers
        n += d * d + d;                                               // context
        n += encoder.patch() * d + d;                                 // embed
        if (dateFeatures > 0) {
            n += (long) encoder.patch() * dateFeatures * d + d;      // dates.embed
            n += (long) horizon() * dateFeatures * d + d;            // dates.future
        }
        n += encoder.layers() * perLayer;                             // layers
        n += (long) headInputs() * horizon() + horizon();             // head
        return n;
    }
}
