package org.intformer.nn;

import org.intformer.tensor.Graph;
import org.intformer.tensor.Tensor;

/**
 * Where quantization-aware training plugs into the forecaster: every tensor the integer model will hold passes
 * through one of these hooks, named after the integer op that produces it (docs/INTEGER.md). The float model
 * uses {@link #NONE}, whose hooks are identities.
 */
public interface QuantHooks {
    QuantHooks NONE = new QuantHooks() {
    };

    /** The input window as the host delivers it (quantized at io-bits under QAT); a constant. */
    default float[] input(float[] window) {
        return window;
    }

    /** The date features of a window as the host delivers them (quantized on a fixed grid under QAT); a constant. */
    default float[] dates(float[] features) {
        return features;
    }

    /** The activation produced at a named point. */
    default Tensor activation(Graph g, String point, Tensor x) {
        return x;
    }

    /** The weight of a named linear layer as the forward pass uses it. */
    default Tensor weight(Graph g, String layer, Tensor w) {
        return w;
    }

    /** The bias of a named linear layer as the forward pass uses it (a per-token [T, d] bias for the embedding). */
    default Tensor bias(Graph g, String layer, Tensor b) {
        return b;
    }

    /** Attention of a named layer, float or with quantized scores and integer softmax. */
    default Tensor attention(Graph g, String layer, Tensor q, Tensor k, Tensor v, int heads) {
        return org.intformer.tensor.AttentionOp.apply(g, q, k, v, heads);
    }

    /** Batch norm normalizes with its running statistics even in training (it is then a fixed affine map). */
    default boolean freezeNorms() {
        return false;
    }
}
