package org.intformer.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.intformer.board.DeviceClient;
import org.intformer.board.DeviceStatus;
import org.intformer.board.ModelHash;
import org.intformer.board.WeightImage;
import org.intformer.hw.Design;
import org.intformer.hw.HwOptions;
import org.intformer.hw.WeightMemory;
import org.intformer.hw.synth.Target;
import java.util.function.IntConsumer;
import org.intformer.data.PreparedData;
import org.intformer.data.TimeSeries;
import org.intformer.data.WindowSet;
import org.intformer.integer.HostQuantization;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.integer.Interpreter;
import org.intformer.UserError;

/** {@code intformer device}: test windows of a model's data through a device, checked or written as forecasts. */
public final class DeviceJob {
    /** A board-level check: windows run, windows whose forecast differs from the interpreter's, the first one. */
    public record Check(int windows, int mismatches, String firstMismatch, DeviceStatus status) {
    }

    private DeviceJob() {
    }

    /** The first {@code count} windows of {@code ws} as the host quantizes them (the window only: IR version 1). */
    static List<int[]> windows(IntModel model, WindowSet ws, int count) {
        List<int[]> windows = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(count, ws.n()); i++) {
            windows.add(IntegerEvaluation.inputs(model, ws, i).get(0));
        }
        return windows;
    }

    /** The device's status, after checking that it holds {@code model} (which the hardware generator supports). */
    public static DeviceStatus requireModel(DeviceClient device, IntModel model, Path file) {
        return requireModel(device, model, file, true);
    }

    /** As {@link #requireModel(DeviceClient, IntModel, Path)}; {@code weights}: also that its weights are loaded. */
    static DeviceStatus requireModel(DeviceClient device, IntModel model, Path file, boolean weights) {
        HwJob.requireBoardSupported(model, file.toString());
        DeviceStatus s = device.status();
        if (s.modelHash() != ModelHash.of(model)) {
            throw new UserError(String.format("the device holds another model (hash %08x) than %s (hash %08x); flash its bitstream first",
                    s.modelHash(), file, ModelHash.of(model)));
        }
        if (weights && !s.ready()) {
            throw new UserError("the device keeps its weights in SPRAM and they are not loaded (" + s.loadedWords() + " of "
                    + s.weightWords() + " words): run `intformer device load --model " + file + "` first");
        }
        return s;
    }

    /**
     * {@code intformer device load}: sends the weights of {@code modelFile} to a device that keeps them in SPRAM, laid out
     * as the bitstream's design lays them out (its lanes, from the status), and returns the status after the load.
     */
    public static DeviceStatus load(DeviceClient device, Path modelFile, IntConsumer progress) {
        IntModel model = IntModelFile.read(modelFile);
        DeviceStatus s = requireModel(device, model, modelFile, false);
        if (!s.needsWeights()) {
            throw new UserError("the device's bitstream holds the weights (built with --weights bram): nothing to load");
        }
        Design d = Design.of(model, new HwOptions(s.lanes(), Target.ICE40UP5K, WeightMemory.SPRAM));
        WeightImage w = WeightImage.of(d);
        if (w.words() != s.weightWords()) {
            throw new UserError("the device expects " + s.weightWords() + " weight words, " + modelFile + " at " + s.lanes()
                    + " lanes has " + w.words() + "; was the bitstream built from this model?");
        }
        return device.load(w, progress);
    }

    /** Runs the first {@code count} test windows through the device and compares every output with the interpreter. */
    public static Check check(DeviceClient device, Path modelFile, String data, int count) {
        IntModel model = IntModelFile.read(modelFile);
        requireModel(device, model, modelFile);
        WindowSet ws = IntegerModels.data(model, modelFile, data).test();
        List<int[]> windows = windows(model, ws, count);
        Interpreter golden = new Interpreter(model);
        int mismatches = 0;
        String first = null;
        for (int i = 0; i < windows.size(); i++) {
            int[] got = device.infer(windows.get(i), model.inputSpec(), model.outputSpec());
            int[] want = golden.run(windows.get(i)).output();
            if (!Arrays.equals(got, want)) {
                mismatches++;
                if (first == null) {
                    first = "window " + i + ": device " + Arrays.toString(got) + ", interpreter " + Arrays.toString(want);
                }
            }
        }
        return new Check(windows.size(), mismatches, first, device.status());
    }

    /** Forecasts of the test windows by the device, written as {@code intformer predict} writes them; returns the count. */
    public static int predict(DeviceClient device, Path modelFile, String data, Path outCsv) {
        IntModel model = IntModelFile.read(modelFile);
        requireModel(device, model, modelFile);
        var config = IntegerModels.config(model, modelFile, data);
        if (!(model.metadata().get("data") instanceof java.util.Map<?, ?> saved)) {
            throw new UserError(modelFile + ": the integer model carries no data scaler");
        }
        SavedData sd = SavedData.fromMap(saved, modelFile.toString());
        TimeSeries series = DataLoader.series(config).select(sd.columns());
        PreparedData prepared = DataLoader.prepare(config, series, sd);
        WindowSet ws = prepared.test();
        List<int[]> windows = windows(model, ws, ws.n());
        int per = model.outputSpec().size();
        float[] pred = new float[windows.size() * per];
        for (int i = 0; i < windows.size(); i++) {
            double[] z = HostQuantization.dequantize(device.infer(windows.get(i), model.inputSpec(), model.outputSpec()),
                    model.outputSpec());
            for (int j = 0; j < per; j++) {
                pred[i * per + j] = (float) z[j];
            }
        }
        PredictJob.write(outCsv, series, prepared, ws, pred, null);
        return windows.size();
    }
}
