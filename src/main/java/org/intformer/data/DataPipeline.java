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
        return prepare(series, mode, target, lookback, horizon, split, fixedScaler, CalendarFeatures.NONE, 0, TrainingWindows.TARGET);
    }

    /**
     * As {@link #prepare(TimeSeries, FeatureMode, String, int, int, SplitSpec, StandardScaler)}, with date features
     * in every window and the season of the seasonal baselines and MASE.
     *
     * @param calendar the date features of each step ({@link CalendarFeatures#NONE} for none)
     * @param season   rows per season, or 0 for the default of the series' time step ({@link TimeAxis#defaultSeason})
     * @param training which windows training draws from ({@link PreparedData#fit()}; pooled ones need features S)
     */
    public static PreparedData prepare(TimeSeries series, FeatureMode mode, String target, int lookback, int horizon,
                                       SplitSpec split, StandardScaler fixedScaler, CalendarFeatures calendar, int season,
                                       TrainingWindows training) {
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

        float[][] dates = calendar.enabled() ? calendar.rows(TimeAxis.of(series, "date features")) : null;
        WindowSet train = WindowSet.build(z, dates, splits.trainWindowRows(), lookback, horizon, in, out);
        WindowSet val = WindowSet.build(z, dates, splits.valWindowRows(lookback), lookback, horizon, in, out);
        WindowSet test = WindowSet.build(z, dates, splits.testWindowRows(lookback), lookback, horizon, in, out);
        int s = season > 0 ? season : TimeAxis.defaultSeason(TimeAxis.stepOrNull(series));
        WindowSet fit = training == TrainingWindows.TARGET ? train
                : pooledWindows(mode, z, dates, splits.trainWindowRows(), lookback, horizon, targetIndex,
                        training == TrainingWindows.ALL_LINEAR_ALIGNED);
        return new PreparedData(series.source(), mode, lookback, horizon, splits, train, val, test, scaler,
                series.columns(), names(series.columns(), in), names(series.columns(), out), targetIndex, s,
                seasonalScale(series.values(), splits.train(), s), calendar.names(), fit);
    }

    /**
     * The univariate training windows of every column, the target's first, then the others in column order: each
     * column is a series of its own (channel-independent training, as PatchTST's), z-scored with its own statistics.
     * They are laid out as the target's windows are (one input channel, one output channel, the target's column
     * index), since the model sees one channel whichever column it came from.
     */
    static WindowSet pooledWindows(FeatureMode mode, float[][] z, float[][] dates, RowRange rows, int lookback, int horizon,
                                   int targetIndex, boolean alignLinear) {
        if (mode != FeatureMode.S) {
            throw new UserError("train-series = all needs features S, got " + mode);
        }
        int cols = z.length == 0 ? 0 : z[0].length;
        List<WindowSet> parts = new ArrayList<>(cols);
        WindowSet target = WindowSet.build(z, dates, rows, lookback, horizon, new int[] {targetIndex}, new int[] {targetIndex});
        parts.add(target);
        LinearBaseline targetFit = alignLinear ? LinearBaseline.fit(target) : null;
        for (int c = 0; c < cols; c++) {
            if (c != targetIndex) {
                WindowSet own = WindowSet.build(z, dates, rows, lookback, horizon, new int[] {c}, new int[] {c});
                parts.add(alignLinear ? alignedTo(targetFit, own) : own);
            }
        }
        return WindowSet.concat(parts, new int[] {targetIndex});
    }

    /** {@code ws} with targets {@code y + target(x) − own(x)}, {@code own} the least-squares fit of {@code ws} itself. */
    static WindowSet alignedTo(LinearBaseline target, WindowSet ws) {
        float[] theirs = target.predict(ws);
        float[] own = LinearBaseline.fit(ws).predict(ws);
        float[] y = ws.y().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += theirs[i] - own[i];
        }
        return new WindowSet(ws.x(), y, ws.n(), ws.lookback(), ws.horizon(), ws.inputColumns(), ws.outputColumns(),
                ws.firstTargetRow(), ws.dates(), ws.dateWidth());
    }

    /** Per column, the mean |v[t] − v[t − season]| over the training rows (NaN with too few rows). */
    static double[] seasonalScale(float[][] values, RowRange train, int season) {
        int cols = values.length == 0 ? 0 : values[0].length;
        double[] scale = new double[cols];
        for (int c = 0; c < cols; c++) {
            double sum = 0;
            int count = 0;
            for (int t = train.start() + season; t < train.end(); t++) {
                sum += Math.abs((double) values[t][c] - values[t - season][c]);
                count++;
            }
            scale[c] = count == 0 ? Double.NaN : sum / count;
        }
        return scale;
    }

    private static List<String> names(List<String> columns, int[] idx) {
        List<String> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(columns.get(i));
        }
        return out;
    }
}
