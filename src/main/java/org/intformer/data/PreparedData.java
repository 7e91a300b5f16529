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
 */
public record PreparedData(String source, FeatureMode mode, int lookback, int horizon, Splits splits,
                           WindowSet train, WindowSet val, WindowSet test, StandardScaler scaler, List<String> columns,
                           List<String> inputColumns, List<String> outputColumns, int targetIndex, int season,
                           double[] seasonalScale, List<String> dateFeatures) {

    public PreparedData {
        columns = List.copyOf(columns);
        inputColumns = List.copyOf(inputColumns);
        outputColumns = List.copyOf(outputColumns);
        seasonalScale = seasonalScale.clone();
        dateFeatures = List.copyOf(dateFeatures);
    }

    @Override
    public double[] seasonalScale() {
        return seasonalScale.clone();
    }

    public String target() {
        return columns.get(targetIndex);
    }
}
