package org.intformer.report;

import java.util.ArrayList;
import java.util.List;

/** A table to render as HTML: plain text cells (escaped on output), optional per-row and per-cell classes. */
final class Table {

    /** A cell: main text, an optional smaller second line, an optional CSS class (e.g. "num", "bad"). */
    record Cell(String text, String note, String css) {
        static Cell of(String text) {
            return new Cell(text, null, null);
        }

        static Cell num(String text) {
            return new Cell(text, null, "num");
        }
    }

    record Row(List<Cell> cells, String css) {
    }

    private final List<String> headers;
    private final List<Row> rows = new ArrayList<>();

    Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    Table(String... headers) {
        this(List.of(headers));
    }

    Table row(Cell... cells) {
        return row(null, List.of(cells));
    }

    Table row(String css, List<Cell> cells) {
        rows.add(new Row(List.copyOf(cells), css));
        return this;
    }

    List<String> headers() {
        return headers;
    }

    List<Row> rows() {
        return rows;
    }

    boolean isNumeric(int column) {
        return !rows.isEmpty() && rows.stream().allMatch(r -> column < r.cells().size()
                && r.cells().get(column).css() != null && r.cells().get(column).css().contains("num"));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }
}
