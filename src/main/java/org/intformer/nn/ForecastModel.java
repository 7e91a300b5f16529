package org.intformer.nn;

import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Tensor;
import org.intformer.train.Trainable;

/**
 * A float forecaster as the training, quantization and storage code sees it: the encoder of docs/MODEL.md
 * ({@link Forecaster}) or the inter-series model ({@link InterSeriesForecaster}). Each window is one flat
 * array of {@link #inputWidth()} floats; the forecast is [H, c] per window.
 */
public interface ForecastModel extends Trainable {

    /** Forecasts with quantization hooks at every point the integer model holds (docs/INTEGER.md). */
    Tensor forward(Graph g, float[] windows, int batch, SplittableRandom dropout, QuantHooks hooks);

    @Override
    default Tensor forward(Graph g, float[] windows, int batch, SplittableRandom dropout) {
        return forward(g, windows, batch, dropout, QuantHooks.NONE);
    }

    /** The model's buffers: the running statistics of its batch norms (none with layer norm). */
    @Override
    default Map<String, Tensor> runningStatistics() {
        Map<String, Tensor> buffers = new java.util.LinkedHashMap<>(state());
        buffers.keySet().removeAll(parameters().keySet());
        return buffers;
    }

    /** Parameters and buffers by name: everything a model file holds. */
    Map<String, Tensor> state();

    /** Copies values into the named tensors; names and sizes must match exactly. */
    void load(Map<String, float[]> values);

    /** Trainable parameters (buffers excluded). */
    long parameterCount();

    /** Floats per window the model reads (the values of the lookback, then any date features). */
    int inputWidth();

    /**
     * The encoder's architecture and the window: for the inter-series model its shared per-series encoder, whose
     * input channels are the series.
     */
    ModelSpec encoder();

    /** Date features per time step the model reads after the values (0: none). */
    default int dateFeatures() {
        return 0;
    }
}
