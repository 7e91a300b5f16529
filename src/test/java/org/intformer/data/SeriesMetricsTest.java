package org.intformer.data;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SeriesMetricsTest {

    @Test
    void wapeAndMaseAreInOriginalUnitsPerSeriesAndOverall() {
        // Two series, std 2 and 10, means 5 and 100; one window of 2 steps.
        StandardScaler scaler = StandardScaler.of(new double[] {5, 100}, new double[] {2, 10});
        float[] y = {1, 0, -1, 1};          // actual z: series a = 1, -1; series b = 0, 1
        float[] pred = {0.5f, 0, -1, 0.5f};  // errors a: 0.5, 0; b: 0, 0.5
        WindowSet ws = new WindowSet(new float[4], y, 1, 2, 2, new int[] {0, 1}, new int[] {0, 1}, 2);
        SeriesMetrics m = SeriesMetrics.of(pred, ws, scaler, new double[] {0.5, 2.0});
        SeriesMetrics.Error a = m.perSeries().get(0);
        SeriesMetrics.Error b = m.perSeries().get(1);
        assertThat(a.mse()).isCloseTo(0.125, within(1e-12));
        assertThat(a.mae()).isCloseTo(0.25, within(1e-12));
        // a: |errors| in units 1.0, 0; |actual| 7 + 3 = 10
        assertThat(a.wape()).isCloseTo(0.1, within(1e-12));
        assertThat(a.mase()).isCloseTo(0.5 / 0.5, within(1e-12));
        // b: |errors| 0, 5; |actual| 100 + 110
        assertThat(b.wape()).isCloseTo(5.0 / 210, within(1e-12));
        assertThat(b.mase()).isCloseTo(2.5 / 2.0, within(1e-12));
        assertThat(m.overall().mse()).isCloseTo(0.125, within(1e-12));
        assertThat(m.overall().wape()).isCloseTo(6.0 / 220, within(1e-12));
        assertThat(m.overall().mase()).isCloseTo((1.0 + 1.25) / 2, within(1e-12));
        assertThat(SeriesMetrics.of(pred, ws, scaler, new double[] {0, 2}).perSeries().get(0).mase()).isNaN();
    }

    @Test
    void seasonalScaleIsTheInSampleSeasonalNaiveError() {
        float[][] v = {{1}, {2}, {4}, {7}, {11}, {100}};
        double[] s = DataPipeline.seasonalScale(v, new RowRange(0, 5), 2);
        assertThat(s[0]).isCloseTo((3 + 5 + 7) / 3.0, within(1e-12));
        assertThat(DataPipeline.seasonalScale(v, new RowRange(0, 2), 2)[0]).isNaN();
        assertThat(List.of(s.length)).containsExactly(1);
    }
}
