package org.intformer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CalendarFeaturesTest {
    @TempDir
    Path dir;

    private HolidayCalendar calendar(String text) throws IOException {
        Path file = dir.resolve("cal.csv");
        Files.writeString(file, text);
        return HolidayCalendar.read(file);
    }

    @Test
    void encodesEachFieldAsAsked() throws IOException {
        HolidayCalendar cal = calendar("date,name,kind\n# US\n2016-07-04,Independence Day,holiday\n2016-12-24,Christmas Eve,bridge\n"
                + "2016-12-26,Christmas (observed),holiday\n");
        CalendarFeatures f = new CalendarFeatures(DateEncoding.SINCOS, DateEncoding.ONEHOT, DateEncoding.SINCOS,
                DateEncoding.ONEHOT, cal);
        assertThat(f.width()).isEqualTo(2 + 7 + 2 + 12 + 2);
        assertThat(f.names()).startsWith("hour.sin", "hour.cos", "dow.1").contains("month.12", "doy.cos")
                .endsWith("holiday.bridge", "holiday.holiday");
        float[] out = new float[f.width()];
        f.write(LocalDateTime.of(2016, 7, 4, 6, 0), out, 0);   // a Monday, 6 am
        assertThat((double) out[0]).isCloseTo(1.0, within(1e-6));          // sin(2π·6/24)
        assertThat((double) out[1]).isCloseTo(0.0, within(1e-6));
        assertThat(out[2]).isEqualTo(1f);                                  // Monday
        assertThat(out[3]).isZero();
        int doy = 2 + 7;
        assertThat((double) out[doy]).isCloseTo(Math.sin(2 * Math.PI * 185 / 366), within(1e-6));   // 2016 is a leap year
        assertThat(out[doy + 2 + 6]).isEqualTo(1f);                        // July
        assertThat(out[f.width() - 2]).isZero();                           // not a bridge day
        assertThat(out[f.width() - 1]).isEqualTo(1f);                      // a holiday
        f.write(LocalDateTime.of(2016, 12, 24, 0, 0), out, 0);
        assertThat(out[f.width() - 2]).isEqualTo(1f);
        assertThat(out[2 + 5]).isEqualTo(1f);                              // Saturday
        for (float v : out) {
            assertThat(v).isBetween(-1f, 1f);
        }
    }

    @Test
    void noFeaturesIsEmpty() {
        assertThat(CalendarFeatures.NONE.width()).isZero();
        assertThat(CalendarFeatures.NONE.enabled()).isFalse();
        assertThat(CalendarFeatures.NONE.names()).isEmpty();
    }

    @Test
    void badCalendarsAreOneLineErrors() throws IOException {
        assertThatThrownBy(() -> calendar("2016-13-01\n")).isInstanceOf(UserError.class)
                .hasMessageEndingWith("cal.csv:1: '2016-13-01' is not a date (yyyy-MM-dd)");
        assertThatThrownBy(() -> calendar("date\n2016-01-01,a,b,c\n")).isInstanceOf(UserError.class)
                .hasMessageEndingWith("cal.csv:2: expected date[,name[,kind]], got 4 fields");
        assertThatThrownBy(() -> calendar("# nothing\n")).isInstanceOf(UserError.class)
                .hasMessageEndingWith("cal.csv: calendar file lists no dates");
        assertThatThrownBy(() -> HolidayCalendar.read(dir.resolve("missing.csv"))).isInstanceOf(UserError.class)
                .hasMessageEndingWith("missing.csv: calendar file not found");
        assertThatThrownBy(() -> new CalendarFeatures(DateEncoding.OFF, DateEncoding.OFF, DateEncoding.ONEHOT,
                DateEncoding.OFF, null)).isInstanceOf(UserError.class).hasMessageContaining("day-of-year");
        assertThat(calendar("2016-01-01\n").kinds()).containsExactly("holiday");
    }

    @Test
    void timeAxisFindsTheStepSeasonAndFutureTimes() {
        TimeSeries daily = new TimeSeries("d", List.of("a"), new String[] {"2020-02-27", "2020-02-28", "2020-02-29",
            "2020-03-01"}, new float[][] {{1}, {2}, {3}, {4}});
        TimeAxis axis = TimeAxis.of(daily, "test");
        assertThat(TimeAxis.defaultSeason(axis.step())).isEqualTo(7);
        assertThat(axis.after(1)).isEqualTo(LocalDateTime.of(2020, 3, 2, 0, 0));
        TimeSeries hourly = SyntheticSeries.generate(1, 50, 2);
        assertThat(TimeAxis.defaultSeason(TimeAxis.stepOrNull(hourly))).isEqualTo(24);
        TimeSeries numbered = new TimeSeries("n", List.of("a"), new String[] {"1", "2"}, new float[][] {{1}, {2}});
        assertThat(TimeAxis.stepOrNull(numbered)).isNull();
        assertThatThrownBy(() -> TimeAxis.of(numbered, "date features")).isInstanceOf(UserError.class)
                .hasMessage("n: date features needs dated timestamps (yyyy-MM-dd[ HH:mm:ss]), row 1 has '1'");
    }

    @Test
    void windowsCarryTheirStepsDateFeatures() {
        TimeSeries s = SyntheticSeries.generate(2, 300, 3);
        CalendarFeatures f = new CalendarFeatures(DateEncoding.ONEHOT, DateEncoding.OFF, DateEncoding.OFF, DateEncoding.OFF, null);
        PreparedData data = DataPipeline.prepare(s, FeatureMode.M, "OT", 12, 4, SplitSpec.parse("0.6,0.2,0.2"), null, f, 0, TrainingWindows.TARGET);
        WindowSet test = data.test();
        assertThat(test.dateWidth()).isEqualTo(24);
        int stride = test.inputStride();
        assertThat(stride).isEqualTo(12 * 3 + 16 * 24);
        float[] in = test.inputs();
        for (int i = 0; i < test.n(); i += 7) {
            for (int step = 0; step < 16; step++) {
                int row = test.firstTargetRow() - 12 + i + step;      // hourly from midnight: hour = row mod 24
                int at = i * stride + 12 * 3 + step * 24;
                assertThat(in[at + row % 24]).as("window %d step %d", i, step).isEqualTo(1f);
            }
            assertThat(java.util.Arrays.copyOfRange(in, i * stride, i * stride + 36))
                    .containsExactly(java.util.Arrays.copyOfRange(test.x(), i * 36, i * 36 + 36));
        }
        assertThat(data.season()).isEqualTo(24);
        assertThat(data.dateFeatures()).hasSize(24);
    }
}
