package org.intformer.data;

import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitSpecTest {

    @Test
    void ettPresetIsTwelveFourFourMonthsOfHours() {
        Splits s = SplitSpec.ett().resolve("ETTh1.csv", 17_420);
        assertThat(s.train()).isEqualTo(new RowRange(0, 8640));
        assertThat(s.val()).isEqualTo(new RowRange(8640, 11_520));
        assertThat(s.test()).isEqualTo(new RowRange(11_520, 14_400));
    }

    @Test
    void ettPresetNeedsTwentyMonths() {
        assertThatThrownBy(() -> SplitSpec.ett().resolve("small.csv", 14_399))
                .isInstanceOf(UserError.class).hasMessageContainingAll("small.csv", "14400", "14399");
    }

    @Test
    void ratiosRoundCumulativeBorders() {
        Splits s = SplitSpec.parse("0.7, 0.1, 0.2").resolve("x.csv", 4000);
        assertThat(s.train()).isEqualTo(new RowRange(0, 2800));
        assertThat(s.val()).isEqualTo(new RowRange(2800, 3200));
        assertThat(s.test()).isEqualTo(new RowRange(3200, 4000));
        Splits odd = SplitSpec.ratios(1 / 3.0, 1 / 3.0, 1 / 3.0).resolve("x.csv", 10);
        assertThat(odd.test().end()).isEqualTo(10);
    }

    @Test
    void ratiosMayLeaveRowsUnused() {
        Splits s = SplitSpec.parse("0.5,0.1,0.1").resolve("x.csv", 1000);
        assertThat(s.test()).isEqualTo(new RowRange(600, 700));
    }

    @Test
    void autoPicksEttForLongEtthFilesOnly() {
        assertThat(SplitSpec.parse("AUTO").resolve("/data/etth2.csv", 17_420).train().end()).isEqualTo(8640);
        assertThat(SplitSpec.auto().resolve("/data/ETTh1.csv", 14_000).train().end()).isEqualTo(9800);
        assertThat(SplitSpec.auto().resolve("/data/ETTm1.csv", 69_680).train().end()).isEqualTo(48_776);
        assertThat(SplitSpec.auto().resolve("ETTh/weather.csv", 17_420).train().end()).isEqualTo(12_194);
        assertThat(SplitSpec.auto().resolve("synthetic(seed=1, rows=4000, channels=4)", 4000).train().end()).isEqualTo(2800);
    }

    @Test
    void parseAndToStringRoundTrip() {
        assertThat(SplitSpec.parse("ETT")).isEqualTo(SplitSpec.ett());
        assertThat(SplitSpec.parse(SplitSpec.ratios(0.6, 0.2, 0.2).toString())).isEqualTo(SplitSpec.ratios(0.6, 0.2, 0.2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.7,0.3", "0.7,0.1,0.1,0.1", "0.7,0,0.3", "0.7,-0.1,0.2", "0.8,0.2,0.2", "0.7,x,0.2", "", "random"})
    void badSplitTextIsAUserError(String text) {
        assertThatThrownBy(() -> SplitSpec.parse(text)).isInstanceOf(UserError.class).hasMessageContaining("split '" + text + "'");
    }

    @Test
    void sumMayExceedOneByRoundingOnly() {
        assertThat(SplitSpec.parse("0.7,0.2,0.1").ratios()).containsExactly(0.7, 0.2, 0.1);
        assertThatThrownBy(() -> SplitSpec.parse("0.7,0.2,0.10001")).isInstanceOf(UserError.class).hasMessageContaining("more than 1");
    }

    @Test
    void windowsOfValAndTestStartLookbackRowsBeforeTheirBorder() {
        Splits s = SplitSpec.ratios(0.6, 0.2, 0.2).resolve("x.csv", 100);
        assertThat(s.valWindowRows(10)).isEqualTo(new RowRange(50, 80));
        assertThat(s.testWindowRows(10)).isEqualTo(new RowRange(70, 100));
        // 20 val rows, horizon 5: targets of the first window start at row 60 and the last window ends at row 80.
        assertThat(Splits.windowCount(s.valWindowRows(10), 10, 5)).isEqualTo(16);
        assertThat(Splits.windowCount(s.trainWindowRows(), 10, 5)).isEqualTo(46);
    }

    @Test
    void tooShortTrainSplitIsNamed() {
        Splits s = SplitSpec.ratios(0.6, 0.2, 0.2).resolve("x.csv", 100);
        assertThatThrownBy(() -> s.requireWindows("x.csv", 55, 10))
                .isInstanceOf(UserError.class)
                .hasMessageContainingAll("x.csv", "split 'train'", "[0, 60)", "60 rows", "65 rows");
    }

    @Test
    void tooShortTestSplitIsNamed() {
        Splits s = SplitSpec.ratios(0.6, 0.3, 0.05).resolve("x.csv", 100);
        assertThatThrownBy(() -> s.requireWindows("x.csv", 10, 6))
                .isInstanceOf(UserError.class)
                .hasMessageContainingAll("split 'test'", "[90, 95)", "5 rows", "horizon 6");
        s.requireWindows("x.csv", 10, 5);
    }
}
