package org.intformer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Errors of a multi-series forecast, overall and per output series: MSE and MAE in z-space, WAPE and MASE in
 * original units. WAPE = Σ|error| / Σ|actual| over every series, step and window; MASE = a series' mean absolute
 * error divided by its in-sample seasonal-naive mean absolute error ({@link PreparedData#seasonalScale()}),
 * and overall the mean of the series' MASE. Accumulated in double.
 *
 * @param overall   all series together
 * @param perSeries one entry per output channel, in channel order
 */
public record SeriesMetrics(Error overall, List<Error> perSeries) {

    /** One set of errors; {@code mase} is NaN when the seasonal scale is unknown or zero. */
    public record Error(double mse, double mae, double wape, double mase) {
    }

    public SeriesMetrics {
        perSeries = List.copyOf(perSeries);
    }

    /**
     * @param pred          flat [n, horizon, outC] forecasts in z-space, like {@link WindowSet#y()}
     * @param seasonalScale per series column, the MASE denominator in original units
     */
    public static SeriesMetrics of(float[] pred, WindowSet ws, StandardScaler scaler, double[] seasonalScale) {
        float[] y = ws.y();
        if (pred.length != y.length || pred.length == 0) {
            throw new IllegalArgumentException(pred.length + " predictions for " + y.length + " targets");
        }
        int outC = ws.outC();
        int[] columns = ws.outputColumns();
        double[] se = new double[outC];
        double[] ae = new double[outC];
        double[] aeOrig = new double[outC];
        double[] actual = new double[outC];
        for (int i = 0; i < y.length; i++) {
            int k = i % outC;
            double d = (double) pred[i] - y[i];
            se[k] += d * d;
            ae[k] += Math.abs(d);
            aeOrig[k] += Math.abs(d) * scaler.std(columns[k]);
            actual[k] += Math.abs(scaler.inverse(y[i], columns[k]));
        }
        int count = y.length / outC;
        List<Error> series = new ArrayList<>();
        double seSum = 0;
        double aeSum = 0;
        double aeOrigSum = 0;
        double actualSum = 0;
        double maseSum = 0;
        for (int k = 0; k < outC; k++) {
            double scale = seasonalScale[columns[k]];
            double mase = scale > 0 ? aeOrig[k] / count / scale : Double.NaN;
            series.add(new Error(se[k] / count, ae[k] / count, aeOrig[k] / actual[k], mase));
            seSum += se[k];
            aeSum += ae[k];
            aeOrigSum += aeOrig[k];
            actualSum += actual[k];
            maseSum += mase;
        }
        Error overall = new Error(seSum / y.length, aeSum / y.length, aeOrigSum / actualSum, maseSum / outC);
        return new SeriesMetrics(overall, series);
    }
}
