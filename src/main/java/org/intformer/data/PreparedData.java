package org.intformer.data;

import java.util.List;

/**
 * Everything a training run needs from the data, and what a report needs to explain it.
 *
 * @param source        where the series came from
 * @param mode          which columns are inputs and outputs
 * @param lookback      input steps per window
 * @param horizon       forecast steps per window
 * @param splits        the rows of each split
 * @param train         training windows
 * @param val           validation windows
 * @param test          test windows
 * @param scaler        z-scoring of every column, fitted on the training rows
 * @param columns       all feature columns of the series (the scaler's column order)
 * @param inputColumns  names of the input channels, in channel order
 * @param outputColumns names of the output channels, in channel order
 * @param targetIndex   index of the target in {@code columns}
 * @param season        the season in rows of the seasonal-naive baseline and of MASE
 * @param seasonalScale per column of {@code columns}, the in-sample seasonal-naive mean absolute error on the
 *                      training rows in original units (MASE's denominator); NaN when the training rows are too few
 * @param dateFeatures  the names of the windows' date features ({@link CalendarFeatures}), empty for none
 * @param fit           the windows gradient steps draw from: {@code train} itself, or (features S with pooled
 *                      training series) the training windows of every column, each column z-scored with its own
 *                      training statistics, laid out as one channel like {@code train}'s. Baselines, calibration
 *                      and every metric use {@code train}, {@code val} and {@code test}: the target's windows.
 */
public record PreparedData(String source, FeatureMode mode, int lookback, int horizon, Splits splits,
                           WindowSet train, WindowSet val, WindowSet test, StandardScaler scaler, List<String> columns,
                           List<String> inputColumns, List<String> outputColumns, int targetIndex, int season,
                           double[] seasonalScale, List<String> dateFeatures, WindowSet fit) {

    public PreparedData {
        columns = List.copyOf(columns);
        inputColumns = List.copyOf(inputColumns);
        outputColumns = List.copyOf(outputColumns);
        seasonalScale = seasonalScale.clone();
        dateFeatures = List.copyOf(dateFeatures);
        java.util.Objects.requireNonNull(fit, "fit");
        if (fit.xStride() != train.xStride() || fit.yStride() != train.yStride() || fit.dateWidth() != train.dateWidth()) {
            throw new IllegalArgumentException("the fitting windows' shape differs from the training windows'");
        }
    }

    /** Whether gradient steps draw from more windows than the target's training windows. */
    public boolean pooled() {
        return fit != train;
    }

    @Override
    public double[] seasonalScale() {
        return seasonalScale.clone();
    }

    public String target() {
        return columns.get(targetIndex);
    }
}
