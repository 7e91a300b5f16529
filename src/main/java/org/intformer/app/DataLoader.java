package org.intformer.app;

import java.nio.file.Path;
import java.util.List;
import org.intformer.UserError;
import org.intformer.config.TrainConfig;
import org.intformer.data.CalendarFeatures;
import org.intformer.data.CsvSeriesReader;
import org.intformer.data.DateEncoding;
import org.intformer.data.HolidayCalendar;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.StandardScaler;
import org.intformer.data.SyntheticSeries;
import org.intformer.data.TimeSeries;
import org.intformer.io.Fingerprints;

/** Turns a configuration into prepared windows: a CSV file, or the built-in synthetic series when none is set. */
public final class DataLoader {
    private DataLoader() {
    }

    /**
     * Data files whose content this process was handed instead of reading them (explore's Spark engine broadcasts the
     * data once to every executor, whose machine need not have the file): path as configured → content.
     */
    private static final java.util.Map<String, byte[]> PROVIDED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * From now on, a configuration whose {@code data} is {@code path} reads {@code content} instead of the file. The
     * caller guarantees it is the file's content (cache keys hash the file on the machine that plans the work).
     */
    public static void provide(String path, byte[] content) {
        PROVIDED.put(path, content);
    }

    /** Reads the file at {@code path} again from now on (its content may change between explorations). */
    public static void forget(String path) {
        PROVIDED.remove(path);
    }

    public static TimeSeries series(TrainConfig config) {
        if (config.data() == null) {
            return SyntheticSeries.generate(config.seed(), config.syntheticRows(), config.syntheticChannels());
        }
        byte[] provided = PROVIDED.get(config.data());
        CsvSeriesReader reader = new CsvSeriesReader(config.timeColumn());
        return provided != null ? reader.read(config.data(), provided, List.of(config.target()))
                : reader.read(Path.of(config.data()), List.of(config.target()));
    }

    /**
     * What the data of a configuration is, for cache keys: the SHA-256 of the CSV file's content, or "synthetic"
     * (the synthetic series is a function of settings that are keys of their own: seed, synthetic-rows, -channels).
     */
    public static String fingerprint(TrainConfig config) {
        return config.data() == null ? "synthetic" : Fingerprints.file(Path.of(config.data()));
    }

    public static PreparedData prepare(TrainConfig config) {
        return prepare(config, series(config), null);
    }

    /**
     * Windows of a series under a saved model's configuration. With a saved scaler, the series must have the
     * model's columns; they are taken in the model's order and scaled exactly as in training.
     */
    public static PreparedData prepare(TrainConfig config, TimeSeries series, SavedData saved) {
        StandardScaler scaler = null;
        if (saved != null) {
            for (String column : saved.columns()) {
                if (series.indexOf(column) < 0) {
                    throw new UserError(series.source() + ": column '" + column + "' used by the model is missing (model columns: "
                            + saved.columns() + ", file columns: " + series.columns() + ")");
                }
            }
            series = series.select(saved.columns());
            scaler = StandardScaler.of(saved.mean(), saved.std());
        }
        return DataPipeline.prepare(series, FeatureMode.parse(config.features()), config.target(), config.lookback(),
                config.horizon(), SplitSpec.parse(config.split()), scaler, calendar(config), config.interSeries().season(),
                trainingWindows(config));
    }

    /**
     * The training windows of a configuration: pooled with {@code train-series: all}, aligned on the target's
     * least-squares fit when the linear path starts there.
     */
    static org.intformer.data.TrainingWindows trainingWindows(TrainConfig config) {
        if (!config.pooledTraining()) {
            return org.intformer.data.TrainingWindows.TARGET;
        }
        return config.linearPath() ? org.intformer.data.TrainingWindows.ALL_LINEAR_ALIGNED : org.intformer.data.TrainingWindows.ALL;
    }

    /** The date features a configuration asks for (reading its calendar file, if any). */
    public static CalendarFeatures calendar(TrainConfig config) {
        var o = config.interSeries();
        return new CalendarFeatures(DateEncoding.parse(o.hourOfDay(), "hour-of-day"), DateEncoding.parse(o.dayOfWeek(), "day-of-week"),
                DateEncoding.parse(o.dayOfYear(), "day-of-year"), DateEncoding.parse(o.monthOfYear(), "month-of-year"),
                o.holidays() == null ? null : HolidayCalendar.read(Path.of(o.holidays())));
    }
}
