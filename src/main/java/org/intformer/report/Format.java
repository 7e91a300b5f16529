package org.intformer.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Number and value formatting for tables and chart labels. Locale.ROOT everywhere so a report reads the same
 * (and is byte-identical) on every machine.
 */
final class Format {

    static final String MISSING = "–";

    private Format() {
    }

    /**
     * Four significant digits for ordinary magnitudes, scientific notation for very small or large ones, and
     * whole numbers with thousands separators (cycle counts and LUTs are counts, not measurements).
     */
    static String num(Double value) {
        if (value == null || !Double.isFinite(value)) {
            return MISSING;
        }
        double v = value;
        double abs = Math.abs(v);
        if (v == Math.rint(v) && abs < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return significant(v);
    }

    /**
     * A measured value (MSE, MAE, RMSE): always four significant digits, so a coincidentally whole 3.0 reads
     * 3.000 next to its neighbours' 3.010 instead of looking like a count.
     */
    static String measure(Double value) {
        if (value == null || !Double.isFinite(value)) {
            return MISSING;
        }
        return value == 0 ? "0" : significant(value);
    }

    private static String significant(double v) {
        double abs = Math.abs(v);
        if (abs >= 1e6 || abs < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        // Four significant digits: the leading digit sits at 10^floor(log10|v|), three more follow it.
        int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(abs)));
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String num(Object value) {
        return num(Json.num(value));
    }

    /** A fixed number of decimals, for physical quantities with a natural resolution (µs, µJ, mW, MHz). */
    static String fixed(Double value, int decimals) {
        if (value == null) {
            return MISSING;
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String percent(Double fraction) {
        if (fraction == null) {
            return MISSING;
        }
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** A percentage close to 100 where the second decimal matters (99.98 % of outputs identical). */
    static String percent2(Double fraction) {
        if (fraction == null) {
            return MISSING;
        }
        return String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }

    /** A signed percentage, for errors where the direction matters (cost model over- or underestimates). */
    static String signedPercent(Double fraction) {
        if (fraction == null) {
            return MISSING;
        }
        return String.format(Locale.ROOT, "%+.1f %%", fraction * 100);
    }

    static String yesNo(Boolean value) {
        return value == null ? MISSING : value ? "yes" : "no";
    }

    /**
     * A number as the user wrote it (a learning rate of 0.001 stays 0.001, not 0.001000): configuration
     * values are exact settings, not measurements to round. Whole numbers get thousands separators.
     */
    static String plain(Number number) {
        double d = number.doubleValue();
        if (!Double.isFinite(d)) {
            return String.valueOf(d);
        }
        if (number instanceof Integer || number instanceof Long || d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%,d", number.longValue());
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Any JSON value in a compact single-line form, for configuration and summary cells. */
    static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number number) {
            return plain(number);
        }
        if (value instanceof List<?> list) {
            StringJoiner joiner = new StringJoiner(", ", "[", "]");
            list.forEach(item -> joiner.add(value(item)));
            return joiner.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringJoiner joiner = new StringJoiner(", ", "{", "}");
            map.forEach((k, v) -> joiner.add(k + ": " + value(v)));
            return joiner.toString();
        }
        return String.valueOf(value);
    }
}
