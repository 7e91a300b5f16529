package org.intformer.data;

/**
 * Forecasts that any model must beat to be worth its hardware: "repeat the last value" and a least-squares linear
 * map of the window ({@link LinearBaseline}). Predictions are flat {@code [n, horizon, outC]} in z-space, like
 * {@link WindowSet#y()}.
 */
public final class Baselines {
    private Baselines() {
    }

    /** Every horizon step forecast as the output channel's last observed value (each channel its own in M mode). */
    public static float[] naive(WindowSet ws) {
        return repeatInputRow(ws, step -> ws.lookback() - 1);
    }

    /**
     * Every horizon step forecast as the value one season earlier: step j (0-based) repeats the input row
     * {@code lookback + j − season·⌈(j + 1)/season⌉}.
     *
     * @throws IllegalArgumentException when the lookback is shorter than the season
     */
    public static float[] seasonalNaive(WindowSet ws, int season) {
        if (season < 1 || season > ws.lookback()) {
            throw new IllegalArgumentException("season " + season + " outside [1, lookback " + ws.lookback() + "]");
        }
        return repeatInputRow(ws, step -> ws.lookback() + step - season * ((step + season) / season));
    }

    /** Each horizon step (0-based) forecast as the output channel's value in input row {@code row(step)}. */
    private static float[] repeatInputRow(WindowSet ws, java.util.function.IntUnaryOperator row) {
        int inC = ws.inC();
        int outC = ws.outC();
        int[] pos = ws.outputInInput();
        float[] x = ws.x();
        float[] pred = new float[ws.n() * ws.yStride()];
        for (int i = 0; i < ws.n(); i++) {
            for (int j = 0; j < ws.horizon(); j++) {
                int from = i * ws.xStride() + row.applyAsInt(j) * inC;
                for (int k = 0; k < outC; k++) {
                    pred[i * ws.yStride() + j * outC + k] = x[from + pos[k]];
                }
            }
        }
        return pred;
    }

    /** The least-squares linear baseline fitted on {@code train}. */
    public static LinearBaseline linear(WindowSet train) {
        return LinearBaseline.fit(train);
    }
}
