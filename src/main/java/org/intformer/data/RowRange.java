package org.intformer.data;

/** Rows {@code [start, end)} of a series (0-based data rows, the header not counted). */
public record RowRange(int start, int end) {
    public RowRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad row range [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
