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
        int inC = ws.inC();
        int outC = ws.outC();
        int[] pos = ws.outputInInput();
        float[] x = ws.x();
        float[] pred = new float[ws.n() * ws.yStride()];
        for (int i = 0; i < ws.n(); i++) {
            int lastRow = i * ws.xStride() + (ws.lookback() - 1) * inC;
            int po = i * ws.yStride();
            for (int s = 0; s < ws.horizon(); s++) {
                for (int k = 0; k < outC; k++) {
                    pred[po + s * outC + k] = x[lastRow + pos[k]];
                }
            }
        }
        return pred;
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
        int inC = ws.inC();
        int outC = ws.outC();
        int[] pos = ws.outputInInput();
        float[] x = ws.x();
        float[] pred = new float[ws.n() * ws.yStride()];
        for (int i = 0; i < ws.n(); i++) {
            for (int j = 0; j < ws.horizon(); j++) {
                int row = ws.lookback() + j - season * ((j + season) / season);
                for (int k = 0; k < outC; k++) {
                    pred[i * ws.yStride() + j * outC + k] = x[i * ws.xStride() + row * inC + pos[k]];
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
