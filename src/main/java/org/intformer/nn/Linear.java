package org.intformer.nn;

import org.intformer.tensor.Graph;
import org.intformer.tensor.Elementwise;
import org.intformer.tensor.LinearOp;
import org.intformer.tensor.ShapeOps;
import org.intformer.tensor.Tensor;

/** A fully connected layer, weight stored [in, out]. */
public final class Linear {
    private final Tensor weight;
    private final Tensor bias;

    private final String name;

    Linear(ParameterStore store, String name, int in, int out) {
        this.name = name;
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = store.uniform(name + ".weight", bound, in, out);
        this.bias = store.uniform(name + ".bias", bound, out);
    }

    /** x·W + b, then the activation hook of this layer's output. */
    public Tensor forward(Graph g, Tensor x, QuantHooks hooks) {
        return hooks.activation(g, name, forwardRaw(g, x, hooks));
    }

    /** x·W + b with the quantized weight but no output hook (for outputs that are post-processed first). */
    Tensor forwardRaw(Graph g, Tensor x, QuantHooks hooks) {
        Tensor w = hooks.weight(g, name, weight);
        return LinearOp.apply(g, x, w, hooks.bias(g, name, bias));
    }

    /**
     * x·W plus a per-token bias: this layer's bias plus a constant per token (the positional encoding), folded
     * into one [T, out] bias as the integer model holds it.
     */
    Tensor forwardWithTokenBias(Graph g, Tensor x, float[] perToken, int tokens, QuantHooks hooks) {
        return withRowBias(g, x, Elementwise.addConstant(g, ShapeOps.repeatRows(g, bias, tokens), perToken), hooks);
    }

    /**
     * x·W plus this layer's bias plus a trainable [G, out] tensor (a learned embedding per series), added to row
     * r as row r mod G: one [G, out] bias, as the integer model holds it.
     */
    Tensor forwardWithGroupBias(Graph g, Tensor x, Tensor perGroup, QuantHooks hooks) {
        return withRowBias(g, x, Elementwise.add(g, ShapeOps.repeatRows(g, bias, perGroup.dim(0)), perGroup), hooks);
    }

    private Tensor withRowBias(Graph g, Tensor x, Tensor rowBias, QuantHooks hooks) {
        Tensor w = hooks.weight(g, name, weight);
        return Elementwise.addRepeated(g, LinearOp.apply(g, x, w, null), hooks.bias(g, name, rowBias));
    }

    public String name() {
        return name;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }
}
