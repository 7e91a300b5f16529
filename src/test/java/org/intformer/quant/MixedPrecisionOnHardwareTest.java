package org.intformer.quant;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.app.ModelSpecs;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.Baselines;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.SyntheticSeries;
import org.intformer.data.WindowSet;
import org.intformer.hw.GeneratedDesign;
import org.intformer.hw.HwOptions;
import org.intformer.hw.Simulation;
import org.intformer.hw.VerilogGenerator;
import org.intformer.integer.HostQuantization;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.nn.Forecaster;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.train.TrainSettings;
import org.intformer.train.Trainer;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The features of issue 13 in the generated accelerator, bit-exact against the interpreter: the linear path (a
 * Linear from the absolute window and an Add beside the Transformer's head) and per-layer widths, in a QAT model
 * trained briefly by the project's pipeline, simulated on every test window.
 */
@Tag("slow")
class MixedPrecisionOnHardwareTest {
    @TempDir
    Path tmp;

    static IntModel trained(String features, boolean relative, String layerBits, WindowSet[] test) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("features", features);
        o.put("head", "last");
        o.put("relative", relative);
        o.put("linear-path", true);
        o.put("patch", 4);
        o.put("d-model", 8);
        o.put("ffn", 16);
        o.put("lookback", 16);
        o.put("horizon", 4);
        o.put("bits", 4);
        o.put("layer-bits", layerBits);
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), o, Origin.commandLine()).validate();
        PreparedData data = DataPipeline.prepare(SyntheticSeries.generate(5, 1200, 3), FeatureMode.parse(features), "OT",
                16, 4, SplitSpec.parse("0.7,0.1,0.2"));
        Compute compute = new Compute(new ScalarKernels(), new Parallel(1));
        Forecaster model = new Forecaster(ModelSpecs.of(config, data), 5);
        model.initLinearPath(Baselines.linear(data.train()));
        TrainSettings oneEpoch = new TrainSettings(1, 64, 1e-3, 0.9, 0.98, 1e-9, 0, "none", 1, 1, 0, 5);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(model, data.train(), data.val());
        QuantConfig q = QuantConfig.of(config);
        QatModel qat = new QatModel(model, q, QatModel.inputGrid(data.train().x(), q), 30);
        qat.calibrate(data.train().x(), data.train().n(), compute, 64);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(qat, data.train(), data.val());
        test[0] = data.test();
        return QatConverter.convert(qat, Map.of());
    }

    @ParameterizedTest
    @CsvSource({
            "S, true, 'embed=8,layers.0.attn.*=6,layers.0.probs=8,layers.0.ffn1=3,linear=8,head=5', VERILATOR",
            "MS, false, 'layers.0.norm*=8,layers.0.scores=6,linear=6,head=3', ICARUS"})
    void linearPathAndMixedWidthsAreBitExact(String features, boolean relative, String layerBits, Simulation.Simulator sim) {
        assumeTrue(Simulation.available(sim), sim + " is not installed");
        WindowSet[] test = new WindowSet[1];
        IntModel m = trained(features, relative, layerBits, test);
        assertThat(m.ops()).anyMatch(op -> op instanceof IntOp.Linear l && l.name().equals("linear"));
        assertThat(m.ops().stream().filter(op -> op instanceof IntOp.Linear).mapToInt(op -> ((IntOp.Linear) op).weightBits())
                .distinct().count()).isGreaterThanOrEqualTo(3);
        List<int[]> windows = new ArrayList<>();
        WindowSet ws = test[0];
        for (int i = 0; i < ws.n(); i++) {
            double[] x = new double[ws.xStride()];
            for (int j = 0; j < x.length; j++) {
                x[j] = ws.x()[i * ws.xStride() + j];
            }
            windows.add(HostQuantization.quantize(x, m.inputSpec()));
        }
        GeneratedDesign d = VerilogGenerator.generate(m, new HwOptions(4, org.intformer.hw.synth.Target.XC7S15), tmp.resolve("design"));
        Simulation.SimResult r = Simulation.run(d, m, windows, sim);
        assertThat(r.mismatches()).as("first: %s", r.firstMismatch()).isZero();
        assertThat(r.windows()).isEqualTo(windows.size());
        assertThat(r.cyclesPerInference()).isEqualTo(d.expectedCycles());
    }
}
