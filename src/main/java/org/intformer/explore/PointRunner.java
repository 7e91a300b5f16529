package org.intformer.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.app.DataLoader;
import org.intformer.app.Engines;
import org.intformer.app.ModelSpecs;
import org.intformer.app.QatJob;
import org.intformer.app.TrainJob;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.nn.Forecaster;
import org.intformer.quant.QatConverter;
import org.intformer.quant.QatModel;
import org.intformer.quant.QuantConfig;
import org.intformer.tensor.Compute;
import org.intformer.train.TrainingListener;

/**
 * Runs one point at one rung: costs its shape before training (an untrained model calibrated on one batch
 * converts to an integer model of the same shape, and cycles are a function of the shape alone), skips the
 * training of shapes predicted not to fit, else trains float + QAT with {@link QatJob}, and costs the trained
 * integer model again (resources can depend on the trained weights' ranges).
 */
final class PointRunner {
    private final String target;

    PointRunner(String target) {
        this.target = target;
    }

    PointOutcome run(PointSpec point, int rung, TrainConfig config, Path workDir, boolean costFirst) {
        long start = System.nanoTime();
        try {
            CostedShape pre = costFirst ? costUntrained(config, point.lanes()) : null;
            if (pre != null && !pre.estimate().fits()) {
                return outcome(point.id(), rung, config, PointOutcome.INFEASIBLE, pre.misfit() + " (before training)",
                        null, pre, start);
            }
            TrainJob.Result result = QatJob.run(config, null, workDir, TrainingListener.NONE);
            deleteLargeFiles(workDir);
            IntModel model = IntModelFile.read(workDir.resolve(QatJob.INTEGER_FILE));
            CostedShape cost = CostedShape.of(model, target, point.lanes());
            return outcome(point.id(), rung, config, cost.estimate().fits() ? PointOutcome.DONE : PointOutcome.INFEASIBLE,
                    cost.estimate().fits() ? null : cost.misfit(), result.content(), cost, start);
        } catch (UserError e) {
            // A combination training itself refuses (too many parameters, LayerNorm in QAT, ...) is a bad point, not a bad run.
            return new PointOutcome(point.id(), rung, PointOutcome.INVALID, e.getMessage(), config.epochs(), config.qatEpochs(),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    seconds(start));
        }
    }

    /**
     * The cost of the untrained shape, or null when it cannot be had: random weights may trip a check that a
     * trained model passes (e.g. the accumulator range analysis, a UserError), and that must not cost the point its
     * training. Genuine configuration problems surface again, as UserErrors, when training starts; anything else is a
     * bug and propagates.
     */
    private CostedShape costUntrained(TrainConfig config, int lanes) {
        try {
            return CostedShape.of(untrainedIntegerModel(config), target, lanes);
        } catch (UserError e) {
            return null;
        }
    }

    /** The integer model of this configuration's shape with random weights, calibrated on one training batch. */
    static IntModel untrainedIntegerModel(TrainConfig config) {
        PreparedData data = DataLoader.prepare(config);
        try (Compute compute = Engines.compute(1)) {
            Forecaster model = new Forecaster(ModelSpecs.of(config, data), config.seed());
            QuantConfig quant = QuantConfig.of(config);
            QatModel qat = new QatModel(model, quant, QatModel.inputGrid(data.train().x(), quant), config.lsqLr() / config.qatLr());
            int n = Math.min(data.train().n(), config.batch());
            float[] batch = java.util.Arrays.copyOf(data.train().x(), n * data.train().xStride());
            qat.calibrate(batch, n, compute, config.batch());
            return QatConverter.convert(qat, Map.of());
        }
    }

    /** The front needs only model.iqm and report.json; float and QAT checkpoints would multiply disk use by the point count. */
    private static void deleteLargeFiles(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(TrainJob.MODEL_FILE));
            Files.deleteIfExists(dir.resolve(QatJob.QAT_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static PointOutcome outcome(String id, int rung, TrainConfig config, String status, String reason,
                                        Map<String, Object> report, CostedShape cost, long start) {
        Double val = null;
        Double test = null;
        Double floatVal = null;
        Double floatTest = null;
        if (report != null) {
            Map<String, Object> metrics = (Map<String, Object>) report.get("metrics");
            val = mse(metrics, "integer", "val");
            test = mse(metrics, "integer", "test");
            floatVal = mse(metrics, "float", "val");
            floatTest = mse(metrics, "float", "test");
        }
        var r = cost.estimate().resources();
        boolean xc7 = cost.estimate().target() == org.intformer.hw.synth.Target.XC7S15;
        return new PointOutcome(id, rung, status, reason, config.epochs(), config.qatEpochs(), val, test, floatVal, floatTest,
                cost.power().energyUj(), cost.power().latencyUs(), cost.estimate().cycles(), cost.estimate().lanes(),
                xc7 ? r.lut() : null, r.ff(), r.dsp(), xc7 ? r.bram36() : null, xc7 ? r.bram18() : null,
                xc7 ? null : r.lc(), xc7 ? null : r.ebr(), cost.estimate().fits(), seconds(start));
    }

    @SuppressWarnings("unchecked")
    private static Double mse(Map<String, Object> metrics, String model, String split) {
        Map<String, Object> m = (Map<String, Object>) metrics.get(model);
        return ((Number) ((Map<String, Object>) m.get(split)).get("mse")).doubleValue();
    }

    private static double seconds(long start) {
        return Math.round((System.nanoTime() - start) / 1e6) / 1e3;
    }
}
