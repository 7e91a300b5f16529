package org.intformer.data;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The timestamp notations a series file may use, each turned into a number that orders like time.
 *
 * <p>The reader only needs order (to reject shuffled or duplicated rows), not calendar arithmetic, so a
 * timestamp becomes seconds since the epoch (UTC, the zone does not matter for order) or the plain number
 * itself. A file must stick to the notation of its first data row: mixing dates and numbers would compare
 * unrelated scales.
 */
enum TimestampFormat {
    DATE_TIME("yyyy-MM-dd HH:mm:ss", ' '),
    DATE_T_TIME("yyyy-MM-dd'T'HH:mm:ss", 'T'),
    DATE("yyyy-MM-dd", '\0'),
    NUMBER("a plain number", '\0');

    /** How the format is shown to users. */
    final String description;
    /** The character between date and time. */
    private final char separator;

    TimestampFormat(String description, char separator) {
        this.description = description;
        this.separator = separator;
    }

    /** The first format that reads {@code text}, or {@code null} when none does. */
    static TimestampFormat detect(String text) {
        for (TimestampFormat f : values()) {
            if (!Double.isNaN(f.key(text))) {
                return f;
            }
        }
        return null;
    }

    /** The ordering key of {@code text} in this format, or NaN when it is not written in this format. */
    double key(String text) {
        String t = text.trim();
        try {
            switch (this) {
                case DATE_TIME:
                case DATE_T_TIME:
                    // Fixed-width fields read by hand: a DateTimeFormatter costs several times the rest of a row.
                    if (t.length() != 19 || t.charAt(10) != separator || t.charAt(13) != ':' || t.charAt(16) != ':') {
                        return Double.NaN;
                    }
                    long day = epochDay(t);
                    int h = digits(t, 11, 2);
                    int m = digits(t, 14, 2);
                    int sec = digits(t, 17, 2);
                    if (day == Long.MIN_VALUE || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) {
                        return Double.NaN;
                    }
                    return day * 86_400.0 + h * 3600 + m * 60 + sec;
                case DATE:
                    long d = t.length() == 10 ? epochDay(t) : Long.MIN_VALUE;
                    return d == Long.MIN_VALUE ? Double.NaN : d * 86_400.0;
                default:
                    if (!NumberText.looksNumeric(t)) {
                        return Double.NaN;
                    }
                    double v = Double.parseDouble(t);
                    return Double.isFinite(v) ? v : Double.NaN;
            }
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The epoch day of the "yyyy-MM-dd" at the start of {@code t}, or Long.MIN_VALUE if it is no valid date. */
    private static long epochDay(String t) {
        if (t.charAt(4) != '-' || t.charAt(7) != '-') {
            return Long.MIN_VALUE;
        }
        int y = digits(t, 0, 4);
        int mo = digits(t, 5, 2);
        int d = digits(t, 8, 2);
        if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) {
            return Long.MIN_VALUE;
        }
        try {
            // LocalDate.of rejects impossible dates such as 2021-02-30 instead of moving them.
            return LocalDate.of(y, mo, d).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The decimal number in {@code t[from, from+count)}, or -1 if any of those characters is not a digit. */
    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
