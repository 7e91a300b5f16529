package org.intformer.data;

/**
 * Per-column z-scoring: {@code z = (x − mean) / std} with the mean and the population standard deviation (ddof 0,
 * as numpy's {@code std()}) of the training rows only, so no statistic of validation or test data leaks into the
 * model.
 *
 * <p>A column that is constant on the training rows gets std 1 instead of 0: its z-scores are then 0 on the
 * training rows (no information, no division by zero, no NaN), and later deviations stay in the column's own
 * units instead of being blown up by an arbitrary epsilon.
 */
public final class StandardScaler {
    private final double[] mean;
    private final double[] std;

    private StandardScaler(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** A scaler with the given statistics (for instance read back from a model file). */
    public static StandardScaler of(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException(mean.length + " means for " + std.length + " stds");
        }
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("std must be positive and finite: " + s);
            }
        }
        return new StandardScaler(mean.clone(), std.clone());
    }

    /** Fits on rows {@code [rows.start, rows.end)} of {@code values[row][column]}, in double precision. */
    public static StandardScaler fit(float[][] values, RowRange rows) {
        if (rows.length() < 1 || rows.end() > values.length) {
            throw new IllegalArgumentException("cannot fit on rows " + rows + " of " + values.length);
        }
        int cols = values[rows.start()].length;
        double[] mean = new double[cols];
        double[] std = new double[cols];
        for (int r = rows.start(); r < rows.end(); r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += values[r][c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows.length();
        }
        // Two passes (mean first, then squared deviations) avoid the cancellation of E[x²] − E[x]².
        for (int r = rows.start(); r < rows.end(); r++) {
            for (int c = 0; c < cols; c++) {
                double d = values[r][c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < cols; c++) {
            double s = Math.sqrt(std[c] / rows.length());
            std[c] = s > 0 ? s : 1.0;
        }
        return new StandardScaler(mean, std);
    }

    public int cols() {
        return mean.length;
    }

    public double mean(int column) {
        return mean[column];
    }

    public double std(int column) {
        return std[column];
    }

    public double[] means() {
        return mean.clone();
    }

    public double[] stds() {
        return std.clone();
    }

    /** The z-scores of every row, as a new array. */
    public float[][] transform(float[][] values) {
        float[][] out = new float[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != mean.length) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length + " values, scaler has " + mean.length);
            }
            out[r] = new float[mean.length];
            for (int c = 0; c < mean.length; c++) {
                out[r][c] = (float) ((values[r][c] - mean[c]) / std[c]);
            }
        }
        return out;
    }

    /** One z-score of {@code column} back in original units. */
    public double inverse(double z, int column) {
        return z * std[column] + mean[column];
    }

    /** Z-scores of {@code column} back in original units, as a new array. */
    public double[] inverse(float[] z, int column) {
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = inverse(z[i], column);
        }
        return out;
    }
}
