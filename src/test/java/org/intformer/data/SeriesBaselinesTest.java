package org.intformer.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SeriesBaselinesTest {

    @Test
    void seasonalNaiveRepeatsTheValueOneSeasonEarlier() {
        float[][] v = new float[20][2];
        for (int r = 0; r < 20; r++) {
            v[r] = new float[] {r, 100 + r};
        }
        WindowSet m = WindowSet.build(v, new RowRange(0, 20), 6, 5, new int[] {0, 1}, new int[] {0, 1});
        float[] p = Baselines.seasonalNaive(m, 3);
        // window 0 forecasts rows 6..10 with rows 3, 4, 5, 3, 4 (a season of 3 back, repeated), per channel
        assertThat(Arrays.copyOfRange(p, 0, 10)).containsExactly(3, 103, 4, 104, 5, 105, 3, 103, 4, 104);
        assertThat(Arrays.copyOfRange(Baselines.seasonalNaive(m, 1), 0, 4)).containsExactly(5, 105, 5, 105);
        assertThatThrownBy(() -> Baselines.seasonalNaive(m, 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perSeriesLinearFitsEachSeriesFromItsOwnWindowOnly() {
        // Series 0: x[t+1] = 0.9 x[t]; series 1 copies series 0 exactly. Per series, each is its own AR(1): the fit
        // of series 1 may not use series 0 (a joint linear model could, per-series cannot tell them apart here).
        SplittableRandom rng = new SplittableRandom(3);
        int rows = 400;
        float[][] v = new float[rows][2];
        double x = 1;
        for (int r = 0; r < rows; r++) {
            x = 0.9 * x + rng.nextDouble(-1, 1);
            v[r] = new float[] {(float) x, (float) x};
        }
        WindowSet ws = WindowSet.build(v, new RowRange(0, rows), 4, 2, new int[] {0, 1}, new int[] {0, 1});
        float[] p = PerSeriesLinear.fit(ws).predict(ws);
        for (int i = 0; i < p.length; i += 2) {
            assertThat((double) p[i + 1]).isCloseTo(p[i], within(1e-4));
        }
        // one step ahead it is 0.9 × the last value
        double last = ws.x()[(10 * 4 + 3) * 2];
        assertThat((double) p[10 * 4]).isCloseTo(0.9 * last, within(0.15));
    }
}
