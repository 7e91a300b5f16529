package org.intformer.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.TrainConfig;
import org.intformer.quant.QatModel;
import org.intformer.quant.QuantConfig;
import org.intformer.quant.QuantGrid;

/**
 * QAT models on disk: a float model file whose provenance also holds every quantization grid and weight scale,
 * so that the model reloads frozen and quantizes exactly as it did when saved.
 */
public final class QatStore {
    private QatStore() {
    }

    public static void save(Path file, QatModel qat, TrainConfig config, SavedData data, Map<String, Object> extra) {
        Map<String, Object> quant = new LinkedHashMap<>();
        quant.put("input_grid", grid(qat.inputGrid()));
        Map<String, Object> grids = new LinkedHashMap<>();
        qat.grids().forEach((k, g) -> grids.put(k, grid(g)));
        quant.put("grids", grids);
        quant.put("weight_scales", qat.weightScales());
        Map<String, Object> all = new LinkedHashMap<>(extra);
        all.put("quant", quant);
        FloatModelStore.save(file, qat.model(), config, data, all);
    }

    /** A saved model and what it was trained on; {@code qat} is null for a plain float model. */
    public record Loaded(FloatModelStore.Loaded floatModel, QatModel qat) {
    }

    public static Loaded load(Path file) {
        FloatModelStore.Loaded f = FloatModelStore.load(file);
        Object q = f.provenance().get("quant");
        if (q == null) {
            return new Loaded(f, null);
        }
        try {
            Map<?, ?> quant = (Map<?, ?>) q;
            Map<String, QuantGrid> grids = new LinkedHashMap<>();
            ((Map<?, ?>) quant.get("grids")).forEach((k, v) -> grids.put(String.valueOf(k), grid((Map<?, ?>) v)));
            Map<String, double[]> scales = new LinkedHashMap<>();
            ((Map<?, ?>) quant.get("weight_scales")).forEach((k, v) ->
                    scales.put(String.valueOf(k), ((List<?>) v).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray()));
            QatModel qat = QatModel.frozen(f.model(), QuantConfig.of(f.config()), grid((Map<?, ?>) quant.get("input_grid")),
                    new QatModel.Frozen(grids, scales));
            return new Loaded(f, qat);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new UserError(file + ": malformed quantization section (" + e.getMessage() + ")");
        }
    }

    private static Map<String, Object> grid(QuantGrid g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scale", g.scale());
        m.put("zero_point", g.zeroPoint());
        m.put("lo", g.lo());
        m.put("hi", g.hi());
        return m;
    }

    private static QuantGrid grid(Map<?, ?> m) {
        return new QuantGrid(((Number) m.get("scale")).doubleValue(), ((Number) m.get("zero_point")).intValue(),
                ((Number) m.get("lo")).intValue(), ((Number) m.get("hi")).intValue());
    }
}
