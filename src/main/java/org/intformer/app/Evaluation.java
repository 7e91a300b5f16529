package org.intformer.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.data.Baselines;
import org.intformer.data.LinearBaseline;
import org.intformer.data.Metrics;
import org.intformer.data.PerSeriesLinear;
import org.intformer.data.PreparedData;
import org.intformer.data.SeriesMetrics;
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
        m.put("val", metrics(valPredictions, data.val(), data, false));
        m.put("test", metrics(testPredictions, data.test(), data, true));
        return m;
    }

    /**
     * The naive and linear baselines, the linear one fitted on the training windows; with several output series
     * also the seasonal naive forecast (when the lookback holds a season) and a linear model per series.
     */
    public static Map<String, Object> baselines(PreparedData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("naive", of(Baselines::naive, data));
        if (multiSeries(data) && data.season() <= data.lookback()) {
            m.put("seasonal_naive", of(w -> Baselines.seasonalNaive(w, data.season()), data));
        }
        LinearBaseline linear = Baselines.linear(data.train());
        m.put("linear", of(linear::predict, data));
        if (multiSeries(data)) {
            m.put("linear_per_series", of(PerSeriesLinear.fit(data.train())::predict, data));
        }
        return m;
    }

    /** Several output series: the runs that get per-series metrics and the per-series baselines. */
    public static boolean multiSeries(PreparedData data) {
        return data.outputColumns().size() > 1;
    }

    /** @param perSeries whether to add the per-series table (test split of multi-series runs) */
    private static Map<String, Object> metrics(float[] pred, WindowSet ws, PreparedData data, boolean perSeries) {
        Metrics z = Metrics.of(pred, ws);
        Metrics original = Metrics.targetOriginalUnits(pred, ws, data.scaler(), data.targetIndex());
        SeriesMetrics series = SeriesMetrics.of(pred, ws, data.scaler(), data.seasonalScale());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mse", z.mse());
        m.put("mae", z.mae());
        m.put("rmse", z.rmse());
        m.put("rmse_original", original.rmse());
        m.put("mae_original", original.mae());
        m.put("wape", finite(series.overall().wape()));
        m.put("mase", finite(series.overall().mase()));
        m.put("windows", ws.n());
        if (perSeries && multiSeries(data)) {
            Map<String, Object> table = new LinkedHashMap<>();
            for (int k = 0; k < series.perSeries().size(); k++) {
                SeriesMetrics.Error e = series.perSeries().get(k);
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("mse", e.mse());
                one.put("mae", e.mae());
                one.put("wape", finite(e.wape()));
                one.put("mase", finite(e.mase()));
                table.put(data.outputColumns().get(k), one);
            }
            m.put("per_series", table);
        }
        return m;
    }

    /** JSON has no NaN: an undefined figure (a zero denominator) is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
