package org.intformer.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The baselines on the real ETTh1 file against the numbers of ../shared/bench/linear_baselines.py (numpy):
 * same split, same scaler, same windows, so the same errors up to float rounding and the tiny ridge.
 */
class EttReferenceTest {
    private static TimeSeries etth1;

    @BeforeAll
    static void load() {
        etth1 = new CsvSeriesReader().read(org.intformer.TestFiles.etth1());
    }

    @Test
    void fileShape() {
        assertThat(etth1.rows()).isEqualTo(17_420);
        assertThat(etth1.columns()).containsExactly("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT");
    }

    @Test
    void univariateLookback96Horizon24() {
        PreparedData d = DataPipeline.prepare(etth1, FeatureMode.S, "OT", 96, 24, SplitSpec.auto());
        assertThat(d.splits().test()).isEqualTo(new RowRange(11_520, 14_400));
        assertThat(d.test().n()).isEqualTo(2857);
        double naive = Metrics.of(Baselines.naive(d.test()), d.test()).mse();
        double linear = Metrics.of(Baselines.linear(d.train()).predict(d.test()), d.test()).mse();
        assertThat(naive).isCloseTo(0.0343, within(0.0005));
        assertThat(linear).isCloseTo(0.0276, within(0.0005));
    }

    @Test
    void multivariateToTargetLookback24Horizon1() {
        PreparedData d = DataPipeline.prepare(etth1, FeatureMode.MS, "OT", 24, 1, SplitSpec.ett());
        assertThat(d.test().n()).isEqualTo(2880);
        double naive = Metrics.of(Baselines.naive(d.test()), d.test()).mse();
        double linear = Metrics.of(Baselines.linear(d.train()).predict(d.test()), d.test()).mse();
        assertThat(naive).isCloseTo(0.0042, within(0.0003));
        assertThat(linear).isCloseTo(0.0047, within(0.0003));
    }
}
