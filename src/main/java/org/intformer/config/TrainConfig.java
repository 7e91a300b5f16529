package org.intformer.config;

import java.util.Arrays;
import java.util.Locale;
import org.intformer.UserError;

/**
 * The resolved configuration of one training run: data, model shape, optimizer. Every component is one
 * configuration key; the key names (kebab-case, see {@link ConfigSchema}) are also the CLI flag names and
 * the YAML keys, so a value means the same thing wherever it is given.
 *
 * <p>A record can be built with any values; {@link #validate()} is the single place that decides which
 * combinations make sense. {@link ConfigLoader} always validates what it returns.
 *
 * @param data       CSV file, or null for the built-in synthetic data set
 * @param features   S (univariate), MS (all inputs, target output) or M (all inputs, all outputs); kept as a
 *                   string because the data package owns the mode's semantics
 * @param split      "auto", "ett", or three comma-separated positive ratios train,validation,test
 * @param ffn        hidden width of the feed-forward block; 0 means 4·d-model
 * @param threads    worker threads; 0 means all available cores
 * @param maxParams  refuse to build a model with more parameters; 0 means no limit
 * @param linearPath a linear map from the window to the horizon beside the Transformer, started at the
 *                   least-squares fit (docs/MODEL.md)
 * @param layerBits  per-layer bit widths, {@code NAME=BITS,...} ({@link LayerBits}); empty: bits everywhere
 * @param distill    weight of the float model's forecast in the QAT targets (distillation), in [0, 1]
 * @param qatPatience early stopping of QAT: stop after this many QAT epochs without a better validation MSE (0 = off,
 *                   every qat-epoch runs)
 * @param trainSeries which series the training windows come from: {@code target} (the target column only) or
 *                   {@code all} (features S only: the windows of every column, each z-scored with its own training
 *                   statistics, pooled; validation, early stopping and every metric stay on the target), or
 *                   {@code all-then-target} (pretraining on all of them, then fine-tuning, QAT too, on the target's)
 * @param epochWindows training windows per epoch (float and QAT), a fresh random sample each epoch; 0: all
 * @param weightAverage float training validates and keeps an average of the weights: {@code none} or {@code ema}
 *                   (an exponential moving average over the optimiser steps, decay {@code emaDecay})
 * @param qatWeightAverage the same for quantization-aware training (the weights and the learned step sizes)
 * @param emaDecay   decay per optimiser step of the {@code ema} weight average, in (0, 1)
 * @param interSeries the model choice, the inter-series model's options, date features and the season
 */
public record TrainConfig(
        String data, String timeColumn, String target, String features, int lookback, int horizon,
        String split, int syntheticRows, int syntheticChannels,
        int dModel, int heads, int layers, int ffn, Norm norm, Activation activation, Head head,
        boolean relative, int patch, double dropout,
        int epochs, int batch, double lr, double beta1, double beta2, double adamEps, double weightDecay,
        Schedule schedule, int stepSize, double gamma, int patience, long seed, int threads, long maxParams,
        int bits, int weightBits, int actBits, int ioBits, Scheme scheme, Granularity granularity, Observer observer,
        int qatEpochs, double qatLr, double lsqLr, boolean linearPath, String layerBits, double distill,
        int qatPatience, String trainSeries, int epochWindows, String weightAverage, String qatWeightAverage, double emaDecay,
        InterSeriesConfig interSeries) implements java.io.Serializable {

    /** Feature modes accepted by {@code features}; the data package maps them onto its own enum. */
    public static final java.util.List<String> FEATURE_MODES = java.util.List.of("S", "MS", "M");

    /** Values of {@code train-series}: the target column's windows only, or the windows of every column pooled. */
    public static final java.util.List<String> TRAIN_SERIES = java.util.List.of("target", "all", "all-then-target");

    /** Values of {@code weight-average} and {@code qat-weight-average}: the weights as trained, or their moving average. */
    public static final java.util.List<String> WEIGHT_AVERAGES = java.util.List.of("none", "ema");

    /** Normalisation after each residual add (docs/MODEL.md step 6). */
    public enum Norm implements Choice { BATCH, LAYER }

    /** Activation of the feed-forward block. */
    public enum Activation implements Choice { RELU, GELU }

    /** How the encoder output becomes the forecast (docs/MODEL.md step 7). */
    public enum Head implements Choice { GAP, LAST, FLATTEN }

    /** Learning-rate schedule: step decay by gamma every step-size epochs, cosine to zero, or constant. */
    public enum Schedule implements Choice { STEP, COSINE, NONE }

    /** Activation quantization: zero point fixed at 0, or a zero point that fits the range. */
    public enum Scheme implements Choice { SYMMETRIC, ASYMMETRIC }

    /** Weight scales: one per tensor or one per output channel. */
    public enum Granularity implements Choice { TENSOR, CHANNEL }

    /** How quantization ranges are found: running min/max, exponential moving average, learned step size. */
    public enum Observer implements Choice { MINMAX, EMA, LSQ }

    /** An enum whose configuration spelling is its lower-case name. */
    public interface Choice {
        String name();

        default String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TrainConfig {
        // Nulls here are programming errors (the loader fills defaults), not user errors.
        requireNonNull(timeColumn, "time-column");
        requireNonNull(target, "target");
        requireNonNull(features, "features");
        requireNonNull(split, "split");
        requireNonNull(norm, "norm");
        requireNonNull(activation, "activation");
        requireNonNull(head, "head");
        requireNonNull(schedule, "schedule");
        requireNonNull(scheme, "scheme");
        requireNonNull(granularity, "granularity");
        requireNonNull(observer, "observer");
        requireNonNull(layerBits, "layer-bits");
        requireNonNull(trainSeries, "train-series");
        requireNonNull(weightAverage, "weight-average");
        requireNonNull(qatWeightAverage, "qat-weight-average");
        requireNonNull(interSeries, "model");
        // The inter-series model has no linear path (docs/CONFIG.md): the key, on by default, is off there, so that
        // reports and saved models say what was trained.
        linearPath = linearPath && !interSeries.interSeries();
    }

    /** The defaults; the only place where default values are written down. */
    public static TrainConfig defaults() {
        return new TrainConfig(
                null, "date", "OT", "S", 96, 24, "auto", 6000, 4,
                32, 1, 1, 0, Norm.BATCH, Activation.RELU, Head.LAST, true, 8, 0.0,
                15, 256, 0.001, 0.9, 0.98, 1e-9, 0.0, Schedule.STEP, 3, 0.5, 4, 1L, 0, 0L,
                8, 0, 0, 8, Scheme.ASYMMETRIC, Granularity.CHANNEL, Observer.LSQ, 20, 0.001, 0.03, true, "", 0.0,
                0, "target", 0, "none", "none", 0.999, InterSeriesConfig.defaults());
    }

    /** Whether (pre)training draws from the windows of every column pooled ({@code train-series: all, all-then-target}). */
    public boolean pooledTraining() {
        return !trainSeries.equals("target");
    }

    /** Whether the model pretrained on every column is then fine-tuned (and quantized) on the target's windows. */
    public boolean fineTunesOnTarget() {
        return trainSeries.equals("all-then-target");
    }

    /** Decay per step of the float training's weight average; 0 when it is off. */
    public double floatEmaDecay() {
        return weightAverage.equals("ema") ? emaDecay : 0;
    }

    /** Decay per step of QAT's weight average; 0 when it is off. */
    public double qatEmaDecay() {
        return qatWeightAverage.equals("ema") ? emaDecay : 0;
    }

    /** Weight bits: weight-bits, or bits when it is 0. */
    public int resolvedWeightBits() {
        return weightBits == 0 ? bits : weightBits;
    }

    /** Activation bits: act-bits, or bits when it is 0. */
    public int resolvedActBits() {
        return actBits == 0 ? bits : actBits;
    }

    /** Hidden width of the feed-forward block, with 0 meaning 4·d-model. */
    public int resolvedFfn() {
        return ffn == 0 ? 4 * dModel : ffn;
    }

    /** Worker threads, with 0 meaning every available core. */
    public int resolvedThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The three split ratios (train, validation, test) when {@code split} is a ratio list, else null. */
    public double[] splitRatios() {
        if (split.equalsIgnoreCase("auto") || split.equalsIgnoreCase("ett")) {
            return null;
        }
        String[] parts = split.split(",", -1);
        if (parts.length != 3) {
            throw new UserError(badSplit());
        }
        double[] ratios = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                ratios[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError(badSplit());
            }
            if (!(ratios[i] > 0) || Double.isInfinite(ratios[i])) {
                throw new UserError(badSplit());
            }
        }
        if (Arrays.stream(ratios).sum() > 1 + 1e-9) {
            throw new UserError("split = '" + split + "': ratios must add up to at most 1");
        }
        return ratios;
    }

    private static void bitRange(int value, String key, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new UserError(key + " = " + value + ": must be between " + lo + " and " + hi + " bits");
        }
    }

    private String badSplit() {
        return "split = '" + split + "': expected auto, ett, or three positive ratios like 0.7,0.1,0.2";
    }

    /**
     * Checks every value and every combination of values.
     *
     * @throws UserError with a one-line message that names the offending key
     */
    public TrainConfig validate() {
        if (data != null && data.isBlank()) {
            throw new UserError("data: empty path (leave it out to use the synthetic data set)");
        }
        requireText(timeColumn, "time-column");
        requireText(target, "target");
        if (!FEATURE_MODES.contains(features)) {
            throw new UserError("features = '" + features + "': unknown value (valid: S, MS, M)");
        }
        splitRatios();
        positive(lookback, "lookback");
        positive(horizon, "horizon");
        positive(syntheticRows, "synthetic-rows");
        positive(syntheticChannels, "synthetic-channels");
        positive(dModel, "d-model");
        positive(heads, "heads");
        positive(layers, "layers");
        atLeastZero(ffn, "ffn");
        positive(patch, "patch");
        atLeastZero(epochs, "epochs");
        positive(batch, "batch");
        positive(stepSize, "step-size");
        atLeastZero(patience, "patience");
        atLeastZero(qatPatience, "qat-patience");
        atLeastZero(threads, "threads");
        atLeastZero(maxParams, "max-params");
        if (dModel % 2 != 0) {
            throw new UserError("d-model = " + dModel
                    + ": must be even (the sinusoidal positional encoding pairs sin and cos columns)");
        }
        if (dModel % heads != 0) {
            throw new UserError("d-model = " + dModel + " is not divisible by heads = " + heads
                    + " (each head takes d-model/heads columns)");
        }
        if (lookback % patch != 0) {
            throw new UserError("lookback = " + lookback + " is not divisible by patch = " + patch
                    + " (each token is one whole patch)");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UserError("dropout = " + dropout + ": must be in [0, 1)");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new UserError("lr = " + lr + ": must be positive");
        }
        unitInterval(beta1, "beta1");
        unitInterval(beta2, "beta2");
        if (!(adamEps > 0) || Double.isInfinite(adamEps)) {
            throw new UserError("adam-eps = " + adamEps + ": must be positive");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new UserError("weight-decay = " + weightDecay + ": must be zero or positive");
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new UserError("gamma = " + gamma + ": must be positive");
        }
        bitRange(bits, "bits", 2, 8);
        if (weightBits != 0) {
            bitRange(weightBits, "weight-bits", 2, 8);
        }
        if (actBits != 0) {
            bitRange(actBits, "act-bits", 2, 8);
        }
        bitRange(ioBits, "io-bits", 2, 16);
        LayerBits.parse(layerBits);
        if (!(distill >= 0 && distill <= 1)) {
            throw new UserError("distill = " + distill + ": must be in [0, 1]");
        }
        atLeastZero(qatEpochs, "qat-epochs");
        if (!(qatLr > 0) || Double.isInfinite(qatLr)) {
            throw new UserError("qat-lr = " + qatLr + ": must be positive");
        }
        if (!(lsqLr > 0) || Double.isInfinite(lsqLr)) {
            throw new UserError("lsq-lr = " + lsqLr + ": must be positive");
        }
        if (!TRAIN_SERIES.contains(trainSeries)) {
            throw new UserError("train-series = '" + trainSeries + "': unknown value (valid: target, all, all-then-target)");
        }
        atLeastZero(epochWindows, "epoch-windows");
        for (String[] average : new String[][] {{"weight-average", weightAverage}, {"qat-weight-average", qatWeightAverage}}) {
            if (!WEIGHT_AVERAGES.contains(average[1])) {
                throw new UserError(average[0] + " = '" + average[1] + "': unknown value (valid: none, ema)");
            }
        }
        if (!(emaDecay > 0 && emaDecay < 1)) {
            throw new UserError("ema-decay = " + emaDecay + ": must be in (0, 1) (the weight of the average so far at each step)");
        }
        if (pooledTraining() && !features.equals("S")) {
            throw new UserError("train-series = " + trainSeries + " needs features S (each column trains the univariate "
                    + "model as its own series); with features " + features + " every window already holds all columns");
        }
        interSeries.validate(this);
        return this;
    }

    private static void requireNonNull(Object value, String key) {
        if (value == null) {
            throw new NullPointerException(key + " must not be null");
        }
    }

    private static void requireText(String value, String key) {
        if (value.isBlank()) {
            throw new UserError(key + ": must not be empty");
        }
    }

    private static void positive(long value, String key) {
        if (value <= 0) {
            throw new UserError(key + " = " + value + ": must be a positive integer");
        }
    }

    private static void atLeastZero(long value, String key) {
        if (value < 0) {
            throw new UserError(key + " = " + value + ": must be zero or positive");
        }
    }

    private static void unitInterval(double value, String key) {
        if (!(value >= 0 && value < 1)) {
            throw new UserError(key + " = " + value + ": must be in [0, 1)");
        }
    }
}
