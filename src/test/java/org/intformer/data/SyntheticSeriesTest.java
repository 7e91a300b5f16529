package org.intformer.data;

import org.intformer.UserError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticSeriesTest {

    @Test
    void sameSeedSameSeries() {
        TimeSeries a = SyntheticSeries.generate(42, 500, 4);
        TimeSeries b = SyntheticSeries.generate(42, 500, 4);
        assertThat(a.values()).isDeepEqualTo(b.values());
        assertThat(a.timestamps()).containsExactly(b.timestamps());
        assertThat(SyntheticSeries.generate(43, 500, 4).values()[10]).isNotEqualTo(a.values()[10]);
    }

    @Test
    void shapedLikeEtt() {
        TimeSeries s = SyntheticSeries.generate(1, 200, 4);
        assertThat(s.columns()).containsExactly("X1", "X2", "X3", "OT");
        assertThat(s.timestamps()[0]).isEqualTo("2020-01-01 00:00:00");
        assertThat(s.timestamps()[25]).isEqualTo("2020-01-02 01:00:00");
        assertThat(SyntheticSeries.generate(1, 10, 1).columns()).containsExactly("OT");
    }

    @Test
    void dailyCycleMakesTheNaiveForecastOneDayAheadWorseThanOneHourAhead() {
        TimeSeries s = SyntheticSeries.generate(3, 4000, 4);
        PreparedData h1 = DataPipeline.prepare(s, FeatureMode.S, "OT", 24, 1, SplitSpec.auto());
        PreparedData h12 = DataPipeline.prepare(s, FeatureMode.S, "OT", 24, 12, SplitSpec.auto());
        double near = Metrics.of(Baselines.naive(h1.test()), h1.test()).mse();
        double far = Metrics.of(Baselines.naive(h12.test()), h12.test()).mse();
        assertThat(far).isGreaterThan(2 * near);
        // and the cycle is learnable: the linear baseline beats the naive one at 12 steps
        double linear = Metrics.of(Baselines.linear(h12.train()).predict(h12.test()), h12.test()).mse();
        assertThat(linear).isLessThan(far);
    }

    @Test
    void channelsAreCorrelated() {
        TimeSeries s = SyntheticSeries.generate(5, 3000, 4);
        double maxAbs = 0;
        for (int c = 0; c < 3; c++) {
            maxAbs = Math.max(maxAbs, Math.abs(correlation(s.column(c), s.column(3))));
        }
        assertThat(maxAbs).isGreaterThan(0.2);
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> SyntheticSeries.generate(1, 0, 4)).isInstanceOf(UserError.class).hasMessageContaining("rows");
        assertThatThrownBy(() -> SyntheticSeries.generate(1, 10, 0)).isInstanceOf(UserError.class).hasMessageContaining("channels");
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
