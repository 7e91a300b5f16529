package org.intformer.data;

import org.intformer.UserError;

import java.util.Locale;

/**
 * How to divide a series into training, validation and test rows, before the series' length is known.
 *
 * <p>Three kinds: the standard ETT split (12/4/4 months of hourly rows, so results compare with the literature),
 * fractions of the series, or {@code auto}, which picks the ETT split for ETTh files long enough for it and
 * 0.7/0.1/0.2 otherwise. {@link #resolve} turns it into row ranges for one series.
 *
 * @param kind   which of the three
 * @param ratios train, validation and test fractions for {@link Kind#RATIOS}, otherwise {@code null}
 */
public record SplitSpec(Kind kind, double[] ratios) {
    /** The ETT split in hourly rows: 12, 4 and 4 months of 30 days. */
    public static final int ETT_TRAIN_ROWS = 12 * 30 * 24;
    public static final int ETT_VAL_ROWS = 4 * 30 * 24;
    public static final int ETT_TEST_ROWS = 4 * 30 * 24;
    private static final double[] DEFAULT_RATIOS = {0.7, 0.1, 0.2};

    public enum Kind { ETT, RATIOS, AUTO }

    public SplitSpec {
        if ((kind == Kind.RATIOS) != (ratios != null)) {
            throw new IllegalArgumentException("ratios are given exactly for kind RATIOS");
        }
        if (ratios != null) {
            ratios = checkRatios(ratios, java.util.Arrays.toString(ratios));
        }
    }

    public static SplitSpec ett() {
        return new SplitSpec(Kind.ETT, null);
    }

    public static SplitSpec auto() {
        return new SplitSpec(Kind.AUTO, null);
    }

    public static SplitSpec ratios(double train, double val, double test) {
        return new SplitSpec(Kind.RATIOS, new double[] {train, val, test});
    }

    /** Parses "ett", "auto" or three comma-separated fractions such as "0.7,0.1,0.2". */
    public static SplitSpec parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("ett")) {
            return ett();
        }
        if (t.equals("auto")) {
            return auto();
        }
        String[] parts = t.split(",", -1);
        if (parts.length != 3) {
            throw new UserError("split '" + text + "': expected 'ett', 'auto' or three fractions train,val,test such as 0.7,0.1,0.2");
        }
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            String p = parts[i].trim();
            try {
                r[i] = NumberText.looksNumeric(p) ? Double.parseDouble(p) : Double.NaN;
            } catch (NumberFormatException e) {
                r[i] = Double.NaN;
            }
            if (Double.isNaN(r[i])) {
                throw new UserError("split '" + text + "': fraction " + (i + 1) + " is not a number: \"" + p + "\"");
            }
        }
        return new SplitSpec(Kind.RATIOS, checkRatios(r, "'" + text + "'"));
    }

    private static double[] checkRatios(double[] r, String shown) {
        if (r.length != 3) {
            throw new UserError("split " + shown + ": expected three fractions train,val,test");
        }
        double sum = 0;
        for (double v : r) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new UserError("split " + shown + ": every fraction must be a positive number");
            }
            sum += v;
        }
        if (sum > 1 + 1e-9) {
            throw new UserError("split " + shown + ": fractions sum to " + sum + ", more than 1");
        }
        return r.clone();
    }

    @Override
    public double[] ratios() {
        return ratios == null ? null : ratios.clone();
    }

    /**
     * The row ranges for a series of {@code rows} rows from {@code source} (a file path: {@code auto} looks at the
     * file name).
     */
    public Splits resolve(String source, int rows) {
        Kind k = kind;
        if (k == Kind.AUTO) {
            // The last path segment, by hand: a synthetic source name need not be a valid path on every OS.
            String fileName = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
            boolean ettFile = fileName.toLowerCase(Locale.ROOT).startsWith("etth");
            k = ettFile && rows >= ETT_TRAIN_ROWS + ETT_VAL_ROWS + ETT_TEST_ROWS ? Kind.ETT : Kind.RATIOS;
        }
        if (k == Kind.ETT) {
            int b1 = ETT_TRAIN_ROWS;
            int b2 = b1 + ETT_VAL_ROWS;
            int b3 = b2 + ETT_TEST_ROWS;
            if (rows < b3) {
                throw new UserError(source + ": the ETT split needs " + b3 + " rows (12+4+4 months of hours), the series has "
                        + rows + "; use fractions such as 0.7,0.1,0.2");
            }
            // Rows after the test border are unused, as in the standard ETT benchmark.
            return new Splits(new RowRange(0, b1), new RowRange(b1, b2), new RowRange(b2, b3));
        }
        double[] r = ratios == null ? DEFAULT_RATIOS : ratios;
        // Cumulative borders rounded once each, so fractions that sum to 1 use every row whatever the rounding.
        int b1 = border(r[0], rows);
        int b2 = border(r[0] + r[1], rows);
        int b3 = border(r[0] + r[1] + r[2], rows);
        return new Splits(new RowRange(0, b1), new RowRange(b1, b2), new RowRange(b2, b3));
    }

    private static int border(double fraction, int rows) {
        return (int) Math.min(rows, Math.round(fraction * rows));
    }

    @Override
    public String toString() {
        return kind == Kind.RATIOS ? ratios[0] + "," + ratios[1] + "," + ratios[2] : kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SplitSpec s && s.kind == kind && java.util.Arrays.equals(s.ratios, ratios);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + java.util.Arrays.hashCode(ratios);
    }
}
