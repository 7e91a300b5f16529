package org.intformer.nn;

import org.intformer.tensor.Graph;
import org.intformer.tensor.LinearOp;
import org.intformer.tensor.Tensor;

/** A fully connected layer, weight stored [in, out]. */
public final class Linear {
    private final Tensor weight;
    private final Tensor bias;

    Linear(ParameterStore store, String name, int in, int out) {
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = store.uniform(name + ".weight", bound, in, out);
        this.bias = store.uniform(name + ".bias", bound, out);
    }

    public Tensor forward(Graph g, Tensor x) {
        return LinearOp.apply(g, x, weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }
}
