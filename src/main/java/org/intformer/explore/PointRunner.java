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
    private final Map<String, Parked> sessions = new ConcurrentHashMap<>();
    /** Untrained integer models by configuration: points that differ only in lanes cost the same one (null: none to be had). */
    private final Map<TrainConfig, Memo<IntModel>> untrained = new ConcurrentHashMap<>();
    /** Training done or under way in this run, by its key (the point's result hash without lanes). */
    private final Map<String, CompletableFuture<Trained>> trained = new ConcurrentHashMap<>();

    /** @param floatModels where warm-started points get their float model; null to train every rung from scratch */
    PointRunner(String target, FloatModels floatModels) {
        this.target = target;
        this.floatModels = floatModels;
    }

    /**
     * Runs a task whose result is not stored yet, its integer model and report going to {@code workDir}.
     * {@link TaskResult#trained()} tells whether this call trained (not a lanes sibling, not an untrained point).
     */
    TaskResult run(PointTask task, Path workDir) {
        long start = System.nanoTime();
        TrainConfig config = task.config();
        try {
            CostedShape pre = task.costFirst() ? costUntrained(config, task.lanes()) : null;
            if (pre != null && !pre.estimate().fits()) {
                return new TaskResult(outcome(task.id(), task.rung(), config, PointOutcome.INFEASIBLE,
                        pre.misfit() + " (before training)", null, pre, start), false, false);
            }
            Shared shared = trainOrShare(task.trainingKey(), workDir,
                    () -> floatModels == null ? QatJob.run(config, null, workDir, TrainingListener.NONE)
                            : warm(task.id(), task.rung(), config, task.full(), workDir, task.lastRung(), task.dataSha256()));
            IntModel model = IntModelFile.read(workDir.resolve(QatJob.INTEGER_FILE));
            CostedShape cost = CostedShape.of(model, target, task.lanes());
            return new TaskResult(outcome(task.id(), task.rung(), config,
                    cost.estimate().fits() ? PointOutcome.DONE : PointOutcome.INFEASIBLE,
                    cost.estimate().fits() ? null : cost.misfit(), shared.result().content(), cost, start), false, shared.trainedHere());
        } catch (UserError e) {
            // A combination training itself refuses (too many parameters, LayerNorm in QAT, ...) is a bad point, not a bad run.
            return new TaskResult(new PointOutcome(task.id(), task.rung(), PointOutcome.INVALID, e.getMessage(), config.epochs(),
                    config.qatEpochs(), null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, seconds(start)), false, false);
        }
    }

    /**
     * Continues the point's QAT run to this rung's epochs. A session missing from memory (first rung, or a rerun after
     * a kill) starts at QAT epoch 0 on the shared float model and trains straight to the rung's epochs, which gives
     * exactly what continuing would have.
     */
    private TrainJob.Result warm(String id, int rung, TrainConfig config, TrainConfig full, Path workDir, boolean lastRung,
                                 String dataHash) {
        // Rungs are barriers: once rung r runs, a run parked before rung r - 1 belongs to a point that was not promoted.
        // (A local run releases those itself; a worker on another machine never hears of the promotions.)
        sessions.values().removeIf(p -> p.rung() < rung - 1);
        Parked parked = sessions.remove(id);
        QatSession session = parked == null ? QatSession.start(full, floatModels.get(full, dataHash), TrainingListener.NONE)
                : parked.session();
        TrainJob.Result result = session.trainTo(config.qatEpochs(), workDir, TrainingListener.NONE);
        if (!lastRung && config.qatEpochs() < full.qatEpochs()) {
            session.park();
            sessions.put(id, new Parked(session, rung));
        }
        return result;
    }

    /** A value computed once, by the first caller (the others wait for it); a failure is not remembered. */
    private static final class Memo<T> {
        private final java.util.function.Supplier<T> supplier;
        private boolean done;
        private T value;

        Memo(java.util.function.Supplier<T> supplier) {
            this.supplier = supplier;
        }

        synchronized T get() {
            if (!done) {
                value = supplier.get();
                done = true;
            }
            return value;
        }
    }

    /** A point's QAT run waiting for its next rung, and the rung it last ran. */
    private record Parked(QatSession session, int rung) {
    }

    /**
     * Trains, unless a point with the same training (it differs only in lanes, which the hardware alone depends on)
     * trains or has trained in this run: then waits for it and copies its integer model and report. Training is
     * deterministic, so who trains changes nothing.
     */
    private Shared trainOrShare(String trainingKey, Path workDir, java.util.function.Supplier<TrainJob.Result> train) {
        CompletableFuture<Trained> mine = new CompletableFuture<>();
        CompletableFuture<Trained> first = trained.putIfAbsent(trainingKey, mine);
        if (first == null) {
            try {
                TrainJob.Result result = train.get();
                deleteLargeFiles(workDir);
                mine.complete(new Trained(workDir, result));
                return new Shared(result, true);
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
        return new Shared(t.result(), false);
    }

    private record Trained(Path dir, TrainJob.Result result) {
    }

    /** A training's result, and whether this task trained it (rather than a lanes sibling). */
    private record Shared(TrainJob.Result result, boolean trainedHere) {
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
        IntModel model = untrained.computeIfAbsent(config, c -> new Memo<>(() -> {
            try {
                return untrainedIntegerModel(c);
            } catch (UserError e) {
                return null;
            }
        })).get();
        return model == null ? null : CostedShape.of(model, target, lanes);
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
