package org.intformer.quant;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.intformer.app.DataLoader;
import org.intformer.app.IntegerEvaluation;
import org.intformer.app.ModelSpecs;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.SyntheticSeries;
import org.intformer.data.WindowSet;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.integer.IntOp;
import org.intformer.integer.Interpreter;
import org.intformer.nn.ForecastModel;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.train.TrainSettings;
import org.intformer.train.Trainer;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inter-series model's converter against its fake-quant forward: after a little QAT, every tensor the fake
 * path quantizes equals the interpreter's tensor of the same name (at most 0.1 % one LSB apart, from float
 * accumulation at rounding ties), on shapes with and without date features, cross-series layers, embeddings,
 * positional encodings and relative input, every head, several bit widths and quantizer options. The integer
 * model holds each weight once: the per-series layers are single ops over a leading series axis.
 */
class InterSeriesFakePathTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(options("head", "flatten", "relative", true, "heads", 2, "patch", 4, "cross-layers", 1,
                        "day-of-week", "onehot", "hour-of-day", "sincos", "bits", 8, "observer", "lsq")),
                Arguments.of(options("head", "gap", "relative", false, "heads", 1, "patch", 3, "cross-layers", 2,
                        "series-embedding", false, "positional-encoding", false, "bits", 4, "scheme", "symmetric",
                        "granularity", "tensor", "observer", "ema")),
                Arguments.of(options("head", "last", "relative", true, "heads", 4, "patch", 2, "cross-series", false,
                        "month-of-year", "sincos", "day-of-week", "sincos", "bits", 6, "observer", "minmax")));
    }

    private static Map<String, Object> options(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyTensorMatchesTheInterpreter(Map<String, Object> options) {
        Map<String, Object> o = new LinkedHashMap<>(options);
        o.put("model", "inter-series");
        o.put("features", "M");
        o.put("d-model", 8);
        o.put("ffn", 16);
        o.put("lookback", 12);
        o.put("horizon", 3);
        o.put("io-bits", 8);
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), o, Origin.commandLine()).validate();
        PreparedData data = DataPipeline.prepare(SyntheticSeries.generate(3, 700, 3), FeatureMode.M, "OT", 12, 3,
                SplitSpec.parse("0.7,0.15,0.15"), null, DataLoader.calendar(config), 0);
        Compute compute = new Compute(new ScalarKernels(), new Parallel(1));
        ForecastModel model = ModelSpecs.create(config, data);
        TrainSettings oneEpoch = new TrainSettings(1, 64, 1e-3, 0.9, 0.98, 1e-9, 0, "none", 1, 1, 0, 5);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(model, data.train(), data.val());
        QuantConfig quant = QuantConfig.of(config);
        QatModel qat = new QatModel(model, quant, QatModel.inputGrid(data.train().x(), quant), 10);
        qat.calibrate(data.train().inputs(), data.train().n(), compute, 64);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(qat, data.train(), data.val());
        IntModel integer = QatConverter.convert(qat, Map.of());
        byte[] file = IntModelFile.encode(integer);
        assertThat(IntModelFile.encode(IntModelFile.decode(file, "round trip"))).isEqualTo(file);
        assertOneOpPerSharedLayer(integer, model);

        Map<String, float[]> recorded = new LinkedHashMap<>();
        RecordingHooks recording = new RecordingHooks(qat, recorded);
        Interpreter interpreter = new Interpreter(integer);
        WindowSet ws = data.test();
        float[] inputs = ws.inputs();
        int stride = ws.inputStride();
        long values = 0;
        long differ = 0;
        for (int i = 0; i < ws.n(); i++) {
            recorded.clear();
            qat.model().forward(new Graph(compute, false), Arrays.copyOfRange(inputs, i * stride, (i + 1) * stride), 1,
                    new SplittableRandom(0), recording);
            Interpreter.Result r = interpreter.run(IntegerEvaluation.inputs(integer, ws, i), true);
            long[] counts = recording.compare(r, i);
            values += counts[0];
            differ += counts[1];
        }
        assertThat(values).isGreaterThan(10_000);
        assertThat(differ / (double) values).as("fraction of differing values").isLessThanOrEqualTo(0.001);
    }

    /** The encoder-only keys: the linear path is off for the inter-series model, per-layer widths a user error. */
    @org.junit.jupiter.api.Test
    void encoderOnlyKeysOnTheInterSeriesModel() {
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), Map.of("model", "inter-series", "features", "M",
                "linear-path", true, "d-model", 8, "ffn", 16, "lookback", 12, "horizon", 3, "patch", 4), Origin.commandLine()).validate();
        assertThat(config.linearPath()).isFalse();
        assertThat(TrainConfig.defaults().linearPath()).isTrue();
        ForecastModel model = ModelSpecs.create(config, 3, new int[] {0, 1, 2}, 0);
        QuantConfig quant = QuantConfig.of(ConfigSchema.overlay(config, Map.of("layer-bits", "embed=4"), Origin.commandLine()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new QatModel(model, quant, QuantGrid.asymmetric(-3, 3, 8), 1))
                .isInstanceOf(org.intformer.UserError.class).hasMessageContaining("layer-bits")
                .hasMessageContaining("model encoder only");
    }

    /** Each trained weight matrix appears in exactly one Linear op (no copies per series), with its own size. */
    private static void assertOneOpPerSharedLayer(IntModel integer, ForecastModel model) {
        List<IntOp.Linear> linears = integer.ops().stream().filter(op -> op instanceof IntOp.Linear)
                .map(op -> (IntOp.Linear) op).toList();
        long weightMatrices = model.parameters().keySet().stream().filter(k -> k.endsWith(".weight") && !k.contains("norm")).count();
        assertThat(linears).hasSize((int) weightMatrices);
        for (IntOp.Linear l : linears) {
            assertThat((long) l.weights().length()).as(l.name()).isEqualTo(model.parameters().get(l.name() + ".weight").size());
        }
    }
}
