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
 */
public record PreparedData(String source, FeatureMode mode, int lookback, int horizon, Splits splits,
                           WindowSet train, WindowSet val, WindowSet test, StandardScaler scaler, List<String> columns,
                           List<String> inputColumns, List<String> outputColumns, int targetIndex) {

    public PreparedData {
        columns = List.copyOf(columns);
        inputColumns = List.copyOf(inputColumns);
        outputColumns = List.copyOf(outputColumns);
    }

    public String target() {
        return columns.get(targetIndex);
    }
}
