package org.intformer.nn;

import org.intformer.tensor.Graph;
import org.intformer.tensor.NormOps;
import org.intformer.tensor.Tensor;

/** Batch or layer normalization over the channel axis, with affine weight and bias. */
public final class Normalization {
    private final String name;
    private final ModelSpec.Norm kind;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;

    Normalization(ParameterStore store, String name, ModelSpec.Norm kind, int channels) {
        this.name = name;
        this.kind = kind;
        this.weight = store.filledParam(name + ".weight", 1f, channels);
        this.bias = store.filledParam(name + ".bias", 0f, channels);
        if (kind == ModelSpec.Norm.BATCH) {
            this.runningMean = store.filledBuffer(name + ".running_mean", 0f, channels);
            this.runningVar = store.filledBuffer(name + ".running_var", 1f, channels);
        } else {
            this.runningMean = null;
            this.runningVar = null;
        }
    }

    public Tensor forward(Graph g, Tensor x, QuantHooks hooks) {
        Tensor y = kind == ModelSpec.Norm.BATCH
                ? NormOps.batchNorm(g, x, weight, bias, runningMean, runningVar, hooks.freezeNorms())
                : NormOps.layerNorm(g, x, weight, bias);
        return hooks.activation(g, name, y);
    }
}
