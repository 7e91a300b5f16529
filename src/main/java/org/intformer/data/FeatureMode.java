package org.intformer.data;

import org.intformer.UserError;

import java.util.List;
import java.util.Locale;

/** Which columns a forecaster sees and which it predicts (the names used by the Informer/ETT literature). */
public enum FeatureMode {
    /** Univariate: the target column in, the target column out. */
    S,
    /** Multivariate in, single out: all columns in, the target column out. */
    MS,
    /** Multivariate: all columns in, all columns out. */
    M;

    /** Parses "s", "ms" or "m" in any case. */
    public static FeatureMode parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (FeatureMode m : values()) {
            if (m.name().equals(t)) {
                return m;
            }
        }
        throw new UserError("feature mode '" + text + "': expected S (target only), MS (all columns in, target out) "
                + "or M (all columns in and out)");
    }

    /** Indices (into {@code columns}) of the input channels, in column order. */
    public int[] inputColumns(List<String> columns, int target) {
        return this == S ? new int[] {target} : all(columns.size());
    }

    /** Indices (into {@code columns}) of the output channels, in column order. */
    public int[] outputColumns(List<String> columns, int target) {
        return this == M ? all(columns.size()) : new int[] {target};
    }

    private static int[] all(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
