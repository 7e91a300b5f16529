package org.intformer.nn;

import java.util.SplittableRandom;
import org.intformer.tensor.Elementwise;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Tensor;

/** One post-norm Transformer encoder layer: attention, add, norm, feed-forward, add, norm. */
public final class EncoderLayer {
    private final ModelSpec spec;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final Normalization norm1;
    private final Linear ffn1;
    private final Linear ffn2;
    private final Normalization norm2;

    private final String name;

    EncoderLayer(ParameterStore store, String name, ModelSpec spec) {
        this.name = name;
        this.spec = spec;
        int d = spec.dModel();
        this.q = new Linear(store, name + ".attn.q", d, d);
        this.k = new Linear(store, name + ".attn.k", d, d);
        this.v = new Linear(store, name + ".attn.v", d, d);
        this.o = new Linear(store, name + ".attn.o", d, d);
        this.norm1 = new Normalization(store, name + ".norm1", spec.norm(), d);
        this.ffn1 = new Linear(store, name + ".ffn1", d, spec.ffn());
        this.ffn2 = new Linear(store, name + ".ffn2", spec.ffn(), d);
        this.norm2 = new Normalization(store, name + ".norm2", spec.norm(), d);
    }

    Tensor forward(Graph g, Tensor h, SplittableRandom dropoutRng, QuantHooks hooks) {
        Tensor attn = hooks.activation(g, name + ".attn",
                hooks.attention(g, name + ".attn", q.forward(g, h, hooks), k.forward(g, h, hooks), v.forward(g, h, hooks), spec.heads()));
        Tensor a = Elementwise.dropout(g, o.forward(g, attn, hooks), spec.dropout(), dropoutRng);
        h = norm1.forward(g, hooks.activation(g, name + ".add1", Elementwise.add(g, h, a)), hooks);
        Tensor hidden = ffn1.forwardRaw(g, h, hooks);
        hidden = spec.activation() == ModelSpec.Activation.RELU ? Elementwise.relu(g, hidden) : Elementwise.gelu(g, hidden);
        hidden = hooks.activation(g, ffn1.name(), hidden);
        Tensor f = Elementwise.dropout(g, ffn2.forward(g, hidden, hooks), spec.dropout(), dropoutRng);
        return norm2.forward(g, hooks.activation(g, name + ".add2", Elementwise.add(g, h, f)), hooks);
    }
}
