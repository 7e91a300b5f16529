package org.intformer.data;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import org.intformer.UserError;

/**
 * The calendar times of a series' rows, and the time step between them, for date features, the default season
 * and the timestamps of forecasts past the end of the data.
 *
 * @param times one time per row, increasing
 * @param step  the most frequent difference between consecutive rows
 */
public record TimeAxis(LocalDateTime[] times, Duration step) {

    /** The rows' times; a {@link UserError} when the series has no dated timestamps (plain numbers, or none). */
    public static TimeAxis of(TimeSeries series, String why) {
        String[] stamps = series.timestamps();
        if (stamps == null || stamps.length == 0) {
            throw new UserError(series.source() + ": " + why + " needs a timestamp column with dates");
        }
        LocalDateTime[] times = new LocalDateTime[stamps.length];
        for (int i = 0; i < stamps.length; i++) {
            times[i] = parse(stamps[i]);
            if (times[i] == null) {
                throw new UserError(series.source() + ": " + why + " needs dated timestamps (yyyy-MM-dd[ HH:mm:ss]), row "
                        + (i + 1) + " has '" + stamps[i] + "'");
            }
        }
        return new TimeAxis(times, mostFrequentStep(times));
    }

    /** The time step of a series, or null when its timestamps are not dates (then no season can be derived). */
    public static Duration stepOrNull(TimeSeries series) {
        String[] stamps = series.timestamps();
        if (stamps == null || stamps.length < 2 || parse(stamps[0]) == null || parse(stamps[1]) == null) {
            return null;
        }
        return of(series, "a time step").step();
    }

    static LocalDateTime parse(String text) {
        TimestampFormat format = TimestampFormat.detect(text);
        if (format == null || format == TimestampFormat.NUMBER) {
            return null;
        }
        double seconds = format.key(text);
        long whole = (long) seconds;
        return LocalDateTime.of(LocalDate.ofEpochDay(Math.floorDiv(whole, 86_400)),
                LocalTime.ofSecondOfDay(Math.floorMod(whole, 86_400)));
    }

    private static Duration mostFrequentStep(LocalDateTime[] times) {
        if (times.length < 2) {
            return Duration.ofDays(1);
        }
        Map<Duration, Integer> counts = new HashMap<>();
        Duration best = null;
        for (int i = 1; i < times.length; i++) {
            Duration d = Duration.between(times[i - 1], times[i]);
            int c = counts.merge(d, 1, Integer::sum);
            if (best == null || c > counts.get(best) || (c == counts.get(best) && d.compareTo(best) < 0)) {
                best = d;
            }
        }
        return best;
    }

    /**
     * The season, in rows, that a time step suggests: a week of days, a day of hours or of shorter steps, a year
     * of weeks or months; 1 (no season) otherwise.
     */
    public static int defaultSeason(Duration step) {
        if (step == null || step.isZero() || step.isNegative()) {
            return 1;
        }
        long seconds = step.getSeconds();
        if (seconds == 86_400) {
            return 7;
        }
        if (seconds < 86_400 && 86_400 % seconds == 0) {
            return (int) (86_400 / seconds);
        }
        if (seconds == 7 * 86_400) {
            return 52;
        }
        if (seconds >= 28 * 86_400 && seconds <= 31 * 86_400) {
            return 12;
        }
        return 1;
    }

    /** The time {@code k} ≥ 1 steps after the last row (months step by calendar months). */
    public LocalDateTime after(int k) {
        LocalDateTime lastTime = times[times.length - 1];
        long seconds = step.getSeconds();
        if (seconds >= 28 * 86_400 && seconds <= 31 * 86_400) {
            return lastTime.plusMonths(k);
        }
        return lastTime.plus(step.multipliedBy(k));
    }
}
