package org.intformer.data;

import org.intformer.UserError;

/**
 * The rows of each split, resolved for one series.
 *
 * <p>A split owns the rows whose values are <em>forecast targets</em> in it. Validation and test windows reach
 * {@code lookback} rows back into the previous split for their inputs, so the first validation target is the
 * first validation row and no row's target is ever counted in two splits. Training windows stay inside the
 * training rows, so nothing after the training border is seen while fitting (the scaler included).
 *
 * @param train training rows
 * @param val   validation rows
 * @param test  test rows
 */
public record Splits(RowRange train, RowRange val, RowRange test) {

    public Splits {
        if (train.start() != 0 || val.start() != train.end() || test.start() != val.end()) {
            throw new IllegalArgumentException("splits must be adjacent from row 0: " + train + " " + val + " " + test);
        }
    }

    /** Rows the training windows are cut from. */
    public RowRange trainWindowRows() {
        return train;
    }

    /** Rows the validation windows are cut from: the split plus the {@code lookback} rows before it. */
    public RowRange valWindowRows(int lookback) {
        return new RowRange(Math.max(0, val.start() - lookback), val.end());
    }

    /** Rows the test windows are cut from: the split plus the {@code lookback} rows before it. */
    public RowRange testWindowRows(int lookback) {
        return new RowRange(Math.max(0, test.start() - lookback), test.end());
    }

    /** Number of stride-1 windows of {@code lookback + horizon} rows in {@code rows}. */
    public static int windowCount(RowRange rows, int lookback, int horizon) {
        return Math.max(0, rows.length() - lookback - horizon + 1);
    }

    /** Checks that every split has at least one complete window; a {@link UserError} naming the split otherwise. */
    public void requireWindows(String source, int lookback, int horizon) {
        if (windowCount(trainWindowRows(), lookback, horizon) < 1) {
            throw new UserError(source + ": split 'train' has rows " + train + " (" + train.length()
                    + " rows) but one window needs lookback " + lookback + " + horizon " + horizon + " = "
                    + (lookback + horizon) + " rows");
        }
        check(source, "val", val, valWindowRows(lookback), lookback, horizon);
        check(source, "test", test, testWindowRows(lookback), lookback, horizon);
    }

    private static void check(String source, String name, RowRange split, RowRange windows, int lookback, int horizon) {
        if (windowCount(windows, lookback, horizon) < 1) {
            throw new UserError(source + ": split '" + name + "' has rows " + split + " (" + split.length()
                    + " rows) but needs at least horizon " + horizon + " rows, with lookback " + lookback
                    + " rows before it");
        }
    }
}
