package org.intformer.quant;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.SyntheticSeries;
import org.intformer.data.WindowSet;
import org.intformer.integer.HostQuantization;
import org.intformer.integer.IntModel;
import org.intformer.integer.Interpreter;
import org.intformer.nn.Forecaster;
import org.intformer.nn.ModelSpec;
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
 * The converter's contract: after a little QAT, every tensor the fake-quant forward produces, quantized on its
 * grid, equals the interpreter's tensor of the same name, on model shapes and quantization options across the
 * board. Float accumulation may flip a value lying on a rounding tie, so a tiny fraction may differ by one LSB.
 */
class FakePathMatchesInterpreterTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("MS", "flatten", true, 1, 1, 4, 8, 8, 8, "asymmetric", "channel", "lsq", false, ""),
                Arguments.of("S", "gap", false, 1, 1, 1, 4, 4, 8, "asymmetric", "channel", "ema", false, ""),
                Arguments.of("M", "last", true, 2, 2, 2, 6, 5, 6, "symmetric", "tensor", "minmax", false, ""),
                Arguments.of("MS", "gap", true, 2, 1, 3, 3, 7, 10, "symmetric", "channel", "lsq", false, ""),
                Arguments.of("S", "flatten", false, 4, 1, 2, 2, 2, 4, "asymmetric", "tensor", "ema", false, ""),
                Arguments.of("MS", "last", true, 1, 1, 4, 4, 4, 8, "asymmetric", "channel", "lsq", true, ""),
                Arguments.of("M", "gap", false, 2, 1, 2, 8, 6, 8, "asymmetric", "tensor", "ema", true, ""),
                // Mixed precision: per-layer weight and activation widths, attention scores and probabilities apart.
                Arguments.of("S", "flatten", true, 2, 2, 3, 4, 4, 8, "asymmetric", "channel", "lsq", true,
                        "embed=8,layers.0.*=6,layers.1.ffn1=3,layers.1.probs=8,layers.1.scores=5,linear=8,head=2"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyTensorMatches(String features, String head, boolean relative, int heads, int layers, int patch,
                            int weightBits, int actBits, int ioBits, String scheme, String granularity, String observer,
                            boolean linearPath, String layerBits) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("features", features);
        o.put("head", head);
        o.put("relative", relative);
        o.put("heads", heads);
        o.put("layers", layers);
        o.put("patch", patch);
        o.put("d-model", 8);
        o.put("ffn", 16);
        o.put("lookback", 12);
        o.put("horizon", 3);
        o.put("weight-bits", weightBits);
        o.put("act-bits", actBits);
        o.put("io-bits", ioBits);
        o.put("scheme", scheme);
        o.put("granularity", granularity);
        o.put("observer", observer);
        o.put("linear-path", linearPath);
        o.put("layer-bits", layerBits);
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), o, Origin.commandLine()).validate();
        PreparedData data = DataPipeline.prepare(SyntheticSeries.generate(3, 700, 3), FeatureMode.parse(features), "OT",
                12, 3, SplitSpec.parse("0.7,0.15,0.15"));
        Compute compute = new Compute(new ScalarKernels(), new Parallel(1));
        Forecaster model = new Forecaster(org.intformer.app.ModelSpecs.of(config, data), 5);
        if (linearPath) {
            model.initLinearPath(org.intformer.data.Baselines.linear(data.train()));
        }
        TrainSettings oneEpoch = new TrainSettings(1, 64, 1e-3, 0.9, 0.98, 1e-9, 0, "none", 1, 1, 0, 5);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(model, data.train(), data.val());
        QatModel qat = new QatModel(model, QuantConfig.of(config), QatModel.inputGrid(data.train().x(), QuantConfig.of(config)), 10);
        qat.calibrate(data.train().x(), data.train().n(), compute, 64);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(qat, data.train(), data.val());
        if (System.getenv("DEBUG_GRIDS") != null) {
            qat.grids().forEach((k, g) -> System.err.println(k + " " + g));
            qat.weightScales().forEach((k, v) -> System.err.println(k + " " + Arrays.toString(v)));
        }
        IntModel integer = QatConverter.convert(qat, Map.of());

        Map<String, float[]> recorded = new LinkedHashMap<>();
        RecordingHooks recording = new RecordingHooks(qat, recorded);
        Interpreter interpreter = new Interpreter(integer);
        WindowSet ws = data.test();
        long values = 0;
        long differ = 0;
        for (int i = 0; i < ws.n(); i++) {
            float[] x = Arrays.copyOfRange(ws.x(), i * ws.xStride(), (i + 1) * ws.xStride());
            recorded.clear();
            qat.model().forward(new Graph(compute, false), x, 1, new SplittableRandom(0), recording);
            double[] xd = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                xd[j] = x[j];
            }
            Interpreter.Result r = interpreter.run(HostQuantization.quantize(xd, integer.inputSpec()), true);
            long[] counts = recording.compare(r, i);
            values += counts[0];
            differ += counts[1];
        }
        assertThat(values).isGreaterThan(1000);
        assertThat(differ / (double) values).as("fraction of differing values").isLessThanOrEqualTo(0.001);
    }
}
