package org.intformer.data;

import org.intformer.UserError;

import java.util.ArrayList;
import java.util.List;

/** Series → splits → scaler fitted on the training rows → z-scored windows of each split. */
public final class DataPipeline {
    private DataPipeline() {
    }

    /**
     * Prepares the windows of all three splits.
     *
     * @param series   the raw series
     * @param mode     which columns go in and out
     * @param target   the target column (the only output for S and MS)
     * @param lookback input steps, ≥ 1
     * @param horizon  forecast steps, ≥ 1
     * @param split    how to split the rows
     */
    public static PreparedData prepare(TimeSeries series, FeatureMode mode, String target, int lookback, int horizon,
                                       SplitSpec split) {
        return prepare(series, mode, target, lookback, horizon, split, null);
    }

    /**
     * As {@link #prepare(TimeSeries, FeatureMode, String, int, int, SplitSpec)}, z-scoring with a given scaler
     * (a saved model's) instead of fitting one, so that new data is scaled exactly as the training data was.
     *
     * @param fixedScaler the scaler to apply, or null to fit one on the training rows
     */
    public static PreparedData prepare(TimeSeries series, FeatureMode mode, String target, int lookback, int horizon,
                                       SplitSpec split, StandardScaler fixedScaler) {
        if (lookback < 1) {
            throw new UserError("lookback must be at least 1, got " + lookback);
        }
        if (horizon < 1) {
            throw new UserError("horizon must be at least 1, got " + horizon);
        }
        int targetIndex = series.requireColumn(target);
        Splits splits = split.resolve(series.source(), series.rows());
        splits.requireWindows(series.source(), lookback, horizon);

        if (fixedScaler != null && fixedScaler.cols() != series.cols()) {
            throw new UserError(series.source() + ": the scaler has " + fixedScaler.cols() + " columns, the series "
                    + series.cols());
        }
        StandardScaler scaler = fixedScaler != null ? fixedScaler : StandardScaler.fit(series.values(), splits.train());
        float[][] z = scaler.transform(series.values());
        int[] in = mode.inputColumns(series.columns(), targetIndex);
        int[] out = mode.outputColumns(series.columns(), targetIndex);

        WindowSet train = WindowSet.build(z, splits.trainWindowRows(), lookback, horizon, in, out);
        WindowSet val = WindowSet.build(z, splits.valWindowRows(lookback), lookback, horizon, in, out);
        WindowSet test = WindowSet.build(z, splits.testWindowRows(lookback), lookback, horizon, in, out);
        return new PreparedData(series.source(), mode, lookback, horizon, splits, train, val, test, scaler,
                series.columns(), names(series.columns(), in), names(series.columns(), out), targetIndex);
    }

    private static List<String> names(List<String> columns, int[] idx) {
        List<String> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(columns.get(i));
        }
        return out;
    }
}
