package org.intformer.data;

/**
 * Forecast errors, accumulated in double.
 *
 * @param mse  mean squared error
 * @param mae  mean absolute error
 * @param rmse square root of the MSE
 */
public record Metrics(double mse, double mae, double rmse) {

    /** Errors of {@code pred} against {@code target}, element by element. */
    public static Metrics of(float[] pred, float[] target) {
        if (pred.length != target.length || pred.length == 0) {
            throw new IllegalArgumentException(pred.length + " predictions for " + target.length + " targets");
        }
        double se = 0;
        double ae = 0;
        for (int i = 0; i < pred.length; i++) {
            double d = (double) pred[i] - target[i];
            se += d * d;
            ae += Math.abs(d);
        }
        return of(se, ae, pred.length);
    }

    /** Errors in z-space of {@code pred} (flat {@code [n, horizon, outC]}) against the targets of {@code ws}. */
    public static Metrics of(float[] pred, WindowSet ws) {
        return of(pred, ws.y());
    }

    /**
     * Errors of output channel {@code k} only, in the original units of its column (z-scores mapped back through
     * {@code scaler}); for S and MS, channel 0 is the target.
     */
    public static Metrics originalUnits(float[] pred, WindowSet ws, StandardScaler scaler, int k) {
        float[] y = ws.y();
        if (pred.length != y.length) {
            throw new IllegalArgumentException(pred.length + " predictions for " + y.length + " targets");
        }
        int outC = ws.outC();
        int column = ws.outputColumns()[k];
        // Both sides share mean; the error in original units is the z-space error times the column's std.
        double std = scaler.std(column);
        double se = 0;
        double ae = 0;
        int count = 0;
        for (int i = k; i < y.length; i += outC) {
            double d = ((double) pred[i] - y[i]) * std;
            se += d * d;
            ae += Math.abs(d);
            count++;
        }
        return of(se, ae, count);
    }

    /** Errors of the target channel in original units (the target is channel 0 for S/MS, its own channel for M). */
    public static Metrics targetOriginalUnits(float[] pred, WindowSet ws, StandardScaler scaler, int targetColumn) {
        int[] out = ws.outputColumns();
        for (int k = 0; k < out.length; k++) {
            if (out[k] == targetColumn) {
                return originalUnits(pred, ws, scaler, k);
            }
        }
        throw new IllegalArgumentException("column " + targetColumn + " is not an output");
    }

    private static Metrics of(double se, double ae, int count) {
        double mse = se / count;
        return new Metrics(mse, ae / count, Math.sqrt(mse));
    }
}
