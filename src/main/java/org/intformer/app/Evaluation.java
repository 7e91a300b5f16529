package org.intformer.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.data.Baselines;
import org.intformer.data.LinearBaseline;
import org.intformer.data.Metrics;
import org.intformer.data.PreparedData;
import org.intformer.data.WindowSet;

/** Metrics of forecasters and of the built-in baselines, in the layout of report.json's {@code metrics}. */
public final class Evaluation {
    private Evaluation() {
    }

    /** A forecaster as a function from windows to flat predictions in z-space. */
    @FunctionalInterface
    public interface Predictor {
        float[] predict(WindowSet windows);
    }

    /** {@code {val: {mse, mae, rmse}, test: {..., rmse_original, mae_original}}}. */
    public static Map<String, Object> of(Predictor p, PreparedData data) {
        return of(p.predict(data.val()), p.predict(data.test()), data);
    }

    /** As {@link #of(Predictor, PreparedData)} for forecasts already made. */
    public static Map<String, Object> of(float[] valPredictions, float[] testPredictions, PreparedData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("val", metrics(valPredictions, data.val(), data));
        m.put("test", metrics(testPredictions, data.test(), data));
        return m;
    }

    /** The naive and linear baselines, the linear one fitted on the training windows. */
    public static Map<String, Object> baselines(PreparedData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("naive", of(Baselines::naive, data));
        LinearBaseline linear = Baselines.linear(data.train());
        m.put("linear", of(linear::predict, data));
        return m;
    }

    private static Map<String, Object> metrics(float[] pred, WindowSet ws, PreparedData data) {
        Metrics z = Metrics.of(pred, ws);
        Metrics original = Metrics.targetOriginalUnits(pred, ws, data.scaler(), data.targetIndex());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mse", z.mse());
        m.put("mae", z.mae());
        m.put("rmse", z.rmse());
        m.put("rmse_original", original.rmse());
        m.put("mae_original", original.mae());
        m.put("windows", ws.n());
        return m;
    }
}
