package org.intformer.app;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.intformer.UserError;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.data.StandardScaler;
import org.intformer.data.TimeSeries;
import org.intformer.data.WindowSet;
import org.intformer.io.AtomicFiles;
import org.intformer.data.CalendarFeatures;
import org.intformer.data.TimeAxis;
import org.intformer.nn.ForecastModel;
import org.intformer.tensor.Compute;
import org.intformer.train.Inference;

/**
 * {@code intformer predict}: forecasts in original units, one CSV row per window and horizon step, with the
 * actual value where the data has it. {@code future} forecasts past the end of the data from its last window.
 */
public final class PredictJob {
    /** Which windows to forecast. */
    public enum Windows { TRAIN, VAL, TEST, FUTURE }

    private PredictJob() {
    }

    /** @return the number of forecast windows written */
    public static int run(Path modelFile, String dataOverride, Windows which, Path outCsv, int threads) {
        FloatModelStore.Loaded loaded = FloatModelStore.load(modelFile);
        TrainConfig config = FloatModelStore.withData(loaded.config(), dataOverride);
        TimeSeries series = DataLoader.series(config).select(loaded.data().columns());
        PreparedData data = DataLoader.prepare(config, series, loaded.data());
        ForecastModel model = loaded.model();
        WindowSet ws = switch (which) {
            case TRAIN -> data.train();
            case VAL -> data.val();
            case TEST -> data.test();
            case FUTURE -> futureWindow(series, data, loaded.data(), DataLoader.calendar(config));
        };
        float[] pred;
        try (Compute compute = Engines.compute(threads > 0 ? threads : Runtime.getRuntime().availableProcessors())) {
            pred = Inference.predict(model, compute, ws.inputs(), ws.n(), 512);
        }
        write(outCsv, series, data, ws, pred, which == Windows.FUTURE ? futureTimes(series, data) : null);
        return ws.n();
    }

    /**
     * One window of the last lookback rows, with no targets (they lie in the future); its date features, if the
     * model reads any, are those of the last lookback rows and of the horizon's steps after the end of the data.
     */
    private static WindowSet futureWindow(TimeSeries series, PreparedData data, SavedData saved, CalendarFeatures calendar) {
        int l = data.lookback();
        if (series.rows() < l) {
            throw new UserError(series.source() + ": " + series.rows() + " rows, fewer than lookback " + l);
        }
        float[][] z = StandardScaler.of(saved.mean(), saved.std()).transform(series.values());
        int[] in = data.test().inputColumns();
        float[] x = new float[l * in.length];
        for (int t = 0; t < l; t++) {
            for (int c = 0; c < in.length; c++) {
                x[t * in.length + c] = z[series.rows() - l + t][in[c]];
            }
        }
        int[] out = data.test().outputColumns();
        int f = calendar.width();
        float[] dates = new float[(l + data.horizon()) * f];
        if (f > 0) {
            TimeAxis axis = TimeAxis.of(series, "date features");
            for (int s = 0; s < l + data.horizon(); s++) {
                int row = series.rows() - l + s;
                calendar.write(row < series.rows() ? axis.times()[row] : axis.after(row - series.rows() + 1), dates, s * f);
            }
        }
        return new WindowSet(x, new float[data.horizon() * out.length], 1, l, data.horizon(), in, out, series.rows(),
                dates, f);
    }

    /** The timestamps of the horizon's steps after the end of the data, or null when the series has no dates. */
    private static String[] futureTimes(TimeSeries series, PreparedData data) {
        if (TimeAxis.stepOrNull(series) == null) {
            return null;
        }
        TimeAxis axis = TimeAxis.of(series, "future timestamps");
        boolean withTime = series.timestamps()[0].trim().length() > 10;
        String[] times = new String[data.horizon()];
        for (int s = 0; s < times.length; s++) {
            java.time.LocalDateTime t = axis.after(s + 1);
            times[s] = t.format(java.time.format.DateTimeFormatter.ofPattern(withTime ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd"));
        }
        return times;
    }

    /** @param futureTimes the horizon's timestamps of a forecast past the end of the data, else null */
    static void write(Path outCsv, TimeSeries series, PreparedData data, WindowSet ws, float[] pred,
                              String[] futureTimes) {
        boolean future = futureTimes != null || ws.firstTargetRow() >= series.rows();
        List<String> outputs = data.outputColumns();
        int[] outCols = ws.outputColumns();
        StandardScaler scaler = data.scaler();
        int h = ws.horizon();
        int c = outCols.length;
        AtomicFiles.write(outCsv, stream -> {
            var writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT);
            List<String> header = new java.util.ArrayList<>(List.of("window", "origin", "step", "time"));
            for (String o : outputs) {
                header.add(o + "_forecast");
                header.add(o + "_actual");
            }
            csv.printRecord(header);
            for (int i = 0; i < ws.n(); i++) {
                int firstTarget = ws.firstTargetRow() + i;
                for (int s = 0; s < h; s++) {
                    int row = firstTarget + s;
                    List<Object> rec = new java.util.ArrayList<>();
                    rec.add(i);
                    rec.add(time(series, firstTarget - 1));
                    rec.add(s + 1);
                    rec.add(future ? (futureTimes == null ? "" : futureTimes[s]) : time(series, row));
                    for (int k = 0; k < c; k++) {
                        rec.add(format(scaler.inverse(pred[(i * h + s) * c + k], outCols[k])));
                        rec.add(future ? "" : format(series.values()[row][outCols[k]]));
                    }
                    csv.printRecord(rec);
                }
            }
            csv.flush();
        });
    }

    private static String time(TimeSeries series, int row) {
        return series.timestamps() == null ? Integer.toString(row) : series.timestamps()[row];
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
