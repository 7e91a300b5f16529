package org.intformer.app;

import java.nio.file.Path;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.data.WindowSet;
import org.intformer.quant.QatModel;
import org.intformer.quant.QuantConfig;
import org.intformer.tensor.Compute;
import org.intformer.train.TrainState;
import org.intformer.train.Trainer;
import org.intformer.train.TrainingListener;

/**
 * Quantization-aware fine-tuning that can stop and go on: {@link #trainTo} trains QAT up to an epoch count, writes the
 * integer model and report of the best epoch so far, and leaves the training state where it was, so that a later
 * call continues the same run (the learning-rate schedule spans the configured qat-epochs throughout). Training to
 * a then to b gives exactly what training to b at once gives. {@code intformer qat} is one call to the configured
 * qat-epochs; explore's warm-started rungs call it once per rung. Between calls, {@link #park} lets go of the
 * data (it is prepared again, identically, when needed), so a parked session holds only the model and the optimiser.
 */
public final class QatSession {
    private final TrainConfig config;
    private final SavedData savedData;
    private final TrainJob.Trained trained;
    private final QatModel qat;
    private final TrainState state;
    /** With distillation, the teacher's forecasts: made once, before QAT changes the weights, and kept while parked. */
    private final WindowSet distilled;
    private PreparedData data;

    private QatSession(TrainConfig config, SavedData savedData, PreparedData data, TrainJob.Trained trained, QatModel qat,
                       TrainState state, WindowSet distilled) {
        this.config = config;
        this.savedData = savedData;
        this.data = data;
        this.trained = trained;
        this.qat = qat;
        this.state = state;
        this.distilled = distilled;
    }

    /**
     * Trains the float model (or reads it from {@code from}, whose configuration then holds for all but the
     * quantization keys) and calibrates the QAT model: QAT epoch 0.
     */
    public static QatSession start(TrainConfig given, Path from, TrainingListener listener) {
        TrainConfig config = given;
        FloatModelStore.Loaded loaded = null;
        if (from != null) {
            loaded = FloatModelStore.load(from);
            config = QatJob.fineTuneConfig(loaded.config(), given);
        }
        SavedData saved = loaded == null ? null : loaded.data();
        PreparedData data = prepare(config, saved);
        try (Compute compute = Engines.compute(config.resolvedThreads())) {
            TrainJob.Trained trained = loaded == null ? TrainJob.train(config, data, compute, listener)
                    : new TrainJob.Trained(loaded.model(), null, TrainJob.evaluate(loaded.model(), compute, data, config), null);
            // The teacher's forecasts come first: calibration rounds the linear path of the same model in place.
            WindowSet distilled = config.distill() > 0 ? QatJob.distilled(trained.model(), compute, windows(config, data), config) : null;
            QuantConfig quant = QuantConfig.of(config);
            QatModel qat = new QatModel(trained.model(), quant, QatModel.inputGrid(data.train().x(), quant),
                    config.lsqLr() / config.qatLr());
            qat.calibrate(data.train().inputs(), data.train().n(), compute, config.batch());
            // Calibration (the input grid and the first ranges) sees the target's windows only, whatever QAT trains on:
            // the integer model's input is the target column.
            WindowSet targets = distilled != null ? distilled : windows(config, data);
            TrainState state = new Trainer(compute, QatJob.qatSettings(config), listener).start(qat, targets, data.val());
            return new QatSession(config, saved, data, trained, qat, state, distilled);
        }
    }

    /** The windows QAT trains on: those the float model trained on last (the target's, after pretraining on all). */
    private static WindowSet windows(TrainConfig config, PreparedData data) {
        return config.fineTunesOnTarget() ? data.train() : data.fit();
    }

    private static PreparedData prepare(TrainConfig config, SavedData saved) {
        return saved == null ? DataLoader.prepare(config) : DataLoader.prepare(config, DataLoader.series(config), saved);
    }

    public TrainConfig config() {
        return config;
    }

    /** QAT epochs trained so far. */
    public int qatEpochs() {
        return state.epochs();
    }

    /** Lets go of the prepared data until the next {@link #trainTo}. */
    public void park() {
        data = null;
    }

    /**
     * Continues QAT up to {@code qatEpochs} (≤ the configured qat-epochs), converts the best epoch so far to the
     * integer model, evaluates it, and writes {@code qat.ifm}, {@code model.iqm}, {@code report.json} (and the float
     * model, when it was trained here) to {@code outDir}. The training state then goes on from the latest epoch.
     */
    public TrainJob.Result trainTo(int qatEpochs, Path outDir, TrainingListener listener) {
        if (qatEpochs < state.epochs() || qatEpochs > config.qatEpochs()) {
            throw new IllegalArgumentException("QAT epochs " + qatEpochs + " outside [" + state.epochs() + ", " + config.qatEpochs() + "]");
        }
        if (data == null) {
            data = prepare(config, savedData);
        }
        try (Compute compute = Engines.compute(config.resolvedThreads())) {
            WindowSet targets = distilled != null ? distilled : windows(config, data);
            new Trainer(compute, QatJob.qatSettings(config), listener).advance(qat, state, qatEpochs, targets, data.val());
            boolean last = qatEpochs == config.qatEpochs();
            Runnable latest = last ? () -> { } : qat.checkpoint();
            state.restoreBest();
            try {
                return QatJob.report(config, data, trained, qat, state.result(), compute, outDir);
            } finally {
                latest.run();
            }
        }
    }
}
