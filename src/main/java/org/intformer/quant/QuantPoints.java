package org.intformer.quant;

import java.util.List;
import org.intformer.nn.ForecastModel;
import org.intformer.nn.Forecaster;
import org.intformer.nn.InterSeriesForecaster;
import org.intformer.nn.ModelSpec;

/**
 * Where a network's forward pass calls its quantization hooks: the activation points in execution order, the
 * linear layers with the tensor each reads, and the attention layers (docs/INTEGER.md names the points after
 * the integer ops that produce them). {@link QatModel} builds one quantizer per point from this list.
 */
interface QuantPoints {
    /** What a linear layer reads when it reads the (relative) input window: the input grid. */
    String INPUT = "input";
    /** What a linear layer reads when it reads the date features: their fixed grid. */
    String DATES = "dates";

    /** Activation points in execution order; the head's and the output's are added by {@link QatModel}. */
    List<String> activations();

    List<String> linearLayers();

    /** Attention layers by name (their scores have a grid each, "{@code <layer>.scores}"). */
    List<String> attentionLayers();

    /** The activation point whose grid {@code layer} reads, {@link #INPUT} or {@link #DATES}. */
    String input(String layer);

    boolean relative();

    /** The shared per-series (or only) encoder's architecture: norms and activations QAT must support. */
    ModelSpec encoder();

    static QuantPoints of(ForecastModel model) {
        if (model instanceof InterSeriesForecaster is) {
            return new InterSeriesPoints(is.spec());
        }
        return new EncoderPoints(((Forecaster) model).spec());
    }

    /** The points of an encoder layer named {@code p}, in execution order. */
    static List<String> layerPoints(String p) {
        return List.of(p + ".attn.q", p + ".attn.k", p + ".attn.v", p + ".attn", p + ".attn.o", p + ".add1",
                p + ".norm1", p + ".ffn1", p + ".ffn2", p + ".add2", p + ".norm2");
    }

    /** The linear layers of an encoder layer named {@code p}. */
    static List<String> layerLinears(String p) {
        return List.of(p + ".attn.q", p + ".attn.k", p + ".attn.v", p + ".attn.o", p + ".ffn1", p + ".ffn2");
    }

    /**
     * What a linear layer inside an encoder layer reads: the q/k/v projections read the layer's input
     * {@code previous}, the others the point before them; null when {@code layer} is not inside {@code p}.
     */
    static String layerInput(String layer, String p, String previous) {
        if (!layer.startsWith(p + ".")) {
            return null;
        }
        return switch (layer.substring(p.length() + 1)) {
            case "attn.q", "attn.k", "attn.v" -> previous;
            case "attn.o" -> p + ".attn";
            case "ffn1" -> p + ".norm1";
            case "ffn2" -> p + ".ffn1";
            default -> null;
        };
    }
}
