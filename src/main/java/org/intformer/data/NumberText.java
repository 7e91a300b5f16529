package org.intformer.data;

/**
 * What counts as a number in a data file.
 *
 * <p>Java's parsers accept more than a CSV written by numpy or a spreadsheet ever contains ("1.5f", "0x1p3",
 * "Infinity"); accepting those would let a corrupted cell pass as data, so only plain decimal notation is allowed.
 */
final class NumberText {
    private NumberText() {
    }

    /** Digits, sign, decimal point and exponent only, with at least one digit. */
    static boolean looksNumeric(String t) {
        boolean digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return digit;
    }

    /** Spellings of NaN and infinity that numpy, pandas and spreadsheets write. */
    static boolean isNanOrInfinity(String t) {
        String s = t.toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("+") || s.startsWith("-")) {
            s = s.substring(1);
        }
        return s.equals("nan") || s.equals("inf") || s.equals("infinity") || s.equals("#num!") || s.equals("#div/0!");
    }
}
