package org.intformer.explore;

import java.util.LinkedHashMap;
import java.util.Map;
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
import org.intformer.train.Inference;

/**
 * A quick look at one bit assignment without fine-tuning: the trained float model quantized with freshly
 * calibrated ranges (post-training quantization), its validation MSE through the fake-quant forward and the
 * analytic cost of its integer model. Used to rank units by sensitivity before the expensive QAT runs.
 */
final class PtqProbe {
    private final Forecaster model;
    private final PreparedData data;
    private final Compute compute;
    private final TrainConfig base;
    private final String target;

    /** What one assignment gives. */
    record Outcome(double valMse, CostedShape cost) {
        double energyUj() {
            return cost.power().energyUj();
        }
    }

    PtqProbe(Forecaster model, PreparedData data, Compute compute, TrainConfig base, String target) {
        this.model = model;
        this.data = data;
        this.compute = compute;
        this.base = base;
        this.target = target;
    }

    /** The base configuration at {@code bits} with these per-layer widths. */
    static TrainConfig assignment(TrainConfig base, int bits, String layerBits) {
        Map<String, Object> overlay = new LinkedHashMap<>();
        overlay.put("bits", bits);
        overlay.put("weight-bits", 0);
        overlay.put("act-bits", 0);
        overlay.put("layer-bits", layerBits);
        return ConfigSchema.overlay(base, overlay, Origin.of("bit assignment")).validate();
    }

    /**
     * @throws org.intformer.UserError when the assignment's integer model is impossible (e.g. an accumulator
     *                                 that could overflow)
     */
    Outcome evaluate(int bits, String layerBits) {
        TrainConfig c = assignment(base, bits, layerBits);
        QuantConfig q = QuantConfig.of(c);
        // Calibration rounds the linear path in place; the next probe must start from the float weights again.
        Runnable restore = model.checkpoint();
        try {
            QatModel qat = new QatModel(model, q, QatModel.inputGrid(data.train().x(), q), c.lsqLr() / c.qatLr());
            qat.calibrate(data.train().x(), data.train().n(), compute, c.batch());
            double val = Inference.mse(qat, compute, data.val(), Math.max(256, c.batch()));
            IntModel integer = QatConverter.convert(qat, Map.of());
            return new Outcome(val, CostedShape.of(integer, target, 0));
        } finally {
            restore.run();
        }
    }
}
