package org.intformer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.intformer.data.WindowSet;
import org.intformer.app.IntegerEvaluation;
import org.intformer.integer.IntModel;
import org.intformer.integer.Interpreter;
import org.intformer.tensor.Compute;
import org.intformer.train.Inference;
import org.intformer.train.Trainable;

/**
 * Windows per second of the float model, the fake-quant model and the golden integer interpreter on the same
 * windows, timed in one run so that their ratio is meaningful on a noisy machine.
 */
public final class InferenceBenchmark {
    /** One timed configuration. */
    public record Row(String engine, int threads, int batch, double windowsPerSecond) {
    }

    private InferenceBenchmark() {
    }

    public static List<Row> run(Trainable floatModel, Trainable qatModel, IntModel integer, WindowSet ws,
                                Map<Integer, Compute> computes, int repeats) {
        List<Row> rows = new ArrayList<>();
        List<List<int[]>> quantized = new ArrayList<>();
        for (int i = 0; i < ws.n(); i++) {
            quantized.add(IntegerEvaluation.inputs(integer, ws, i));
        }
        float[] inputs = ws.inputs();
        Interpreter interpreter = new Interpreter(integer);
        for (var e : computes.entrySet()) {
            int t = e.getKey();
            Compute c = e.getValue();
            rows.add(new Row("float", t, 1, rate(ws.n(), repeats, () -> predictEach(floatModel, c, ws))));
            rows.add(new Row("float", t, 256, rate(ws.n(), repeats, () -> Inference.predict(floatModel, c, inputs, ws.n(), 256).length)));
            rows.add(new Row("fake-quant", t, 256, rate(ws.n(), repeats, () -> Inference.predict(qatModel, c, inputs, ws.n(), 256).length)));
            rows.add(new Row("integer interpreter", t, 1, rate(ws.n(), repeats, () -> interpreter.runAllInputs(quantized, t).size())));
        }
        return rows;
    }

    private static int predictEach(Trainable model, Compute c, WindowSet ws) {
        int stride = ws.inputStride();
        float[] inputs = ws.inputs();
        int sink = 0;
        for (int i = 0; i < ws.n(); i++) {
            float[] one = java.util.Arrays.copyOfRange(inputs, i * stride, (i + 1) * stride);
            sink += Inference.predict(model, c, one, 1, 1).length;
        }
        return sink;
    }

    /** Best of {@code repeats} timed passes after one warm-up pass, in windows per second. */
    private static double rate(int windows, int repeats, IntSupplier pass) {
        pass.getAsInt();
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            pass.getAsInt();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return windows / best;
    }

    public static Map<String, Object> toMap(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", r.engine());
        m.put("threads", r.threads());
        m.put("batch", r.batch());
        m.put("windows_per_second", r.windowsPerSecond());
        return m;
    }
}
