package org.intformer.data;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.intformer.UserError;

/**
 * Date features of a time step, all in [−1, 1]: hour of day, day of week, day of year and month of year, each
 * off, as a sin/cos pair on its cycle or one-hot, then one 0/1 flag per kind of special day of a calendar file.
 * Computed by this one class for training, evaluation, forecasts past the end of the data and the integer model's
 * host side, so every path sees the same numbers. Weeks start on Monday (ISO): {@code dow.1} is Monday.
 */
public record CalendarFeatures(DateEncoding hourOfDay, DateEncoding dayOfWeek, DateEncoding dayOfYear,
                               DateEncoding monthOfYear, HolidayCalendar holidays) {

    public static final CalendarFeatures NONE = new CalendarFeatures(DateEncoding.OFF, DateEncoding.OFF, DateEncoding.OFF,
            DateEncoding.OFF, null);

    public CalendarFeatures {
        if (dayOfYear == DateEncoding.ONEHOT) {
            throw new UserError("day-of-year = onehot: 366 flags per step are not offered; use sincos");
        }
    }

    /** Features per time step, f. */
    public int width() {
        return hourOfDay.width(24) + dayOfWeek.width(7) + dayOfYear.width(366) + monthOfYear.width(12)
                + (holidays == null ? 0 : holidays.kinds().size());
    }

    public boolean enabled() {
        return width() > 0;
    }

    /** A name per feature, in feature order ("dow.sin", "month.3", "holiday.bridge"). */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        field(names, "hour", hourOfDay, 24, 0);
        field(names, "dow", dayOfWeek, 7, 1);
        field(names, "doy", dayOfYear, 0, 1);
        field(names, "month", monthOfYear, 12, 1);
        if (holidays != null) {
            holidays.kinds().forEach(k -> names.add("holiday." + k));
        }
        return names;
    }

    private static void field(List<String> names, String prefix, DateEncoding e, int values, int first) {
        if (e == DateEncoding.SINCOS) {
            names.add(prefix + ".sin");
            names.add(prefix + ".cos");
        } else if (e == DateEncoding.ONEHOT) {
            for (int v = 0; v < values; v++) {
                names.add(prefix + "." + (v + first));
            }
        }
    }

    /** The features of time {@code t} into {@code out[offset .. offset + width())}. */
    public void write(LocalDateTime t, float[] out, int offset) {
        int o = offset;
        o = encode(hourOfDay, t.getHour() + t.getMinute() / 60.0, 24, t.getHour(), out, o);
        o = encode(dayOfWeek, t.getDayOfWeek().getValue() - 1, 7, t.getDayOfWeek().getValue() - 1, out, o);
        o = encode(dayOfYear, t.getDayOfYear() - 1, t.toLocalDate().lengthOfYear(), 0, out, o);
        o = encode(monthOfYear, t.getMonthValue() - 1, 12, t.getMonthValue() - 1, out, o);
        if (holidays != null) {
            holidays.flags(t.toLocalDate(), out, o);
        }
    }

    /** Writes one field at {@code out[o..]} and returns the next offset. */
    private static int encode(DateEncoding e, double position, int period, int index, float[] out, int o) {
        switch (e) {
            case SINCOS -> {
                double angle = 2 * Math.PI * position / period;
                out[o] = (float) StrictMath.sin(angle);
                out[o + 1] = (float) StrictMath.cos(angle);
                return o + 2;
            }
            case ONEHOT -> {
                for (int v = 0; v < period; v++) {
                    out[o + v] = v == index ? 1f : 0f;
                }
                return o + period;
            }
            default -> {
                return o;
            }
        }
    }

    /** The features of every row of {@code axis}: [rows][width()]. */
    public float[][] rows(TimeAxis axis) {
        float[][] f = new float[axis.times().length][width()];
        for (int r = 0; r < f.length; r++) {
            write(axis.times()[r], f[r], 0);
        }
        return f;
    }
}
