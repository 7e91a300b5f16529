package org.intformer.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;
import org.intformer.fuzz.UserErrors;

/**
 * Any bytes as a CSV file: a series (then windows, splits and the scaler for a small model), or a one-line user
 * error. Seeds in src/test/resources/org/intformer/data/CsvReaderFuzzTestInputs/.
 */
class CsvReaderFuzzTest {
    private static final Path DIR = UserErrors.scratch("csv-fuzz");

    @FuzzTest(maxDuration = "10m")
    void anyFileIsASeriesOrAUserError(byte[] bytes) {
        Path file = UserErrors.write(DIR.resolve("data.csv"), bytes);
        UserErrors.only(() -> {
            TimeSeries series = new CsvSeriesReader("date").read(file, List.of("OT"));
            DataPipeline.prepare(series, FeatureMode.MS, "OT", 4, 2, SplitSpec.parse("0.6,0.2,0.2"), null);
        });
        UserErrors.only(() -> {
            TimeSeries series = new CsvSeriesReader("date").read(file);
            if (!series.columns().isEmpty()) {
                DataPipeline.prepare(series, FeatureMode.M, series.columns().get(0), 3, 1, SplitSpec.parse("auto"), null);
            }
        });
    }
}
