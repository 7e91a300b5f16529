package org.intformer.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.ConfigLoader;
import org.intformer.data.PreparedData;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntModelFile;
import org.intformer.integer.TestVectors;
import org.intformer.quant.QatConverter;

/**
 * {@code intformer export}: converts a saved QAT model to the integer model file, and optionally dumps every
 * intermediate tensor of one test window as hex test vectors for hardware testbenches.
 */
public final class ExportJob {
    private ExportJob() {
    }

    public static IntModel run(Path qatFile, Path out, Path vectorsDir, int window) {
        QatStore.Loaded loaded = QatStore.load(qatFile);
        if (loaded.qat() == null) {
            throw new UserError(qatFile + ": a float model; export needs a QAT model (run intformer qat, which writes qat.ifm)");
        }
        PreparedData data = DataLoader.prepare(loaded.floatModel().config(),
                DataLoader.series(loaded.floatModel().config()), loaded.floatModel().data());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("config", ConfigLoader.toMap(loaded.floatModel().config()));
        metadata.put("data", SavedData.of(data).toMap());
        IntModel model = QatConverter.convert(loaded.qat(), metadata);
        IntModelFile.write(out, model);
        if (vectorsDir != null) {
            if (window < 0 || window >= data.test().n()) {
                throw new UserError("--window " + window + " outside the " + data.test().n() + " test windows");
            }
            TestVectors.dump(model, IntegerEvaluation.inputs(model, data.test(), window), vectorsDir);
        }
        return model;
    }
}
