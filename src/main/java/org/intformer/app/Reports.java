package org.intformer.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.data.PreparedData;
import org.intformer.data.RowRange;
import org.intformer.nn.ForecastModel;
import org.intformer.nn.Forecaster;
import org.intformer.nn.InterSeriesForecaster;
import org.intformer.nn.InterSeriesSpec;
import org.intformer.nn.ModelSpec;

/** Report sections shared by the commands that describe data and models. */
public final class Reports {
    private Reports() {
    }

    public static Map<String, Object> data(PreparedData d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", d.source());
        m.put("features", d.mode().name());
        m.put("target", d.target());
        m.put("input_columns", d.inputColumns());
        m.put("output_columns", d.outputColumns());
        m.put("lookback", d.lookback());
        m.put("horizon", d.horizon());
        m.put("rows", Map.of("train", rows(d.splits().train()), "val", rows(d.splits().val()), "test", rows(d.splits().test())));
        m.put("windows", Map.of("train", d.train().n(), "val", d.val().n(), "test", d.test().n()));
        if (d.pooled()) {
            // train-series: all: what gradient steps draw from (the target's training windows and every other column's)
            m.put("training_windows", Map.of("series", d.columns(), "windows", d.fit().n()));
        }
        m.put("season", d.season());
        if (!d.dateFeatures().isEmpty()) {
            m.put("date_features", d.dateFeatures());
        }
        return m;
    }

    private static int[] rows(RowRange r) {
        return new int[] {r.start(), r.end()};
    }

    /** The model section of a report: the encoder's architecture, and the inter-series model's own keys. */
    public static Map<String, Object> model(ForecastModel model) {
        if (model instanceof InterSeriesForecaster is) {
            InterSeriesSpec s = is.spec();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", "inter-series");
            m.putAll(model(s.encoder()));
            m.put("params", s.parameterCount());
            m.put("tokens", s.tokens());
            m.put("series", s.series());
            m.put("cross_series", s.crossSeries());
            m.put("cross_layers", s.activeCrossLayers());
            m.put("cross_residual", s.residualContext());
            m.put("series_embedding", s.seriesEmbedding());
            m.put("positional_encoding", s.positionalEncoding());
            m.put("date_features", s.dateFeatures());
            return m;
        }
        return model(((Forecaster) model).spec());
    }

    public static Map<String, Object> model(ModelSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("params", s.parameterCount());
        m.put("tokens", s.tokens());
        m.put("d_model", s.dModel());
        m.put("heads", s.heads());
        m.put("layers", s.layers());
        m.put("ffn", s.ffn());
        m.put("norm", s.norm().name().toLowerCase());
        m.put("activation", s.activation().name().toLowerCase());
        m.put("head", s.head().name().toLowerCase());
        m.put("relative", s.relative());
        m.put("patch", s.patch());
        m.put("linear_path", s.linearPath());
        m.put("in_channels", s.inChannels());
        m.put("out_channels", s.outChannels());
        return m;
    }
}
