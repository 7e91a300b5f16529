package org.intformer.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.Build;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.intformer.io.ModelFile;
import org.intformer.io.NamedTensor;
import org.intformer.nn.ForecastModel;
import org.intformer.nn.ModelSpec;
import org.intformer.tensor.Tensor;

/**
 * Saves and loads trained float forecasters as {@link ModelFile}s. The file carries everything needed to
 * rebuild and explain the model: the resolved configuration, the architecture, the data columns and scaler,
 * the seed and versions.
 */
public final class FloatModelStore {
    /** A model read back from a file. */
    public record Loaded(ForecastModel model, TrainConfig config, SavedData data, Map<String, Object> provenance) {
    }

    private FloatModelStore() {
    }

    public static void save(Path file, ForecastModel model, TrainConfig config, SavedData data, Map<String, Object> extra) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("intformer_version", Build.VERSION);
        provenance.put("java_version", System.getProperty("java.version"));
        provenance.put("seed", config.seed());
        ModelSpec spec = model.encoder();
        provenance.put("model", Map.of("in_channels", spec.inChannels(), "output_sources", spec.outputSources(),
                "params", model.parameterCount(), "date_features", model.dateFeatures()));
        provenance.put("data", data.toMap());
        provenance.putAll(extra);
        List<NamedTensor> tensors = new ArrayList<>();
        model.state().forEach((name, t) -> tensors.add(new NamedTensor(name, t.shape(), t.data().clone())));
        ModelFile.write(file, new ModelFile.Contents(ConfigLoader.toMap(config), provenance, tensors));
    }

    public static Loaded load(Path file) {
        return load(ModelFile.read(file), file.toString());
    }

    /** A forecaster from a model file's decoded contents; {@code file} names it in error messages. */
    public static Loaded load(ModelFile.Contents c, String file) {
        try {
            Map<String, Object> saved = c.config() == null ? null : new LinkedHashMap<>(c.config());
            if (saved != null) {
                // Files written before the linear path existed have no such key, and no such tensors.
                saved.putIfAbsent("linear-path", false);
            }
            TrainConfig config = ConfigLoader.fromMap(saved, file);
            Map<?, ?> model = (Map<?, ?>) c.provenance().get("model");
            Map<?, ?> data = (Map<?, ?>) c.provenance().get("data");
            if (model == null || data == null) {
                throw new UserError(file + ": not a float forecaster (no model or data section)");
            }
            int inChannels = ((Number) model.get("in_channels")).intValue();
            int[] sources = ((List<?>) model.get("output_sources")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
            long stored = c.tensors().stream().mapToLong(t -> t.data().length).sum();
            // refused before the forecaster is built: a damaged header must not allocate what the file does not hold
            // (the encoder's count; not a lower bound of the inter-series model, whose per-series encoder sees one series
            // and can be smaller than an encoder over all of them: that one is checked once built)
            if (!config.interSeries().interSeries()) {
                requireStored(file, ModelSpecs.of(config, inChannels, sources).parameterCount(), stored);
            }
            int dateFeatures = model.get("date_features") instanceof Number n ? n.intValue() : 0;
            ForecastModel forecaster = ModelSpecs.create(config, inChannels, sources, dateFeatures);
            requireStored(file, forecaster.parameterCount(), stored);
            Map<String, float[]> values = new LinkedHashMap<>();
            for (NamedTensor t : c.tensors()) {
                values.put(t.name(), t.data());
            }
            Map<String, Tensor> expected = forecaster.state();
            if (!expected.keySet().equals(values.keySet())) {
                throw new UserError(file + ": tensors do not match the architecture (expected " + expected.keySet().size()
                        + " named tensors, file has " + values.keySet().size() + ")");
            }
            for (NamedTensor t : c.tensors()) {
                if (!java.util.Arrays.equals(t.shape(), expected.get(t.name()).shape())) {
                    throw new UserError(file + ": tensor " + t.name() + " has shape " + java.util.Arrays.toString(t.shape())
                            + ", the architecture needs " + java.util.Arrays.toString(expected.get(t.name()).shape()));
                }
            }
            forecaster.load(values);
            return new Loaded(forecaster, config, SavedData.fromMap(data, file), c.provenance());
        } catch (ClassCastException | NullPointerException e) {
            throw new UserError(file + ": malformed model header (" + e.getMessage() + ")");
        }
    }

    /** The model's configuration reading another CSV (null keeps the model's own data). */
    public static TrainConfig withData(TrainConfig config, String data) {
        if (data == null) {
            return config;
        }
        return org.intformer.config.ConfigSchema.overlay(config, Map.of("data", data), org.intformer.config.Origin.commandLine());
    }


    private static void requireStored(Object file, long parameters, long stored) {
        if (parameters > stored) {
            throw new UserError(file + ": the header's architecture has " + parameters
                    + " parameters, the file stores " + stored + " values");
        }
    }
}
