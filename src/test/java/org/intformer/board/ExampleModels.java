package org.intformer.board;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.TestFiles;
import org.intformer.app.DataLoader;
import org.intformer.app.IntegerEvaluation;
import org.intformer.app.ModelSpecs;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
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

/**
 * An example configuration of examples/ on the real ETTh1 file, trained briefly (one float epoch, one QAT
 * epoch: the hardware checks need its shape and real weights, not its accuracy), and its quantized test windows.
 */
final class ExampleModels {
    record Trained(IntModel model, List<int[]> testWindows) {
    }

    private ExampleModels() {
    }

    static Trained trained(String example, Integer bits) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> o = new LinkedHashMap<>(new YAMLMapper().readValue(Path.of("examples", example).toFile(), Map.class));
        o.remove("pipeline");
        o.put("data", TestFiles.etth1().toString());
        if (bits != null) {
            o.put("bits", bits);
        }
        TrainConfig config = ConfigSchema.overlay(TrainConfig.defaults(), o, Origin.commandLine()).validate();
        PreparedData data = DataLoader.prepare(config);
        Compute compute = new Compute(new ScalarKernels(), new Parallel(1));
        Forecaster model = new Forecaster(ModelSpecs.of(config, data), config.seed());
        TrainSettings oneEpoch = new TrainSettings(1, 64, 1e-3, 0.9, 0.98, 1e-9, 0, "none", 1, 1, 0, config.seed());
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(model, data.train(), data.val());
        QatModel qat = new QatModel(model, QuantConfig.of(config), QatModel.inputGrid(data.train().x(), QuantConfig.of(config)), 10);
        qat.calibrate(data.train().x(), data.train().n(), compute, 64);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(qat, data.train(), data.val());
        IntModel m = QatConverter.convert(qat, Map.of());
        List<int[]> windows = new java.util.ArrayList<>();
        for (int i = 0; i < data.test().n(); i++) {
            windows.add(IntegerEvaluation.inputs(m, data.test(), i).get(0));
        }
        return new Trained(m, windows);
    }
}
