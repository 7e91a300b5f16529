package org.intformer.hw;

import org.intformer.hw.synth.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.SyntheticSeries;
import org.intformer.data.WindowSet;
import org.intformer.hw.Simulation.SimResult;
import org.intformer.hw.Simulation.Simulator;
import org.intformer.integer.HostQuantization;
import org.intformer.integer.IntModel;
import org.intformer.nn.Forecaster;
import org.intformer.quant.QatConverter;
import org.intformer.quant.QatModel;
import org.intformer.quant.QuantConfig;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.train.TrainSettings;
import org.intformer.train.Trainer;
import org.intformer.train.TrainingListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The project's own pipeline end to end on hardware: a QAT model trained briefly on the synthetic series
 * (ETTh1-like shape: multivariate input, relative forecasting, patching, flatten head, 8 bit), converted to an
 * integer model, generated as Verilog and simulated on more than 500 test windows, bit-exact.
 */
@Tag("slow")
class QatModelOnHardwareTest {

    @TempDir
    Path tmp;

    static IntModel trainedModel(WindowSet[] testOut) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("features", "MS");
        o.put("head", "flatten");
        o.put("relative", true);
        o.put("heads", 2);
        o.put("layers", 1);
        o.put("patch", 4);
        o.put("d-model", 16);
        o.put("ffn", 32);
        o.put("lookback", 24);
        o.put("horizon", 6);
        o.put("weight-bits", 8);
        o.put("act-bits", 8);
        o.put("io-bits", 8);
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), o, Origin.commandLine()).validate();
        PreparedData data = DataPipeline.prepare(SyntheticSeries.generate(3, 4000, 3), FeatureMode.parse("MS"), "OT",
                24, 6, SplitSpec.parse("0.7,0.15,0.15"));
        Compute compute = new Compute(new ScalarKernels(), new Parallel(1));
        Forecaster model = new Forecaster(org.intformer.app.ModelSpecs.of(config, data), 5);
        TrainSettings oneEpoch = new TrainSettings(1, 64, 1e-3, 0.9, 0.98, 1e-9, 0, "none", 1, 1, 0, 5);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(model, data.train(), data.val());
        QatModel qat = new QatModel(model, QuantConfig.of(config), QatModel.inputGrid(data.train().x(), QuantConfig.of(config)), 10);
        qat.calibrate(data.train().x(), data.train().n(), compute, 64);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(qat, data.train(), data.val());
        testOut[0] = data.test();
        return QatConverter.convert(qat, Map.of());
    }

    @ParameterizedTest
    @EnumSource(Simulator.class)
    void qatModelIsBitExactOnFiveHundredWindows(Simulator sim) {
        assumeTrue(Simulation.available(sim), sim + " is not installed");
        WindowSet[] test = new WindowSet[1];
        IntModel m = trainedModel(test);
        WindowSet ws = test[0];
        List<int[]> windows = new ArrayList<>();
        for (int i = 0; i < ws.n(); i++) {
            float[] x = Arrays.copyOfRange(ws.x(), i * ws.xStride(), (i + 1) * ws.xStride());
            double[] xd = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                xd[j] = x[j];
            }
            windows.add(HostQuantization.quantize(xd, m.inputSpec()));
        }
        assertThat(windows.size()).isGreaterThanOrEqualTo(500);
        GeneratedDesign d = VerilogGenerator.generate(m, new HwOptions(16, Target.XC7S15), tmp.resolve("qat"));
        SimResult r = Simulation.run(d, m, windows, sim);
        assertThat(r.mismatches()).as("first: %s", r.firstMismatch()).isZero();
        assertThat(r.windows()).isEqualTo(windows.size());
        assertThat(r.cyclesPerInference()).isEqualTo(d.expectedCycles());
    }
}
