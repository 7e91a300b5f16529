package org.intformer.data;

import java.util.Objects;

/**
 * All stride-1 windows of one split, z-scored, copied into two flat row-major arrays that training batches are
 * cut from without allocation.
 *
 * <p>Window {@code i} has inputs {@code x[i, t, ch]} = series row {@code firstTargetRow − lookback + i + t} and
 * targets {@code y[i, s, k]} = series row {@code firstTargetRow + i + s}, shapes {@code [n, lookback, inC]} and
 * {@code [n, horizon, outC]} as in docs/MODEL.md.
 *
 * @param x              inputs, {@code n·lookback·inC} floats
 * @param y              targets, {@code n·horizon·outC} floats
 * @param n              number of windows
 * @param lookback       input steps per window
 * @param horizon        forecast steps per window
 * @param inputColumns   series column index of each input channel
 * @param outputColumns  series column index of each output channel
 * @param firstTargetRow series row of the first target of window 0 (to line forecasts up with timestamps)
 * @param dates          date features of each window's lookback and horizon steps, {@code [n, lookback + horizon,
 *                       dateWidth]} ({@link CalendarFeatures}); empty when {@code dateWidth} is 0
 * @param dateWidth      date features per step
 */
public record WindowSet(float[] x, float[] y, int n, int lookback, int horizon, int[] inputColumns, int[] outputColumns,
                        int firstTargetRow, float[] dates, int dateWidth) {

    public WindowSet {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(dates, "dates");
        if (x.length != (long) n * lookback * inputColumns.length || y.length != (long) n * horizon * outputColumns.length
                || dates.length != (long) n * (lookback + horizon) * dateWidth) {
            throw new IllegalArgumentException("array sizes do not match n=" + n + ", lookback=" + lookback
                    + ", horizon=" + horizon + ", date features=" + dateWidth);
        }
        inputColumns = inputColumns.clone();
        outputColumns = outputColumns.clone();
    }

    /** Windows without date features. */
    public WindowSet(float[] x, float[] y, int n, int lookback, int horizon, int[] inputColumns, int[] outputColumns,
                     int firstTargetRow) {
        this(x, y, n, lookback, horizon, inputColumns, outputColumns, firstTargetRow, new float[0], 0);
    }

    /**
     * Cuts the windows whose inputs and targets lie in {@code rows} of the z-scored series {@code z[row][column]}.
     */
    public static WindowSet build(float[][] z, RowRange rows, int lookback, int horizon, int[] inputColumns,
                                  int[] outputColumns) {
        return build(z, null, rows, lookback, horizon, inputColumns, outputColumns);
    }

    /**
     * As {@link #build(float[][], RowRange, int, int, int[], int[])}, with each window's date features cut from
     * {@code rowDates[row][feature]} (null for none) over its lookback and horizon rows.
     */
    public static WindowSet build(float[][] z, float[][] rowDates, RowRange rows, int lookback, int horizon,
                                  int[] inputColumns, int[] outputColumns) {
        int n = Splits.windowCount(rows, lookback, horizon);
        int inC = inputColumns.length;
        int outC = outputColumns.length;
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(n, lookback), inC)];
        float[] y = new float[Math.multiplyExact(Math.multiplyExact(n, horizon), outC)];
        for (int i = 0; i < n; i++) {
            int start = rows.start() + i;
            int xo = i * lookback * inC;
            for (int t = 0; t < lookback; t++) {
                float[] row = z[start + t];
                for (int ch = 0; ch < inC; ch++) {
                    x[xo + t * inC + ch] = row[inputColumns[ch]];
                }
            }
            int yo = i * horizon * outC;
            for (int s = 0; s < horizon; s++) {
                float[] row = z[start + lookback + s];
                for (int k = 0; k < outC; k++) {
                    y[yo + s * outC + k] = row[outputColumns[k]];
                }
            }
        }
        int f = rowDates == null || rowDates.length == 0 ? 0 : rowDates[0].length;
        float[] dates = new float[Math.multiplyExact(Math.multiplyExact(n, lookback + horizon), f)];
        for (int i = 0; i < n && f > 0; i++) {
            for (int s = 0; s < lookback + horizon; s++) {
                System.arraycopy(rowDates[rows.start() + i + s], 0, dates, (i * (lookback + horizon) + s) * f, f);
            }
        }
        return new WindowSet(x, y, n, lookback, horizon, inputColumns, outputColumns, rows.start() + lookback, dates, f);
    }

    /**
     * The windows of {@code parts} one after the other, their channels relabelled as the series columns
     * {@code columns} (input and output): one set to train on from several series of the same shape.
     */
    public static WindowSet concat(java.util.List<WindowSet> parts, int[] columns) {
        WindowSet first = parts.get(0);
        int n = 0;
        for (WindowSet p : parts) {
            if (p.xStride() != first.xStride() || p.yStride() != first.yStride() || p.dateWidth != first.dateWidth
                    || p.inC() != columns.length || p.outC() != columns.length) {
                throw new IllegalArgumentException("windows of different shapes cannot be pooled");
            }
            n = Math.addExact(n, p.n);
        }
        float[] x = new float[Math.multiplyExact(n, first.xStride())];
        float[] y = new float[Math.multiplyExact(n, first.yStride())];
        float[] dates = new float[Math.multiplyExact(n, (first.lookback + first.horizon) * first.dateWidth)];
        int at = 0;
        for (WindowSet p : parts) {
            System.arraycopy(p.x, 0, x, at * first.xStride(), p.x.length);
            System.arraycopy(p.y, 0, y, at * first.yStride(), p.y.length);
            System.arraycopy(p.dates, 0, dates, at * (first.lookback + first.horizon) * first.dateWidth, p.dates.length);
            at += p.n;
        }
        return new WindowSet(x, y, n, first.lookback, first.horizon, columns, columns, first.firstTargetRow, dates,
                first.dateWidth);
    }

    /** Floats per window of {@link #inputs()}: the values, then the date features. */
    public int inputStride() {
        return xStride() + (lookback + horizon) * dateWidth;
    }

    /**
     * What a model reads per window: the values {@code [lookback, inC]} followed by the date features
     * {@code [lookback + horizon, dateWidth]}; {@link #x()} itself when there are no date features.
     */
    public float[] inputs() {
        if (dateWidth == 0) {
            return x;
        }
        int xs = xStride();
        int ds = (lookback + horizon) * dateWidth;
        float[] in = new float[n * (xs + ds)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * xs, in, i * (xs + ds), xs);
            System.arraycopy(dates, i * ds, in, i * (xs + ds) + xs, ds);
        }
        return in;
    }

    public int inC() {
        return inputColumns.length;
    }

    public int outC() {
        return outputColumns.length;
    }

    /** Floats per window of {@link #x()}. */
    public int xStride() {
        return lookback * inputColumns.length;
    }

    /** Floats per window of {@link #y()}. */
    public int yStride() {
        return horizon * outputColumns.length;
    }

    @Override
    public int[] inputColumns() {
        return inputColumns.clone();
    }

    @Override
    public int[] outputColumns() {
        return outputColumns.clone();
    }

    /**
     * For each output channel, its position among the input channels (outputs are always inputs too, in every
     * {@link FeatureMode}); used to find a channel's last observed value.
     */
    public int[] outputInInput() {
        int[] pos = new int[outputColumns.length];
        for (int k = 0; k < pos.length; k++) {
            pos[k] = -1;
            for (int ch = 0; ch < inputColumns.length; ch++) {
                if (inputColumns[ch] == outputColumns[k]) {
                    pos[k] = ch;
                }
            }
            if (pos[k] < 0) {
                throw new IllegalStateException("output column " + outputColumns[k] + " is not an input");
            }
        }
        return pos;
    }

    /**
     * Copies windows {@code indices[from .. from+count)} into {@code xOut} and {@code yOut}, packed from offset 0
     * ({@code count·xStride()} and {@code count·yStride()} floats).
     */
    public void copyBatch(int[] indices, int from, int count, float[] xOut, float[] yOut) {
        int xs = xStride();
        int ys = yStride();
        if (xOut.length < count * xs || yOut.length < count * ys) {
            throw new IllegalArgumentException("batch arrays too small for " + count + " windows");
        }
        for (int b = 0; b < count; b++) {
            int w = Objects.checkIndex(indices[from + b], n);
            System.arraycopy(x, w * xs, xOut, b * xs, xs);
            System.arraycopy(y, w * ys, yOut, b * ys, ys);
        }
    }
}
