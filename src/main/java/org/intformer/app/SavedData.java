package org.intformer.app;

import java.util.List;
import org.intformer.data.PreparedData;

/**
 * What a model file remembers of its training data: the columns in scaler order and the training mean and
 * standard deviation of each, so that new data is scaled the same way.
 */
public record SavedData(String source, List<String> columns, double[] mean, double[] std) {
    public SavedData {
        columns = List.copyOf(columns);
        mean = mean.clone();
        std = std.clone();
    }

    public static SavedData of(PreparedData data) {
        return new SavedData(data.source(), data.columns(), data.scaler().means(), data.scaler().stds());
    }
}
