package org.intformer.quant;

import java.util.ArrayList;
import java.util.List;
import org.intformer.nn.ModelSpec;

/** The quantization points of the encoder forecaster (docs/MODEL.md). */
record EncoderPoints(ModelSpec encoder) implements QuantPoints {

    @Override
    public List<String> activations() {
        return QatModel.activationPoints(encoder);
    }

    @Override
    public List<String> linearLayers() {
        return QatModel.linearLayers(encoder);
    }

    @Override
    public List<String> attentionLayers() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < encoder.layers(); i++) {
            names.add("layers." + i + ".attn");
        }
        return names;
    }

    @Override
    public String input(String layer) {
        String last = encoder.layers() == 0 ? "embed" : "layers." + (encoder.layers() - 1) + ".norm2";
        if (layer.equals("embed") || layer.equals("linear")) {
            return INPUT;
        }
        if (layer.equals("head")) {
            return encoder.head() == ModelSpec.Head.GAP ? "pool" : last;
        }
        for (int i = 0; i < encoder.layers(); i++) {
            String read = QuantPoints.layerInput(layer, "layers." + i, i == 0 ? "embed" : "layers." + (i - 1) + ".norm2");
            if (read != null) {
                return read;
            }
        }
        throw new IllegalArgumentException("no linear layer " + layer);
    }

    @Override
    public boolean relative() {
        return encoder.relative();
    }
}
