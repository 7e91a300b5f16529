package org.intformer.app;

import java.nio.file.Path;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.data.PreparedData;
import org.intformer.integer.IntModel;

/** The data side of an integer model file: its stored configuration and scaler, turned back into windows. */
public final class IntegerModels {
    private IntegerModels() {
    }

    /** The configuration stored in the model's metadata, reading another CSV when {@code data} is given. */
    public static TrainConfig config(IntModel model, Path file, String data) {
        Object c = model.metadata().get("config");
        if (!(c instanceof Map<?, ?> map)) {
            throw new UserError(file + ": the integer model carries no configuration (was it written by intformer qat or export?)");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> values = (Map<String, ?>) map;
        return FloatModelStore.withData(ConfigLoader.fromMap(values, file.toString()), data);
    }

    /** Windows of the model's data (or {@code data}), scaled with the model's saved scaler. */
    public static PreparedData data(IntModel model, Path file, String data) {
        TrainConfig config = config(model, file, data);
        Object d = model.metadata().get("data");
        if (!(d instanceof Map<?, ?> saved)) {
            throw new UserError(file + ": the integer model carries no data scaler");
        }
        return DataLoader.prepare(config, DataLoader.series(config), SavedData.fromMap(saved, file.toString()));
    }
}
