package org.intformer.data;

import org.intformer.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A multivariate series as read from a file (or generated): one row per time step, one column per feature.
 *
 * <p>The arrays are shared, not copied, because a series of 17k×7 values is passed through several stages and
 * nothing in this package mutates them; callers must not either.
 *
 * @param source     where the data came from (a file path as the user gave it, or a synthetic description);
 *                   error messages name it
 * @param columns    feature column names in file order, the timestamp column excluded
 * @param timestamps one timestamp text per row as written in the file, or {@code null} when there is none
 * @param values     {@code values[row][column]}, all finite
 */
public record TimeSeries(String source, List<String> columns, String[] timestamps, float[][] values) {

    public TimeSeries {
        Objects.requireNonNull(source, "source");
        columns = List.copyOf(columns);
        Objects.requireNonNull(values, "values");
        if (timestamps != null && timestamps.length != values.length) {
            throw new IllegalArgumentException(timestamps.length + " timestamps for " + values.length + " rows");
        }
        for (float[] row : values) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("row of " + row.length + " values for " + columns.size() + " columns");
            }
        }
    }

    public int rows() {
        return values.length;
    }

    public int cols() {
        return columns.size();
    }

    /** The index of a column, or -1 when absent. */
    public int indexOf(String column) {
        return columns.indexOf(column);
    }

    /** The index of a column; a {@link UserError} naming the available columns when absent. */
    public int requireColumn(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new UserError(source + ": no column '" + column + "'; available: " + String.join(", ", columns));
        }
        return i;
    }

    /** One column's values as a new array. */
    public float[] column(int index) {
        Objects.checkIndex(index, cols());
        float[] out = new float[values.length];
        for (int r = 0; r < values.length; r++) {
            out[r] = values[r][index];
        }
        return out;
    }

    /** A series with only the named columns, in the given order (timestamps and source kept). */
    public TimeSeries select(List<String> names) {
        int[] idx = new int[names.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = requireColumn(names.get(k));
            for (int j = 0; j < k; j++) {
                if (idx[j] == idx[k]) {
                    throw new UserError(source + ": column '" + names.get(k) + "' selected twice");
                }
            }
        }
        float[][] out = new float[values.length][idx.length];
        for (int r = 0; r < values.length; r++) {
            for (int k = 0; k < idx.length; k++) {
                out[r][k] = values[r][idx[k]];
            }
        }
        return new TimeSeries(source, new ArrayList<>(names), timestamps, out);
    }
}
