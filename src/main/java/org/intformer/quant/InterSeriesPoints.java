package org.intformer.quant;

import java.util.ArrayList;
import java.util.List;
import org.intformer.nn.InterSeriesSpec;
import org.intformer.nn.ModelSpec;

/**
 * The quantization points of the inter-series forecaster (docs/MODEL.md, docs/INTEGER.md): series tokens, the
 * cross-series layers, the context, the patch embedding, the date embeddings, the joined tokens ("tokens", one
 * grid for the patch and context tokens so that joining them is a copy), the per-series layers and the head.
 */
record InterSeriesPoints(InterSeriesSpec spec) implements QuantPoints {

    @Override
    public ModelSpec encoder() {
        return spec.encoder();
    }

    @Override
    public List<String> activations() {
        List<String> points = new ArrayList<>(List.of("series.embed"));
        for (int i = 0; i < spec.activeCrossLayers(); i++) {
            points.addAll(QuantPoints.layerPoints("cross.layers." + i));
        }
        if (spec.dateFeatures() > 0) {
            points.addAll(List.of("context", "embed", "dates.embed", "dates.future"));
        }
        points.add("tokens");
        for (int i = 0; i < spec.encoder().layers(); i++) {
            points.addAll(QuantPoints.layerPoints("layers." + i));
        }
        if (spec.encoder().head() == ModelSpec.Head.GAP) {
            points.add("pool");
        }
        return points;
    }

    @Override
    public List<String> linearLayers() {
        List<String> layers = new ArrayList<>(List.of("series.embed"));
        for (int i = 0; i < spec.activeCrossLayers(); i++) {
            layers.addAll(QuantPoints.layerLinears("cross.layers." + i));
        }
        layers.addAll(List.of("context", "embed"));
        if (spec.dateFeatures() > 0) {
            layers.addAll(List.of("dates.embed", "dates.future"));
        }
        for (int i = 0; i < spec.encoder().layers(); i++) {
            layers.addAll(QuantPoints.layerLinears("layers." + i));
        }
        layers.add("head");
        return layers;
    }

    @Override
    public List<String> attentionLayers() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < spec.activeCrossLayers(); i++) {
            names.add("cross.layers." + i + ".attn");
        }
        for (int i = 0; i < spec.encoder().layers(); i++) {
            names.add("layers." + i + ".attn");
        }
        return names;
    }

    /** The output of the cross-series part: what the context projection reads. */
    String crossOutput() {
        int n = spec.activeCrossLayers();
        return n == 0 ? "series.embed" : "cross.layers." + (n - 1) + ".norm2";
    }

    /** The output of the per-series encoder: what the head (or pooling) reads. */
    String encoderOutput() {
        int n = spec.encoder().layers();
        return n == 0 ? "tokens" : "layers." + (n - 1) + ".norm2";
    }

    @Override
    public String input(String layer) {
        switch (layer) {
            case "series.embed", "embed" -> {
                return INPUT;
            }
            case "dates.embed", "dates.future" -> {
                return DATES;
            }
            case "context" -> {
                return crossOutput();
            }
            case "head" -> {
                return spec.encoder().head() == ModelSpec.Head.GAP ? "pool" : encoderOutput();
            }
            default -> {
            }
        }
        for (int i = 0; i < spec.activeCrossLayers(); i++) {
            String read = QuantPoints.layerInput(layer, "cross.layers." + i,
                    i == 0 ? "series.embed" : "cross.layers." + (i - 1) + ".norm2");
            if (read != null) {
                return read;
            }
        }
        for (int i = 0; i < spec.encoder().layers(); i++) {
            String read = QuantPoints.layerInput(layer, "layers." + i, i == 0 ? "tokens" : "layers." + (i - 1) + ".norm2");
            if (read != null) {
                return read;
            }
        }
        throw new IllegalArgumentException("no linear layer " + layer);
    }

    @Override
    public boolean relative() {
        return spec.encoder().relative();
    }
}
