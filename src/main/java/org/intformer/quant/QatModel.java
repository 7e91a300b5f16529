package org.intformer.quant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.nn.ForecastModel;
import org.intformer.nn.ModelSpec;
import org.intformer.nn.QuantHooks;
import org.intformer.tensor.AttentionOp;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Tensor;
import org.intformer.train.Trainable;

/**
 * The forecaster under quantization-aware training: every tensor the integer model holds is fake-quantized at
 * the point named after the integer op that produces it (docs/INTEGER.md), attention uses quantized scores and
 * the integer softmax, and batch norm is frozen to its running statistics. The input grid is fixed from the
 * training windows, as an ADC's range would be; the forecast shares it. Date features, which lie in [−1, 1], are
 * quantized on a fixed symmetric io-bits grid ({@link #datesGrid}). Works for any {@link ForecastModel} whose
 * points {@link QuantPoints} lists.
 */
public final class QatModel implements Trainable, QuantHooks {
    private final ForecastModel model;
    private final QuantPoints points;
    private final QuantConfig config;
    private final QuantGrid inputGrid;
    private final Map<String, ActivationQuantizer> activations = new LinkedHashMap<>();
    private final Map<String, WeightQuantizer> weights = new LinkedHashMap<>();
    private final Map<String, AttentionQuant.ScoreQuantizer> scores = new LinkedHashMap<>();

    /** Learning rate of the LSQ log step sizes relative to the weights'. */
    private final double stepSizeLrFactor;
    /** Whether the linear path's weights are on their grid and frozen (after calibration, or in a saved model). */
    private boolean pathRounded;

    /** A model to train: observers start empty and see the data in the first training forwards. */
    public QatModel(ForecastModel model, QuantConfig config, QuantGrid inputGrid, double stepSizeLrFactor) {
        this(model, config, inputGrid, null, stepSizeLrFactor);
    }

    private QatModel(ForecastModel model, QuantConfig config, QuantGrid inputGrid, Frozen frozen, double stepSizeLrFactor) {
        this.model = model;
        this.points = QuantPoints.of(model);
        this.stepSizeLrFactor = stepSizeLrFactor;
        this.config = config.validate();
        this.inputGrid = inputGrid;
        this.pathRounded = frozen != null;
        ModelSpec s = points.encoder();
        if (s.norm() != ModelSpec.Norm.BATCH || s.activation() != ModelSpec.Activation.RELU) {
            throw new org.intformer.UserError("quantization-aware training supports norm batch and activation relu "
                    + "(the integer model has no LayerNorm or GELU yet); got norm " + s.norm().name().toLowerCase()
                    + ", activation " + s.activation().name().toLowerCase());
        }
        if (model instanceof org.intformer.nn.InterSeriesForecaster && !config.layerBits().isEmpty()) {
            // Not verified against the interpreter for this model (docs/CONFIG.md).
            throw new org.intformer.UserError("layer-bits: per-layer bit widths are offered for model encoder only; "
                    + "the inter-series model takes bits, weight-bits and act-bits");
        }
        config.layerBits().requireKnown(bitNames(points));
        for (String point : points.activations()) {
            activations.put(point, frozen != null ? ActivationQuantizer.fixed(point, frozen.grids().get(point))
                    : ActivationQuantizer.of(point, config));
        }
        // The forecast is on the input's grid (relative: the grid of differences of two inputs): a range learned
        // from training batches would clamp the levels of later periods (the validation and test data of a
        // drifting series). The head and the linear path each round onto that grid, so that their sum is exact.
        QuantGrid forecast = points.relative() ? relativeGrid(inputGrid, config.ioBits()) : inputGrid;
        if (points.relative() || s.linearPath()) {
            activations.put("head", ActivationQuantizer.fixed("head", forecast));
        }
        if (s.linearPath()) {
            activations.put("linear", ActivationQuantizer.fixed("linear", forecast));
            if (points.relative()) {
                activations.put("forecast", ActivationQuantizer.fixed("forecast", forecast));
            }
        }
        activations.put("output", ActivationQuantizer.fixed("output", inputGrid));
        for (String layer : points.linearLayers()) {
            weights.put(layer, frozen != null ? WeightQuantizer.fixed(layer, config.weightBits(layer), frozen.weightScales().get(layer))
                    : WeightQuantizer.of(layer, config));
        }
        for (String name : points.attentionLayers()) {
            scores.put(name, frozen != null ? AttentionQuant.fixed(frozen.grids().get(name + ".scores"), probBits(name)).scores()
                    : ScoreObserver.of(name, config, config.actBits(attentionBase(name) + ".scores")));
        }
    }

    /** The grid of a relative forecast: differences of two inputs, one bit wider, zero point 0. */
    static QuantGrid relativeGrid(QuantGrid input, int ioBits) {
        return new QuantGrid(input.scale(), 0, QuantGrid.signedLo(ioBits + 1), QuantGrid.signedHi(ioBits + 1));
    }

    /** Grids and weight scales of a finished QAT model, enough to rebuild it frozen. */
    public record Frozen(Map<String, QuantGrid> grids, Map<String, double[]> weightScales) {
    }

    /** A trained QAT model rebuilt from saved grids: it quantizes exactly as it did when saved. */
    public static QatModel frozen(ForecastModel model, QuantConfig config, QuantGrid inputGrid, Frozen frozen) {
        return new QatModel(model, config, inputGrid, frozen, 1.0);
    }

    /** The input grid covers the training range widened by this fraction on each side, for unseen extremes. */
    public static final double INPUT_MARGIN = 0.1;
    /** Training batches that set the observers' first ranges before fine-tuning. */
    public static final int CALIBRATION_BATCHES = 8;

    /** The io-bits grid of the model input: the range of the training windows, widened by {@link #INPUT_MARGIN}. */
    public static QuantGrid inputGrid(float[] trainingWindows, QuantConfig config) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : trainingWindows) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double pad = (max - min) * INPUT_MARGIN;
        return config.scheme() == org.intformer.config.TrainConfig.Scheme.SYMMETRIC
                ? QuantGrid.symmetric(min - pad, max + pad, config.ioBits())
                : QuantGrid.asymmetric(min - pad, max + pad, config.ioBits());
    }

    /**
     * Forward passes over the first training batches (in order), so that every observer has a range and every
     * learned step size exists before the optimiser is built.
     */
    public void calibrate(float[] windows, int n, org.intformer.tensor.Compute compute, int batch) {
        int stride = windows.length / n;
        SplittableRandom unused = new SplittableRandom(0);
        for (int i = 0; i < CALIBRATION_BATCHES && i * batch < n; i++) {
            int b = Math.min(batch, n - i * batch);
            float[] x = java.util.Arrays.copyOfRange(windows, i * batch * stride, (i * batch + b) * stride);
            forward(new Graph(compute, true), x, b, unused);
        }
        activations.values().forEach(ActivationQuantizer::beginLearning);
        if (points.encoder().linearPath() && !pathRounded) {
            roundLinearPath(windows, n);
        }
    }

    /**
     * Puts the linear path's weights on their grid by Hessian-aware rounding ({@link HessianRounding}, with H from
     * the training windows on the input grid, as the integer model sees them) and freezes them: fine-tuning cannot
     * do as well through the straight-through estimator (validation MSE in the README's ablation), and the
     * Transformer then learns around the rounded path. The bias absorbs the rounding's mean effect on the training
     * windows. Weight scales are max-abs, per output channel or per tensor as configured.
     */
    private void roundLinearPath(float[] windows, int n) {
        Tensor w = model.parameters().get("linear.weight");
        float[] bias = model.parameters().get("linear.bias").data();
        int k = w.dim(0);
        int o = w.dim(1);
        double[] mean = new double[k];
        double[] x = new double[windows.length];
        for (int i = 0; i < windows.length; i++) {
            x[i] = inputGrid.dequantize(inputGrid.quantize(windows[i]));
            mean[i % k] += x[i] / n;
        }
        double[] h = new double[k * k];
        double[] row = new double[k];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < k; i++) {
                row[i] = x[s * k + i] - mean[i];
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j <= i; j++) {
                    h[i * k + j] += row[i] * row[j];
                }
            }
        }
        int bits = config.weightBits("linear");
        double[] scales = new WeightQuantizer("linear", bits, config.granularity(), false).scales(w);
        int[] codes = HessianRounding.round(w.data(), k, o, scales, bits, h);
        float[] wd = w.data();
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < o; c++) {
                float q = (float) (codes[i * o + c] * scales[scales.length == 1 ? 0 : c]);
                bias[c] += (float) (mean[i] * (wd[i * o + c] - q));
                wd[i * o + c] = q;
            }
        }
        weights.put("linear", WeightQuantizer.fixed("linear", bits, scales));
        pathRounded = true;
    }

    /** The activation points of a model, in execution order (the head and output are added by the constructor). */
    static List<String> activationPoints(ModelSpec s) {
        List<String> points = new ArrayList<>(List.of("embed"));
        for (int i = 0; i < s.layers(); i++) {
            points.addAll(QuantPoints.layerPoints("layers." + i));
        }
        if (s.head() == ModelSpec.Head.GAP) {
            points.add("pool");
        }
        return points;
    }

    /** Every name a {@code layer-bits} entry may set in an encoder forecaster. */
    public static List<String> bitNames(ModelSpec s) {
        return bitNames(new EncoderPoints(s));
    }

    /** Every name a {@code layer-bits} entry may set: linear layers, activation points, attention scores and probabilities. */
    static List<String> bitNames(QuantPoints p) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(p.linearLayers());
        names.addAll(p.activations());
        for (String attention : p.attentionLayers()) {
            names.add(attentionBase(attention) + ".scores");
            names.add(attentionBase(attention) + ".probs");
        }
        return List.copyOf(names);
    }

    static List<String> linearLayers(ModelSpec s) {
        List<String> layers = new ArrayList<>(List.of("embed"));
        for (int i = 0; i < s.layers(); i++) {
            layers.addAll(QuantPoints.layerLinears("layers." + i));
        }
        layers.add("head");
        if (s.linearPath()) {
            layers.add("linear");
        }
        return layers;
    }

    public ForecastModel model() {
        return model;
    }

    /** The fixed grid of the date features: symmetric at io-bits with ±1 on its outermost symmetric codes. */
    public QuantGrid datesGrid() {
        return QuantGrid.symmetric(-1, 1, config.ioBits());
    }

    public QuantConfig config() {
        return config;
    }

    public QuantGrid inputGrid() {
        return inputGrid;
    }

    /** The grid of an activation point (after training: the one the integer model uses). */
    public QuantGrid grid(String point) {
        ActivationQuantizer q = activations.get(point);
        if (q == null) {
            throw new IllegalArgumentException("no activation point " + point);
        }
        return q.grid();
    }

    public QuantGrid scoreGrid(String attentionLayer) {
        return scores.get(attentionLayer).grid();
    }

    public WeightQuantizer weightQuantizer(String layer) {
        return weights.get(layer);
    }

    /** Every grid by point name, attention scores as {@code <layer>.scores}. */
    public Map<String, QuantGrid> grids() {
        Map<String, QuantGrid> m = new LinkedHashMap<>();
        activations.forEach((k, v) -> m.put(k, v.grid()));
        scores.forEach((k, v) -> m.put(k + ".scores", v.grid()));
        return m;
    }

    /** Weight scales by layer, as the integer weights are exported. */
    public Map<String, double[]> weightScales() {
        Map<String, double[]> m = new LinkedHashMap<>();
        weights.forEach((k, v) -> m.put(k, v.scales(model.parameters().get(k + ".weight"))));
        return m;
    }

    // --- Trainable

    @Override
    public Tensor forward(Graph g, float[] windows, int batch, SplittableRandom rng) {
        return model.forward(g, windows, batch, rng, this);
    }

    /** The forecaster's parameters and, with LSQ, the learned step sizes (they exist after the first forward). */
    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = new LinkedHashMap<>(model.parameters());
        if (pathRounded) {
            m.keySet().removeIf(name -> name.startsWith("linear."));
        }
        activations.forEach((k, v) -> {
            if (v.lsqLogScale() != null) {
                m.put("quant." + k + ".log_scale", v.lsqLogScale());
            }
        });
        weights.forEach((k, v) -> {
            if (v.lsqLogScales() != null) {
                m.put("quant." + k + ".weight_log_scales", v.lsqLogScales());
            }
        });
        return m;
    }

    @Override
    public double learningRateFactor(String parameter) {
        return parameter.startsWith("quant.") ? stepSizeLrFactor : model.learningRateFactor(parameter);
    }

    @Override
    public Runnable checkpoint() {
        Runnable weightsBack = model.checkpoint();
        Map<ActivationQuantizer, double[]> acts = new LinkedHashMap<>();
        activations.values().forEach(q -> acts.put(q, q.state()));
        Map<ScoreObserver, double[]> observed = new LinkedHashMap<>();
        scores.values().forEach(q -> {
            if (q instanceof ScoreObserver o) {
                observed.put(o, o.state());
            }
        });
        Map<Tensor, float[]> scales = new LinkedHashMap<>();
        weights.values().forEach(q -> {
            if (q.lsqLogScales() != null) {
                scales.put(q.lsqLogScales(), q.lsqLogScales().data().clone());
            }
        });
        return () -> {
            weightsBack.run();
            acts.forEach(ActivationQuantizer::restore);
            observed.forEach(ScoreObserver::restore);
            scales.forEach((t, v) -> System.arraycopy(v, 0, t.data(), 0, v.length));
        };
    }

    // --- QuantHooks

    @Override
    public float[] input(float[] window) {
        return onGrid(window, inputGrid);
    }

    @Override
    public float[] dates(float[] features) {
        return onGrid(features, datesGrid());
    }

    /** Each value quantized and dequantized on {@code grid}, as the host hands it to the integer model. */
    private static float[] onGrid(float[] values, QuantGrid grid) {
        float[] q = new float[values.length];
        // (float) dequantize(quantize(v)), which is fake quantization's output (NaN gives code 0 in both).
        org.intformer.tensor.KernelsFactory.best().fakeQuant(values, 0, values.length, 1.0, grid.scale(), grid.zeroPoint(),
                grid.lo(), grid.hi(), null, 0, q);
        return q;
    }

    @Override
    public Tensor activation(Graph g, String point, Tensor x) {
        ActivationQuantizer q = activations.get(point);
        // A non-relative model's head output is its forecast: quantized once, at "output".
        return q == null ? x : q.apply(g, x);
    }

    @Override
    public Tensor weight(Graph g, String layer, Tensor w) {
        return weights.get(layer).apply(g, w);
    }

    /** Biases at S_x·S_w, as the integer model adds them to its accumulators (the embedding's per token). */
    @Override
    public Tensor bias(Graph g, String layer, Tensor b) {
        return BiasQuantizer.fakeQuant(g, b, inputScale(layer), weights.get(layer).scales());
    }

    /** The scale of the tensor a linear layer reads. */
    private double inputScale(String layer) {
        String in = points.input(layer);
        return switch (in) {
            case QuantPoints.INPUT -> inputGrid.scale();
            case QuantPoints.DATES -> datesGrid().scale();
            default -> grid(in).scale();
        };
    }

    @Override
    public Tensor attention(Graph g, String layer, Tensor q, Tensor k, Tensor v, int heads) {
        return AttentionOp.apply(g, q, k, v, heads, new AttentionQuant(scores.get(layer), probBits(layer)));
    }

    /** Bits of the softmax probabilities of an attention layer ({@code layers.i.attn}): its {@code layers.i.probs} point. */
    int probBits(String attentionLayer) {
        return config.actBits(attentionBase(attentionLayer) + ".probs");
    }

    /** An attention layer's name without ".attn": its scores and probabilities are "{@code <base>.scores/.probs}". */
    static String attentionBase(String attentionLayer) {
        return attentionLayer.substring(0, attentionLayer.length() - ".attn".length());
    }

    @Override
    public boolean freezeNorms() {
        return true;
    }
}
