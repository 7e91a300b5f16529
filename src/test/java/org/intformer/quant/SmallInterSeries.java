package org.intformer.quant;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.app.DataLoader;
import org.intformer.app.ModelSpecs;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.TrainingWindows;
import org.intformer.data.SyntheticSeries;
import org.intformer.integer.IntModel;
import org.intformer.nn.ForecastModel;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.train.TrainSettings;
import org.intformer.train.Trainer;
import org.intformer.train.TrainingListener;

/**
 * A small inter-series model of three synthetic series (d-model 8, lookback 12, horizon 3), trained one float
 * epoch and one QAT epoch, and its integer model: what the converter tests run on.
 *
 * @param options the configuration keys on top of the small shape (head, bits, cross-series options, dates)
 */
public record SmallInterSeries(Compute compute, PreparedData data, QatModel qat, IntModel integer) {

    /** Keys and values, alternating. */
    public static Map<String, Object> options(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    public static SmallInterSeries train(Map<String, Object> options) {
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
                SplitSpec.parse("0.7,0.15,0.15"), null, DataLoader.calendar(config), 0, TrainingWindows.TARGET);
        Compute compute = new Compute(new ScalarKernels(), new Parallel(1));
        ForecastModel model = ModelSpecs.create(config, data);
        TrainSettings oneEpoch = new TrainSettings(1, 64, 1e-3, 0.9, 0.98, 1e-9, 0, "none", 1, 1, 0, 5);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(model, data.train(), data.val());
        QuantConfig quant = QuantConfig.of(config);
        QatModel qat = new QatModel(model, quant, QatModel.inputGrid(data.train().x(), quant), 10);
        qat.calibrate(data.train().inputs(), data.train().n(), compute, 64);
        new Trainer(compute, oneEpoch, TrainingListener.NONE).fit(qat, data.train(), data.val());
        return new SmallInterSeries(compute, data, qat, QatConverter.convert(qat, Map.of()));
    }
}
