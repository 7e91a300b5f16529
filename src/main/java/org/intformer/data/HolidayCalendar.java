package org.intformer.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.intformer.UserError;

/**
 * Special days read from a calendar file, each of a kind ("holiday" unless the file says otherwise); every kind
 * becomes one 0/1 date feature. File: CSV lines {@code date[,name[,kind]]} with dates as yyyy-MM-dd, optional
 * header line starting with {@code date}, {@code #} comments and blank lines ignored.
 *
 * @param source the file, for messages
 * @param kinds  the kinds in sorted order (the feature order)
 * @param days   the kinds of each listed day
 */
public record HolidayCalendar(String source, List<String> kinds, Map<LocalDate, Set<String>> days) {

    public static final String DEFAULT_KIND = "holiday";

    public HolidayCalendar {
        kinds = List.copyOf(kinds);
        days = Collections.unmodifiableMap(new HashMap<>(days));
    }

    /** Reads and checks {@code file}; any problem is one line naming the file and line. */
    public static HolidayCalendar read(Path file) {
        String name = file.toString();
        Map<LocalDate, Set<String>> days = new HashMap<>();
        TreeSet<String> kinds = new TreeSet<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                String first = r.get(0);
                if (r.getRecordNumber() == 1 && first.equalsIgnoreCase("date")) {
                    continue;
                }
                if (r.size() > 3) {
                    throw new UserError(name + ":" + line + ": expected date[,name[,kind]], got " + r.size() + " fields");
                }
                LocalDate day;
                try {
                    day = LocalDate.parse(first);
                } catch (DateTimeException e) {
                    throw new UserError(name + ":" + line + ": '" + first + "' is not a date (yyyy-MM-dd)");
                }
                String kind = r.size() == 3 && !r.get(2).isBlank() ? r.get(2).trim() : DEFAULT_KIND;
                kinds.add(kind);
                days.computeIfAbsent(day, k -> new LinkedHashSet<>()).add(kind);
            }
        } catch (NoSuchFileException e) {
            throw new UserError(name + ": calendar file not found");
        } catch (IOException | UncheckedIOException e) {
            throw new UserError(name + ": cannot read calendar file (" + e.getMessage() + ")");
        }
        if (days.isEmpty()) {
            throw new UserError(name + ": calendar file lists no dates");
        }
        return new HolidayCalendar(name, new ArrayList<>(kinds), days);
    }

    /** Writes 1 for each kind {@code day} is, 0 otherwise, at {@code out[offset ..]}. */
    void flags(LocalDate day, float[] out, int offset) {
        Set<String> of = days.getOrDefault(day, Set.of());
        for (int k = 0; k < kinds.size(); k++) {
            out[offset + k] = of.contains(kinds.get(k)) ? 1f : 0f;
        }
    }
}
