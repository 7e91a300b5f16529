package org.intformer.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StandardScalerTest {
    private static final float[][] VALUES = {{1, 5}, {2, 5}, {3, 5}, {4, 5}, {100, 7}};

    @Test
    void populationStatisticsOfTheTrainingRowsOnly() {
        StandardScaler s = StandardScaler.fit(VALUES, new RowRange(0, 4));
        // Column 0 on rows 0..3: mean 2.5, squared deviations 2.25+0.25+0.25+2.25 = 5, /4 (ddof 0) → std √1.25.
        assertThat(s.mean(0)).isEqualTo(2.5);
        assertThat(s.std(0)).isCloseTo(Math.sqrt(1.25), within(1e-12));
        // Column 1 is constant on the training rows: std 1, so its z-scores are plain deviations from the mean.
        assertThat(s.mean(1)).isEqualTo(5.0);
        assertThat(s.std(1)).isEqualTo(1.0);
    }

    @Test
    void transformAndInverse() {
        StandardScaler s = StandardScaler.fit(VALUES, new RowRange(0, 4));
        float[][] z = s.transform(VALUES);
        assertThat(z[0][0]).isCloseTo((float) (-1.5 / Math.sqrt(1.25)), within(1e-6f));
        assertThat(z[3][1]).isEqualTo(0f);
        assertThat(z[4][1]).isEqualTo(2f);
        assertThat(s.inverse(z[4][0], 0)).isCloseTo(100, within(1e-4));
        assertThat(s.inverse(new float[] {0, 1}, 0)).containsExactly(2.5, 2.5 + Math.sqrt(1.25));
        assertThat(VALUES[0][0]).isEqualTo(1f);   // input untouched
    }

    @Test
    void roundTripThroughStoredStatistics() {
        StandardScaler s = StandardScaler.fit(VALUES, new RowRange(0, 5));
        StandardScaler copy = StandardScaler.of(s.means(), s.stds());
        assertThat(copy.transform(VALUES)).isDeepEqualTo(s.transform(VALUES));
    }
}
