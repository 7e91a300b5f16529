package org.intformer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-series linear baseline: for each output series, a least-squares {@link LinearBaseline} from that series'
 * own lookback to its horizon, fitted on the training windows. It sees no other series and no dates.
 */
public final class PerSeriesLinear {
    private final List<LinearBaseline> models;

    private PerSeriesLinear(List<LinearBaseline> models) {
        this.models = List.copyOf(models);
    }

    public static PerSeriesLinear fit(WindowSet train) {
        List<LinearBaseline> models = new ArrayList<>();
        int[] pos = train.outputInInput();
        for (int k = 0; k < train.outC(); k++) {
            models.add(LinearBaseline.fit(single(train, pos[k], k)));
        }
        return new PerSeriesLinear(models);
    }

    /** Forecasts, flat [n, horizon, outC]. */
    public float[] predict(WindowSet ws) {
        int outC = ws.outC();
        int[] pos = ws.outputInInput();
        float[] pred = new float[ws.n() * ws.yStride()];
        for (int k = 0; k < outC; k++) {
            float[] one = models.get(k).predict(single(ws, pos[k], k));
            for (int i = 0; i < one.length; i++) {
                pred[i * outC + k] = one[i];
            }
        }
        return pred;
    }

    /** The windows of one series: input channel {@code in}, output channel {@code out}. */
    private static WindowSet single(WindowSet ws, int in, int out) {
        int l = ws.lookback();
        int h = ws.horizon();
        float[] x = new float[ws.n() * l];
        float[] y = new float[ws.n() * h];
        for (int i = 0; i < ws.n(); i++) {
            for (int t = 0; t < l; t++) {
                x[i * l + t] = ws.x()[(i * l + t) * ws.inC() + in];
            }
            for (int s = 0; s < h; s++) {
                y[i * h + s] = ws.y()[(i * h + s) * ws.outC() + out];
            }
        }
        return new WindowSet(x, y, ws.n(), l, h, new int[] {ws.inputColumns()[in]}, new int[] {ws.outputColumns()[out]},
                ws.firstTargetRow());
    }
}
