package org.intformer.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.data.PreparedData;
import org.intformer.data.WindowSet;

/**
 * The data behind the report's forecast pictures: test MSE per horizon step of every forecaster, and a few
 * test windows (history, actual, each forecaster's prediction) in the target's original units.
 */
final class ForecastFigures {
    static final int SAMPLE_WINDOWS = 4;

    private ForecastFigures() {
    }

    /** Test MSE (z-space, target channel) per horizon step; {@code predictions} are flat test forecasts in z-space. */
    static List<Double> perStep(float[] predictions, WindowSet ws, int targetChannel) {
        int outC = ws.outC();
        int h = ws.horizon();
        double[] se = new double[h];
        for (int i = 0; i < ws.n(); i++) {
            for (int s = 0; s < h; s++) {
                int at = (i * h + s) * outC + targetChannel;
                double d = (double) predictions[at] - ws.y()[at];
                se[s] += d * d;
            }
        }
        List<Double> out = new ArrayList<>(h);
        for (int s = 0; s < h; s++) {
            out.add(ws.n() == 0 ? 0.0 : se[s] / ws.n());
        }
        return out;
    }

    /** Evenly spaced test windows with every forecaster's prediction, in original units. */
    static Map<String, Object> samples(PreparedData data, Map<String, float[]> testPredictions) {
        WindowSet ws = data.test();
        int k = targetChannel(data);
        int inPos = ws.outputInInput()[k];
        int column = data.targetIndex();
        int count = Math.min(SAMPLE_WINDOWS, ws.n());
        List<Map<String, Object>> windows = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            int i = count == 1 ? 0 : (int) Math.round((ws.n() - 1) * (double) j / (count - 1));
            List<Double> history = new ArrayList<>();
            for (int t = 0; t < ws.lookback(); t++) {
                history.add(data.scaler().inverse(ws.x()[(i * ws.lookback() + t) * ws.inC() + inPos], column));
            }
            Map<String, Object> predicted = new LinkedHashMap<>();
            testPredictions.forEach((name, p) -> predicted.put(name, horizon(p, ws, i, k, data)));
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("index", i);
            w.put("history", history);
            w.put("actual", horizon(ws.y(), ws, i, k, data));
            w.put("predicted", predicted);
            windows.add(w);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lookback", ws.lookback());
        m.put("horizon", ws.horizon());
        m.put("unit", data.target());
        m.put("windows", windows);
        return m;
    }

    /** Index of the target among the output channels. */
    static int targetChannel(PreparedData data) {
        int[] out = data.test().outputColumns();
        for (int k = 0; k < out.length; k++) {
            if (out[k] == data.targetIndex()) {
                return k;
            }
        }
        throw new IllegalStateException("the target is not an output channel");
    }

    private static List<Double> horizon(float[] flat, WindowSet ws, int i, int k, PreparedData data) {
        List<Double> out = new ArrayList<>();
        for (int s = 0; s < ws.horizon(); s++) {
            out.add(data.scaler().inverse(flat[(i * ws.horizon() + s) * ws.outC() + k], data.targetIndex()));
        }
        return out;
    }
}
