package org.intformer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.data.LinearBaseline;
import org.intformer.tensor.Elementwise;
import org.intformer.tensor.Graph;
import org.intformer.tensor.ShapeOps;
import org.intformer.tensor.Tensor;

/**
 * The tiny Transformer forecaster of docs/MODEL.md: relative input, patch embedding, sinusoidal positions,
 * post-norm encoder layers and a gap/last/flatten head.
 */
public final class Forecaster implements ForecastModel {
    private final ModelSpec spec;
    private final ParameterStore store;
    private final Linear embed;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final Linear head;
    /** The linear path from the window to the forecast, or null. */
    private final Linear linearPath;
    private final float[] positions;

    public Forecaster(ModelSpec spec, long seed) {
        this.spec = spec;
        this.store = new ParameterStore(seed);
        this.embed = new Linear(store, "embed", spec.tokenWidth(), spec.dModel());
        for (int i = 0; i < spec.layers(); i++) {
            layers.add(new EncoderLayer(store, "layers." + i, spec));
        }
        this.head = new Linear(store, "head", spec.headInputs(), spec.outputs());
        this.linearPath = spec.linearPath() ? new Linear(store, "linear", spec.windowValues(), spec.outputs()) : null;
        this.positions = PositionalEncoding.sinusoidal(spec.tokens(), spec.dModel());
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Trainable parameters by name, in a fixed order. */
    @Override
    public Map<String, Tensor> parameters() {
        return store.parameters();
    }

    /** Parameters and buffers by name: everything a model file holds. */
    @Override
    public Map<String, Tensor> state() {
        return store.all();
    }

    /** Copies values into the named tensors; names and sizes must match exactly. */
    @Override
    public void load(Map<String, float[]> values) {
        store.load(values);
    }

    @Override
    public long parameterCount() {
        return spec.parameterCount();
    }

    @Override
    public ModelSpec encoder() {
        return spec;
    }

    @Override
    public int inputWidth() {
        return spec.lookback() * spec.inChannels();
    }

    /**
     * Forecasts for a batch of windows.
     *
     * @param x       z-scored windows, [batch, lookback, inChannels] flat
     * @param dropout the random source of dropout masks (used in training graphs only)
     * @return [batch, horizon · outChannels]
     */
    @Override
    public Tensor forward(Graph g, float[] x, int batch, SplittableRandom dropout) {
        return forward(g, x, batch, dropout, QuantHooks.NONE);
    }

    /**
     * Learning rate of the linear path relative to the rest in float training: it starts at the least-squares
     * optimum for the training windows, and at the full rate it drifts away from it (validation MSE measured in
     * the README's ablation).
     */
    public static final double LINEAR_PATH_LR = 0.1;

    @Override
    public double learningRateFactor(String parameter) {
        return parameter.startsWith("linear.") ? LINEAR_PATH_LR : 1.0;
    }

    @Override
    public Runnable checkpoint() {
        return store.checkpoint();
    }

    /**
     * Forecasts with quantization hooks: the input, every activation the integer model holds, the weights and
     * the attention pass through {@code hooks} (docs/INTEGER.md names the points).
     */
    @Override
    public Tensor forward(Graph g, float[] window, int batch, SplittableRandom dropout, QuantHooks hooks) {
        int l = spec.lookback();
        int m = spec.inChannels();
        if (window.length != batch * l * m) {
            throw new IllegalArgumentException("expected " + batch * l * m + " input values, got " + window.length);
        }
        float[] x = hooks.input(window);
        float[] input = x;
        float[] last = null;
        if (spec.relative()) {
            last = new float[batch * m];
            input = new float[x.length];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(x, (b * l + l - 1) * m, last, b * m, m);
                for (int t = 0; t < l; t++) {
                    int o = (b * l + t) * m;
                    for (int c = 0; c < m; c++) {
                        input[o + c] = x[o + c] - last[b * m + c];
                    }
                }
            }
        }
        // Patching is a free reshape: [B, L, m] row-major is [B, L/P, P·m].
        Tensor tokens = Tensor.of(input, batch, spec.tokens(), spec.tokenWidth());
        Tensor h = hooks.activation(g, "embed", embed.forwardWithTokenBias(g, tokens, positions, spec.tokens(), hooks));
        h = Elementwise.dropout(g, h, spec.dropout(), dropout);
        for (EncoderLayer layer : layers) {
            h = layer.forward(g, h, dropout, hooks);
        }
        Tensor z = switch (spec.head()) {
            case GAP -> hooks.activation(g, "pool", ShapeOps.meanTokens(g, h));
            case LAST -> ShapeOps.lastToken(g, h);
            case FLATTEN -> ShapeOps.reshape(g, h, batch, spec.tokens() * spec.dModel());
        };
        Tensor y = head.forward(g, z, hooks);
        if (linearPath != null) {
            // The path reads the absolute window: its least-squares start is then exactly the linear baseline.
            Tensor path = linearPath.forward(g, Tensor.of(x, batch, spec.windowValues()), hooks);
            y = hooks.activation(g, "forecast", Elementwise.add(g, y, path));
        }
        if (spec.relative()) {
            y = Elementwise.addConstantPerSample(g, y, addBack(last, batch));
        }
        return hooks.activation(g, "output", y);
    }

    /**
     * Starts the linear path at a least-squares fit of the forecast on the absolute window ({@code fit}: window
     * values in row-major [L, m] order plus a bias, to the H·c outputs). A relative model adds the last value
     * back after the path, so the path starts at the fit minus that value: the whole model then starts as the
     * fit, and the Transformer's head (set to zero here) learns what the fit leaves.
     */
    public void initLinearPath(LinearBaseline fit) {
        if (linearPath == null) {
            throw new IllegalStateException("the model has no linear path");
        }
        int in = spec.windowValues();
        int out = spec.outputs();
        if (fit.inDim() != in || fit.outDim() != out) {
            throw new IllegalArgumentException("a fit of " + fit.inDim() + " → " + fit.outDim() + " values for a path of "
                    + in + " → " + out);
        }
        float[] w = linearPath.weight().data();
        float[] b = linearPath.bias().data();
        for (int i = 0; i < in; i++) {
            for (int k = 0; k < out; k++) {
                w[i * out + k] = (float) fit.weight(i, k);
            }
        }
        for (int k = 0; k < out; k++) {
            b[k] = (float) fit.weight(in, k);
        }
        // The head starts at zero: the untrained model is exactly the fit, and the Transformer learns the residual.
        java.util.Arrays.fill(head.weight().data(), 0f);
        java.util.Arrays.fill(head.bias().data(), 0f);
        if (spec.relative()) {
            int m = spec.inChannels();
            int[] src = spec.outputSources();
            int lastRow = (spec.lookback() - 1) * m;
            for (int h = 0; h < spec.horizon(); h++) {
                for (int ch = 0; ch < src.length; ch++) {
                    w[(lastRow + src[ch]) * out + h * src.length + ch] -= 1f;
                }
            }
        }
    }

    /** The last observed value of each output's source channel, repeated over the horizon: [batch, H·c]. */
    private float[] addBack(float[] last, int batch) {
        int m = spec.inChannels();
        int[] src = spec.outputSources();
        int c = src.length;
        int per = spec.outputs();
        float[] add = new float[batch * per];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < spec.horizon(); h++) {
                for (int ch = 0; ch < c; ch++) {
                    add[b * per + h * c + ch] = last[b * m + src[ch]];
                }
            }
        }
        return add;
    }
}
