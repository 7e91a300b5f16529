package org.intformer.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.intformer.UserError;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a time series from a CSV file: a header line, one timestamp column, every other column a numeric feature.
 *
 * <p>Anything wrong with the file is a {@link UserError} whose one-line message names the file, the line (1-based,
 * the header is line 1) and the column, because the user has to find and fix the cell in an editor. The whole
 * file is checked: empty or non-numeric cells, NaN and infinities, ragged rows, duplicate column names and
 * timestamps that do not increase (a shuffled or concatenated file would otherwise train on leaked futures).
 */
public final class CsvSeriesReader {
    /** The timestamp column of the ETT files. */
    public static final String DEFAULT_TIMESTAMP_COLUMN = "date";

    private final String timestampColumn;

    /** A reader whose timestamp column is {@code date}. */
    public CsvSeriesReader() {
        this(DEFAULT_TIMESTAMP_COLUMN);
    }

    /** A reader with the named timestamp column; {@code null} means the file has none and all columns are features. */
    public CsvSeriesReader(String timestampColumn) {
        this.timestampColumn = timestampColumn;
    }

    /** Reads {@code file}. */
    public TimeSeries read(Path file) {
        return read(file, List.of());
    }

    /**
     * Reads {@code file} and checks that the named feature columns (for instance the target) exist, so that a wrong
     * name is reported against the header before the whole file is parsed.
     */
    public TimeSeries read(Path file, Collection<String> requiredColumns) {
        String name = file.toString();
        return parse(name, readText(file, name), requiredColumns);
    }

    /**
     * Reads a file's content that is already in memory (an exploration's data broadcast to a cluster's workers);
     * {@code name} is the file's path, for messages.
     */
    public TimeSeries read(String name, byte[] content, Collection<String> requiredColumns) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new UserError(name + ": not a UTF-8 text file", e);
        }
        return parse(name, text, requiredColumns);
    }

    private TimeSeries parse(String name, String text, Collection<String> requiredColumns) {
        // A byte-order mark written by spreadsheet programs would otherwise become part of the first column name.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
        LineCounter lines = new LineCounter(text);
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                throw new UserError(name + ": empty file, expected a header line with column names");
            }
            CSVRecord headerRecord = it.next();
            Header header = Header.parse(name, lines.lineOf(headerRecord), headerRecord, timestampColumn, requiredColumns);
            return readRows(name, it, lines, header);
        } catch (UncheckedIOException | IOException e) {
            // commons-csv reports malformed quoting this way; its message carries its own position.
            throw new UserError(name + ": malformed CSV: " + oneLine(e.getMessage()), e);
        }
    }

    private TimeSeries readRows(String name, Iterator<CSVRecord> it, LineCounter lines, Header header) {
        int fields = header.fields();
        int cols = header.featureNames().size();
        List<float[]> rows = new ArrayList<>();
        List<String> stamps = header.timestampField() < 0 ? null : new ArrayList<>();
        TimestampFormat stampFormat = null;
        int formatLine = 0;
        double prevKey = 0;
        String prevStamp = null;
        int prevLine = 0;
        while (it.hasNext()) {
            CSVRecord rec = it.next();
            int line = lines.lineOf(rec);
            if (rec.size() != fields) {
                throw new UserError(raggedMessage(name, line, rec.size(), header));
            }
            float[] row = new float[cols];
            for (int k = 0; k < cols; k++) {
                int field = header.featureFields()[k];
                row[k] = parseValue(name, line, header.featureNames().get(k), rec.get(field));
            }
            if (stamps != null) {
                String stamp = rec.get(header.timestampField()).trim();
                String where = name + " line " + line + ": column '" + timestampColumn + "': ";
                if (stamp.isEmpty()) {
                    throw new UserError(where + "empty timestamp");
                }
                if (stampFormat == null) {
                    stampFormat = TimestampFormat.detect(stamp);
                    formatLine = line;
                    if (stampFormat == null) {
                        throw new UserError(where + "unreadable timestamp \"" + stamp
                                + "\"; expected yyyy-MM-dd HH:mm:ss, yyyy-MM-dd'T'HH:mm:ss, yyyy-MM-dd or a number");
                    }
                }
                double key = stampFormat.key(stamp);
                if (Double.isNaN(key)) {
                    throw new UserError(where + "unreadable timestamp \"" + stamp + "\"; line " + formatLine
                            + " set the format " + stampFormat.description);
                }
                if (prevStamp != null && key <= prevKey) {
                    throw new UserError(where + "timestamp \"" + stamp + "\" is not after \"" + prevStamp + "\" on line "
                            + prevLine + "; rows must be in increasing time order without duplicates");
                }
                prevKey = key;
                prevStamp = stamp;
                prevLine = line;
                stamps.add(stamp);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new UserError(name + ": no data rows after the header line");
        }
        return new TimeSeries(name, header.featureNames(), stamps == null ? null : stamps.toArray(new String[0]),
                rows.toArray(new float[0][]));
    }

    private static float parseValue(String name, int line, String column, String cell) {
        String t = cell.trim();
        if (t.isEmpty()) {
            throw new UserError(name + " line " + line + ": column '" + column + "': empty cell");
        }
        if (NumberText.isNanOrInfinity(t)) {
            throw new UserError(name + " line " + line + ": column '" + column + "': missing or infinite value \"" + t
                    + "\"; fill or drop the row first");
        }
        float v;
        try {
            v = NumberText.looksNumeric(t) ? Float.parseFloat(t) : Float.NaN;
        } catch (NumberFormatException e) {
            v = Float.NaN;
        }
        if (Float.isNaN(v)) {
            throw new UserError(name + " line " + line + ": column '" + column + "': not a number: \"" + t + "\"");
        }
        if (Float.isInfinite(v)) {
            throw new UserError(name + " line " + line + ": column '" + column + "': value \"" + t
                    + "\" is outside the float range");
        }
        return v;
    }

    private static String raggedMessage(String name, int line, int found, Header header) {
        String where = name + " line " + line + ": ";
        String detail;
        if (found < header.fields()) {
            detail = "column '" + header.allNames().get(found) + "' missing";
        } else {
            detail = "extra field after column '" + header.allNames().get(header.fields() - 1) + "'";
        }
        return where + "expected " + header.fields() + " fields as in the header, found " + found + " (" + detail + ")";
    }

    private static String readText(Path file, String name) {
        if (Files.isDirectory(file)) {
            throw new UserError(name + ": is a directory, expected a CSV file");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new UserError(name + ": permission denied", e);
        } catch (CharacterCodingException e) {
            throw new UserError(name + ": not a UTF-8 text file", e);
        } catch (IOException e) {
            throw new UserError(name + ": cannot read: " + oneLine(e.getMessage()), e);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /**
     * Turns a record's character offset into its line number. commons-csv's own counters skip blank lines and
     * count from the end of a record, so the lines are counted here, incrementally, from the text itself.
     */
    private static final class LineCounter {
        private final String text;
        private int pos;
        private int line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        int lineOf(CSVRecord rec) {
            int target = (int) rec.getCharacterPosition();
            for (; pos < target; pos++) {
                countBreak(text.charAt(pos));
            }
            // The position of a record that follows skipped blank lines is the start of those blank lines.
            for (; pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r'); pos++) {
                countBreak(text.charAt(pos));
            }
            return line;
        }

        private void countBreak(char c) {
            // "\r\n" counts once (at the '\n'); a lone '\r' is an old Mac line end.
            if (c == '\n' || (c == '\r' && (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n'))) {
                line++;
            }
        }
    }

    /** The header line: which fields are features and which one is the timestamp. */
    private record Header(List<String> allNames, List<String> featureNames, int[] featureFields, int timestampField) {
        int fields() {
            return allNames.size();
        }

        static Header parse(String name, int line, CSVRecord rec, String timestampColumn, Collection<String> required) {
            String where = name + " line " + line + ": ";
            List<String> all = new ArrayList<>();
            for (int i = 0; i < rec.size(); i++) {
                String col = rec.get(i).trim();
                if (col.isEmpty()) {
                    throw new UserError(where + "column " + (i + 1) + " has an empty name");
                }
                int dup = all.indexOf(col);
                if (dup >= 0) {
                    throw new UserError(where + "column '" + col + "': duplicate column name (columns " + (dup + 1)
                            + " and " + (i + 1) + ")");
                }
                all.add(col);
            }
            int ts = -1;
            if (timestampColumn != null) {
                ts = all.indexOf(timestampColumn);
                if (ts < 0) {
                    throw new UserError(where + "column '" + timestampColumn + "': no such timestamp column; available: "
                            + String.join(", ", all));
                }
            }
            List<String> features = new ArrayList<>();
            int[] fields = new int[all.size() - (ts < 0 ? 0 : 1)];
            for (int i = 0; i < all.size(); i++) {
                if (i != ts) {
                    fields[features.size()] = i;
                    features.add(all.get(i));
                }
            }
            if (features.isEmpty()) {
                throw new UserError(where + "no feature columns besides the timestamp column '" + timestampColumn + "'");
            }
            for (String r : required) {
                if (!features.contains(r)) {
                    String why = r.equals(timestampColumn) ? "is the timestamp column, not a feature" : "no such column";
                    throw new UserError(where + "column '" + r + "': " + why + "; available: " + String.join(", ", features));
                }
            }
            return new Header(List.copyOf(all), List.copyOf(features), fields, ts);
        }
    }
}
