package org.intformer.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import picocli.CommandLine.Option;

/**
 * The configuration flags shared by every command that builds or trains a model; mix into a command with
 * {@code @Mixin TrainOptions options}. Each flag is a configuration key (same name without "--", see
 * {@code org.intformer.config.ConfigSchema}). Fields are boxed and stay null unless the user gave the flag,
 * so that a flag overrides the config file only when it was actually given.
 */
public final class TrainOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file with configuration keys (the flag names without --); flags override it.")
    Path config;

    // Data
    @Option(names = "--data", paramLabel = "CSV",
            description = "CSV file to train on (default: a built-in synthetic data set).")
    String data;
    @Option(names = "--time-column", paramLabel = "NAME", description = "Timestamp column, not a feature (default: date).")
    String timeColumn;
    @Option(names = "--target", paramLabel = "NAME", description = "Column to forecast (default: OT).")
    String target;
    @Option(names = "--features", paramLabel = "MODE",
            description = "S: target only; MS: all columns in, target out; M: all in, all out (default: S).")
    String features;
    @Option(names = "--lookback", paramLabel = "N", description = "Input window length in rows (default: 96).")
    Integer lookback;
    @Option(names = "--horizon", paramLabel = "N", description = "Rows to forecast (default: 24).")
    Integer horizon;
    @Option(names = "--split", paramLabel = "SPEC",
            description = "auto, ett (12/4/4 months), or train,val,test ratios like 0.7,0.1,0.2 (default: auto).")
    String split;
    @Option(names = "--synthetic-rows", paramLabel = "N", description = "Rows of the synthetic data set (default: 6000).")
    Integer syntheticRows;
    @Option(names = "--synthetic-channels", paramLabel = "N",
            description = "Columns of the synthetic data set (default: 4).")
    Integer syntheticChannels;

    // Model
    @Option(names = "--d-model", paramLabel = "D", description = "Model width; even, divisible by heads (default: 32).")
    Integer dModel;
    @Option(names = "--heads", paramLabel = "N", description = "Attention heads (default: 1).")
    Integer heads;
    @Option(names = "--layers", paramLabel = "N", description = "Encoder layers (default: 1).")
    Integer layers;
    @Option(names = "--ffn", paramLabel = "N", description = "Feed-forward width; 0 means 4 x d-model (default: 0).")
    Integer ffn;
    @Option(names = "--norm", paramLabel = "KIND", description = "batch or layer (default: batch).")
    String norm;
    @Option(names = "--activation", paramLabel = "KIND", description = "relu or gelu (default: relu).")
    String activation;
    @Option(names = "--head", paramLabel = "KIND", description = "gap, last or flatten (default: last).")
    String head;
    @Option(names = "--relative", negatable = true,
            description = "Forecast relative to the last observed value; --no-relative turns it off (default: true).")
    Boolean relative;
    @Option(names = "--patch", paramLabel = "P", description = "Time steps per token; divides lookback (default: 8).")
    Integer patch;
    @Option(names = "--dropout", paramLabel = "RATE", description = "Dropout rate in [0, 1) (default: 0.0).")
    Double dropout;
    @Option(names = "--linear-path", negatable = true,
            description = "A linear map from the window to the horizon beside the Transformer, started at the "
                    + "least-squares fit; --no-linear-path turns it off (default: true).")
    Boolean linearPath;

    // Training
    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: 15).")
    Integer epochs;
    @Option(names = "--batch", paramLabel = "N", description = "Windows per batch (default: 256).")
    Integer batch;
    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default: 0.001).")
    Double lr;
    @Option(names = "--beta1", paramLabel = "B", description = "Adam beta1 (default: 0.9).")
    Double beta1;
    @Option(names = "--beta2", paramLabel = "B", description = "Adam beta2 (default: 0.98).")
    Double beta2;
    @Option(names = "--adam-eps", paramLabel = "EPS", description = "Adam epsilon (default: 1e-9).")
    Double adamEps;
    @Option(names = "--weight-decay", paramLabel = "W", description = "Decoupled weight decay (default: 0.0).")
    Double weightDecay;
    @Option(names = "--schedule", paramLabel = "KIND", description = "step, cosine or none (default: step).")
    String schedule;
    @Option(names = "--step-size", paramLabel = "N", description = "Epochs between step decays (default: 3).")
    Integer stepSize;
    @Option(names = "--gamma", paramLabel = "G", description = "Step decay factor (default: 0.5).")
    Double gamma;
    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after this many epochs without validation improvement; 0 never stops early (default: 4).")
    Integer patience;
    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: 1).")
    Long seed;
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads; 0 means all cores (default: 0).")
    Integer threads;
    @Option(names = "--max-params", paramLabel = "N",
            description = "Refuse models with more parameters; 0 means no limit (default: 0).")
    Long maxParams;

    @Option(names = "--bits", paramLabel = "B", description = "Quantization bits of weights and activations, 2-8 (default: 8).")
    Integer bits;
    @Option(names = "--weight-bits", paramLabel = "B", description = "Weight bits; 0 means --bits (default: 0).")
    Integer weightBits;
    @Option(names = "--act-bits", paramLabel = "B", description = "Activation bits; 0 means --bits (default: 0).")
    Integer actBits;
    @Option(names = "--layer-bits", paramLabel = "NAME=B,...",
            description = "Per-layer bit widths (mixed precision), e.g. embed=8,layers.0.ffn1=4; '*' matches any "
                    + "characters; a layer's entry sets its weights and output activation; empty: none (default: ).")
    String layerBits;
    @Option(names = "--io-bits", paramLabel = "B",
            description = "Bits of the model's input window and forecast, 2-16 (default: 8).")
    Integer ioBits;
    @Option(names = "--scheme", paramLabel = "KIND", description = "Activation quantization: symmetric or asymmetric (default: asymmetric).")
    String scheme;
    @Option(names = "--granularity", paramLabel = "KIND", description = "Weight scales per tensor or per channel (default: channel).")
    String granularity;
    @Option(names = "--observer", paramLabel = "KIND", description = "Range learning: minmax, ema or lsq (default: lsq).")
    String observer;
    @Option(names = "--qat-epochs", paramLabel = "N", description = "Quantization-aware fine-tuning epochs (default: 20).")
    Integer qatEpochs;
    @Option(names = "--qat-lr", paramLabel = "RATE", description = "Learning rate of quantization-aware fine-tuning (default: 0.001).")
    Double qatLr;
    @Option(names = "--qat-patience", paramLabel = "N",
            description = "Stop QAT after N epochs without a better validation MSE, keeping the best epoch; 0: every QAT epoch runs (default: 0).")
    Integer qatPatience;
    @Option(names = "--lsq-lr", paramLabel = "RATE",
            description = "Learning rate of the LSQ step sizes, learned in log space: about their relative change per step (default: 0.03).")
    Double lsqLr;
    @Option(names = "--distill", paramLabel = "W",
            description = "QAT targets: (1 - W) x the data + W x the float model's forecast (distillation), W in [0, 1] (default: 0).")
    Double distill;
    @Option(names = "--train-series", paramLabel = "KIND",
            description = "Training windows from the target column only, or (features S) from all columns pooled, each z-scored on its own; validation and metrics stay on the target: target or all (default: target).")
    String trainSeries;
    @Option(names = "--epoch-windows", paramLabel = "N",
            description = "Training windows per epoch (float and QAT), a fresh random sample each epoch; 0: all (default: 0).")
    Integer epochWindows;
    @Option(names = "--weight-average", paramLabel = "KIND",
            description = "Float training validates, early-stops on and keeps an average of the weights: none or ema (moving average over the steps, --ema-decay) (default: none).")
    String weightAverage;
    @Option(names = "--qat-weight-average", paramLabel = "KIND",
            description = "The same for quantization-aware training (weights and learned step sizes): none or ema (default: none).")
    String qatWeightAverage;
    @Option(names = "--ema-decay", paramLabel = "D",
            description = "Decay per optimiser step of the ema weight average, in (0, 1) (default: 0.999).")
    Double emaDecay;

    // Inter-series model, date features, season (docs/CONFIG.md)
    @Option(names = "--model", paramLabel = "KIND",
            description = "encoder (docs/MODEL.md) or inter-series (attention across series, features M) (default: encoder).")
    String model;
    @Option(names = "--cross-series", negatable = true,
            description = "Attention across series; --no-cross-series trains the series-independent ablation (default: true).")
    Boolean crossSeries;
    @Option(names = "--cross-layers", paramLabel = "N", description = "Encoder layers across series (default: 1).")
    Integer crossLayers;
    @Option(names = "--cross-residual", negatable = true,
            description = "The cross-series output joins each series' context through its own projection that starts at zero, so training starts from the ablation (default: false).")
    Boolean crossResidual;
    @Option(names = "--cross-finetune", paramLabel = "N",
            description = "With --cross-residual: train the ablation first, start the model from it and train N epochs more; 0: off (default: 0).")
    Integer crossFinetune;
    @Option(names = "--cross-finetune-lr", paramLabel = "RATE",
            description = "Peak learning rate of that second stage (default: 0.0005).")
    Double crossFinetuneLr;
    @Option(names = "--series-embedding", negatable = true,
            description = "A learned vector per series in its series token (default: true).")
    Boolean seriesEmbedding;
    @Option(names = "--positional-encoding", negatable = true,
            description = "Sinusoidal positions of the per-series tokens; --no-positional-encoding leaves it to the date features (default: true).")
    Boolean positionalEncoding;
    @Option(names = "--hour-of-day", paramLabel = "ENC", description = "Date feature: off, sincos or onehot (default: off).")
    String hourOfDay;
    @Option(names = "--day-of-week", paramLabel = "ENC", description = "Date feature: off, sincos or onehot (default: off).")
    String dayOfWeek;
    @Option(names = "--day-of-year", paramLabel = "ENC", description = "Date feature: off or sincos (default: off).")
    String dayOfYear;
    @Option(names = "--month-of-year", paramLabel = "ENC", description = "Date feature: off, sincos or onehot (default: off).")
    String monthOfYear;
    @Option(names = "--holidays", paramLabel = "CSV",
            description = "Calendar file of special days (date[,name[,kind]]): one 0/1 date feature per kind (default: none).")
    String holidays;
    @Option(names = "--season", paramLabel = "N",
            description = "Rows per season of the seasonal-naive baseline and MASE; 0 derives it from the time step (default: 0).")
    Integer season;
    @Option(names = "--ablation", negatable = true,
            description = "Also train an inter-series model's series-independent ablation and report it (default: true).")
    Boolean ablation;

    /** The {@code --config} file, or null. */
    public Path configFile() {
        return config;
    }

    /**
     * The configuration keys the user gave as flags, in declaration order. Read by reflection over the
     * {@code @Option} fields so that adding a flag cannot be forgotten here; the key is the flag name.
     */
    public Map<String, Object> overrides() {
        Map<String, Object> given = new LinkedHashMap<>();
        for (Field field : TrainOptions.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option == null || field.getName().equals("config")) {
                continue;
            }
            try {
                Object value = field.get(this);
                if (value != null) {
                    given.put(option.names()[0].substring(2), value);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read option field " + field.getName(), e);
            }
        }
        return given;
    }

    /**
     * Defaults, then the {@code --config} file, then the given flags; validated. The {@code pipeline:} and
     * {@code explore:} sections of a {@code run} or {@code explore} file are read past, so one file serves every
     * command.
     */
    public TrainConfig resolve() {
        return new ConfigLoader().load(config, overrides(), java.util.Set.of("pipeline", "explore")).config();
    }
}
