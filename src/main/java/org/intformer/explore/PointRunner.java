package org.intformer.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.intformer.io.AtomicFiles;
import org.intformer.UserError;
import org.intformer.app.DataLoader;
import org.intformer.app.Engines;
import org.intformer.app.ModelSpecs;
import org.intformer.app.QatJob;
import org.intformer.app.QatSession;
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
    /** Null when each rung trains from scratch. */
    private final FloatModels floatModels;
    /** Warm start: each point's QAT run, parked between its rungs (only the model and the optimiser's state). */
    private final Map<String, QatSession> sessions = new ConcurrentHashMap<>();
    /** Training done or under way in this run, by its key (the point's result hash without lanes). */
    private final Map<String, CompletableFuture<Trained>> trained = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger trainings = new java.util.concurrent.atomic.AtomicInteger();

    /** @param floatModels where warm-started points get their float model; null to train every rung from scratch */
    PointRunner(String target, FloatModels floatModels) {
        this.target = target;
        this.floatModels = floatModels;
    }

    /**
     * @param config   the point's configuration at this rung
     * @param full     the point's full configuration (warm start: its QAT run spans full.qatEpochs())
     * @param lastRung whether the point runs no further rung (a warm-started session is then let go)
     */
    PointOutcome run(PointSpec point, int rung, TrainConfig config, TrainConfig full, Path workDir, boolean costFirst,
                     boolean lastRung, String dataHash, String trainingKey) {
        long start = System.nanoTime();
        try {
            CostedShape pre = costFirst ? costUntrained(config, point.lanes()) : null;
            if (pre != null && !pre.estimate().fits()) {
                return outcome(point.id(), rung, config, PointOutcome.INFEASIBLE, pre.misfit() + " (before training)",
                        null, pre, start);
            }
            TrainJob.Result result = trainOrShare(trainingKey, workDir,
                    () -> floatModels == null ? QatJob.run(config, null, workDir, TrainingListener.NONE)
                            : warm(point.id(), config, full, workDir, lastRung, dataHash));
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
     * Continues the point's QAT run to this rung's epochs. A session missing from memory (first rung, or a rerun after
     * a kill) starts at QAT epoch 0 on the shared float model and trains straight to the rung's epochs, which gives
     * exactly what continuing would have.
     */
    private TrainJob.Result warm(String id, TrainConfig config, TrainConfig full, Path workDir, boolean lastRung, String dataHash) {
        QatSession session = sessions.remove(id);
        if (session == null) {
            session = QatSession.start(full, floatModels.get(full, dataHash), TrainingListener.NONE);
        }
        TrainJob.Result result = session.trainTo(config.qatEpochs(), workDir, TrainingListener.NONE);
        if (!lastRung && config.qatEpochs() < full.qatEpochs()) {
            session.park();
            sessions.put(id, session);
        }
        return result;
    }

    /**
     * Trains, unless a point with the same training (it differs only in lanes, which the hardware alone depends on)
     * trains or has trained in this run: then waits for it and copies its integer model and report. Training is
     * deterministic, so who trains changes nothing.
     */
    private TrainJob.Result trainOrShare(String trainingKey, Path workDir, java.util.function.Supplier<TrainJob.Result> train) {
        CompletableFuture<Trained> mine = new CompletableFuture<>();
        CompletableFuture<Trained> first = trained.putIfAbsent(trainingKey, mine);
        if (first == null) {
            trainings.incrementAndGet();
            try {
                TrainJob.Result result = train.get();
                deleteLargeFiles(workDir);
                mine.complete(new Trained(workDir, result));
                return result;
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
        }
        Trained t;
        try {
            t = first.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // the same UserError (an invalid combination) or failure as the point that trained
            }
            throw e;
        }
        for (String name : List.of(QatJob.INTEGER_FILE, TrainJob.REPORT_FILE)) {
            try {
                AtomicFiles.write(workDir.resolve(name), Files.readAllBytes(t.dir().resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return t.result();
    }

    private record Trained(Path dir, TrainJob.Result result) {
    }

    /** Trainings started in this run (points that only shared one are not counted). */
    int trainings() {
        return trainings.get();
    }

    /** Lets go of the parked QAT runs of points that go no further. */
    void release(java.util.Collection<String> ids) {
        ids.forEach(sessions::remove);
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
