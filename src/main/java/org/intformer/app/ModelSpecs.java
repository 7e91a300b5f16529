package org.intformer.app;

import org.intformer.UserError;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.nn.ForecastModel;
import org.intformer.nn.Forecaster;
import org.intformer.nn.InterSeriesForecaster;
import org.intformer.nn.InterSeriesSpec;
import org.intformer.nn.ModelSpec;

/** The model architecture a configuration asks for, on given data. */
public final class ModelSpecs {
    private ModelSpecs() {
    }

    public static ModelSpec of(TrainConfig c, int inChannels, int[] outputSources) {
        ModelSpec spec = new ModelSpec(inChannels, outputSources, c.lookback(), c.horizon(), c.dModel(), c.heads(),
                c.layers(), c.resolvedFfn(), ModelSpec.Norm.valueOf(c.norm().name()),
                ModelSpec.Activation.valueOf(c.activation().name()), ModelSpec.Head.valueOf(c.head().name()),
                c.relative(), c.patch(), (float) c.dropout(), c.linearPath());
        if (c.maxParams() > 0 && spec.parameterCount() > c.maxParams()) {
            throw new UserError("the model has " + spec.parameterCount() + " parameters, more than max-params "
                    + c.maxParams() + " (reduce d-model, ffn, layers, or use a smaller head)");
        }
        return spec;
    }

    public static ModelSpec of(TrainConfig c, PreparedData data) {
        return of(c, data.train().inC(), data.train().outputInInput());
    }

    /**
     * The float model a configuration asks for: the encoder, or the inter-series model over {@code inChannels}
     * series with {@code dateFeatures} date features per step (its ablation when cross-series is off).
     */
    public static ForecastModel create(TrainConfig c, int inChannels, int[] outputSources, int dateFeatures) {
        ModelSpec encoder = of(c, inChannels, outputSources);
        if (!c.interSeries().interSeries()) {
            return new Forecaster(encoder, c.seed());
        }
        InterSeriesSpec spec = interSeries(c, encoder, dateFeatures);
        if (c.maxParams() > 0 && spec.parameterCount() > c.maxParams()) {
            throw new UserError("the model has " + spec.parameterCount() + " parameters, more than max-params "
                    + c.maxParams() + " (reduce d-model, ffn, layers, cross-layers or use a smaller head)");
        }
        return new InterSeriesForecaster(spec, c.seed());
    }

    /** {@link #create(TrainConfig, int, int[], int)} for prepared data. */
    public static ForecastModel create(TrainConfig c, PreparedData data) {
        return create(c, data.train().inC(), data.train().outputInInput(), data.train().dateWidth());
    }

    private static InterSeriesSpec interSeries(TrainConfig c, ModelSpec encoder, int dateFeatures) {
        var o = c.interSeries();
        return new InterSeriesSpec(encoder, o.crossLayers(), o.crossSeries(), o.seriesEmbedding(), o.positionalEncoding(),
                dateFeatures);
    }
}
