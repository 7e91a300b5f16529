package org.intformer.data;

import org.intformer.UserError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DataPipelineTest {
    private final TimeSeries series = SyntheticSeries.generate(7, 1000, 3);

    @Test
    void preparesAllSplitsInTheRequestedMode() {
        PreparedData d = DataPipeline.prepare(series, FeatureMode.MS, "OT", 24, 6, SplitSpec.parse("0.7,0.1,0.2"));
        assertThat(d.columns()).containsExactly("X1", "X2", "OT");
        assertThat(d.inputColumns()).containsExactly("X1", "X2", "OT");
        assertThat(d.outputColumns()).containsExactly("OT");
        assertThat(d.targetIndex()).isEqualTo(2);
        assertThat(d.target()).isEqualTo("OT");
        assertThat(d.train().n()).isEqualTo(700 - 24 - 6 + 1);
        assertThat(d.val().n()).isEqualTo(100 - 6 + 1);
        assertThat(d.test().n()).isEqualTo(200 - 6 + 1);
        assertThat(d.val().firstTargetRow()).isEqualTo(700);
        assertThat(d.test().firstTargetRow()).isEqualTo(800);
        assertThat(d.train().inC()).isEqualTo(3);
        assertThat(d.train().outC()).isEqualTo(1);
    }

    @Test
    void windowsAreZScoredWithTrainingStatistics() {
        PreparedData d = DataPipeline.prepare(series, FeatureMode.S, "OT", 4, 1, SplitSpec.parse("0.7,0.1,0.2"));
        StandardScaler s = d.scaler();
        float[][] v = series.values();
        // first test target is row 800 of column OT
        assertThat((double) d.test().y()[0]).isCloseTo((v[800][2] - s.mean(2)) / s.std(2), within(1e-5));
        // the scaler saw only rows [0, 700)
        assertThat(s.mean(2)).isCloseTo(StandardScaler.fit(v, new RowRange(0, 700)).mean(2), within(0.0));
        assertThat(s.mean(2)).isNotEqualTo(StandardScaler.fit(v, new RowRange(0, 1000)).mean(2));
    }

    @Test
    void validatesArguments() {
        SplitSpec split = SplitSpec.auto();
        assertThatThrownBy(() -> DataPipeline.prepare(series, FeatureMode.S, "OT", 0, 1, split))
                .isInstanceOf(UserError.class).hasMessageContaining("lookback");
        assertThatThrownBy(() -> DataPipeline.prepare(series, FeatureMode.S, "OT", 1, 0, split))
                .isInstanceOf(UserError.class).hasMessageContaining("horizon");
        assertThatThrownBy(() -> DataPipeline.prepare(series, FeatureMode.S, "Y", 1, 1, split))
                .isInstanceOf(UserError.class).hasMessageContainingAll(series.source(), "no column 'Y'", "X1, X2, OT");
        assertThatThrownBy(() -> DataPipeline.prepare(series, FeatureMode.S, "OT", 96, 200, split))
                .isInstanceOf(UserError.class).hasMessageContainingAll("split 'val'", "[700, 800)");
    }

    @Test
    void selectKeepsOrderAndTimestamps() {
        TimeSeries s = series.select(java.util.List.of("OT", "X1"));
        assertThat(s.columns()).containsExactly("OT", "X1");
        assertThat(s.values()[5]).containsExactly(series.values()[5][2], series.values()[5][0]);
        assertThat(s.timestamps()).isSameAs(series.timestamps());
        assertThatThrownBy(() -> series.select(java.util.List.of("OT", "OT"))).isInstanceOf(UserError.class);
    }

    @Test
    void pooledTrainingWindowsAreEveryColumnsOwnWindowsTargetFirst() {
        SplitSpec split = SplitSpec.parse("0.7,0.1,0.2");
        PreparedData one = DataPipeline.prepare(series, FeatureMode.S, "X2", 4, 2, split);
        PreparedData pooled = DataPipeline.prepare(series, FeatureMode.S, "X2", 4, 2, split, null, CalendarFeatures.NONE,
                0, TrainingWindows.ALL);
        assertThat(one.pooled()).isFalse();
        assertThat(one.fit()).isSameAs(one.train());
        assertThat(pooled.pooled()).isTrue();
        int n = 700 - 4 - 2 + 1;
        WindowSet fit = pooled.fit();
        assertThat(fit.n()).isEqualTo(3 * n);
        assertThat(fit.inC()).isEqualTo(1);
        assertThat(fit.outC()).isEqualTo(1);
        assertThat(fit.inputColumns()).containsExactly(1);
        // the target's windows first, exactly as the target-only set has them
        assertThat(java.util.Arrays.copyOf(fit.x(), n * 4)).containsExactly(one.train().x());
        assertThat(java.util.Arrays.copyOf(fit.y(), n * 2)).containsExactly(one.train().y());
        // then X1's and OT's, each z-scored with its own training statistics
        StandardScaler s = pooled.scaler();
        float[][] v = series.values();
        int[] others = {0, 2};
        for (int k = 0; k < 2; k++) {
            int c = others[k];
            for (int i : new int[] {0, 17, n - 1}) {
                int w = (k + 1) * n + i;
                for (int t = 0; t < 4; t++) {
                    assertThat((double) fit.x()[w * 4 + t]).isCloseTo((v[i + t][c] - s.mean(c)) / s.std(c), within(1e-5));
                }
                for (int h = 0; h < 2; h++) {
                    assertThat((double) fit.y()[w * 2 + h]).isCloseTo((v[i + 4 + h][c] - s.mean(c)) / s.std(c), within(1e-5));
                }
            }
        }
        // everything that is reported or calibrated stays on the target
        assertThat(pooled.train().x()).containsExactly(one.train().x());
        assertThat(pooled.val().x()).containsExactly(one.val().x());
        assertThat(pooled.test().y()).containsExactly(one.test().y());
        assertThat(pooled.target()).isEqualTo("X2");
        assertThat(pooled.inputColumns()).containsExactly("X2");
    }

    @Test
    void pooledTrainingNeedsUnivariateWindows() {
        assertThatThrownBy(() -> DataPipeline.prepare(series, FeatureMode.MS, "OT", 4, 2, SplitSpec.auto(), null,
                CalendarFeatures.NONE, 0, TrainingWindows.ALL)).isInstanceOf(UserError.class).hasMessageContaining("features S");
    }

    @Test
    void alignedPooledWindowsHaveTheTargetsLeastSquaresFit() {
        SplitSpec split = SplitSpec.parse("0.7,0.1,0.2");
        PreparedData raw = DataPipeline.prepare(series, FeatureMode.S, "X2", 8, 3, split, null, CalendarFeatures.NONE, 0,
                TrainingWindows.ALL);
        PreparedData aligned = DataPipeline.prepare(series, FeatureMode.S, "X2", 8, 3, split, null, CalendarFeatures.NONE,
                0, TrainingWindows.ALL_LINEAR_ALIGNED);
        // the same inputs, the target's own windows untouched, the others' targets moved
        assertThat(aligned.fit().x()).containsExactly(raw.fit().x());
        int n = aligned.train().n();
        assertThat(java.util.Arrays.copyOf(aligned.fit().y(), n * 3)).containsExactly(aligned.train().y());
        assertThat(aligned.fit().y()).isNotEqualTo(raw.fit().y());
        // least squares over all the pooled windows gives back the target's fit (not so for the raw pool)
        float[] target = LinearBaseline.fit(aligned.train()).predict(aligned.val());
        float[] pooled = LinearBaseline.fit(aligned.fit()).predict(aligned.val());
        float[] rawPooled = LinearBaseline.fit(raw.fit()).predict(aligned.val());
        double worst = 0;
        double rawWorst = 0;
        for (int i = 0; i < target.length; i++) {
            worst = Math.max(worst, Math.abs(pooled[i] - target[i]));
            rawWorst = Math.max(rawWorst, Math.abs(rawPooled[i] - target[i]));
        }
        assertThat(worst).isLessThan(1e-3);
        assertThat(rawWorst).isGreaterThan(1e-2);
    }
}
