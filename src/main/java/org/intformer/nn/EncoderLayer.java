package org.intformer.nn;

import java.util.SplittableRandom;
import org.intformer.tensor.AttentionOp;
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

    EncoderLayer(ParameterStore store, String name, ModelSpec spec) {
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

    Tensor forward(Graph g, Tensor h, SplittableRandom dropoutRng) {
        Tensor attn = AttentionOp.apply(g, q.forward(g, h), k.forward(g, h), v.forward(g, h), spec.heads());
        Tensor a = Elementwise.dropout(g, o.forward(g, attn), spec.dropout(), dropoutRng);
        h = norm1.forward(g, Elementwise.add(g, h, a));
        Tensor hidden = ffn1.forward(g, h);
        hidden = spec.activation() == ModelSpec.Activation.RELU ? Elementwise.relu(g, hidden) : Elementwise.gelu(g, hidden);
        Tensor f = Elementwise.dropout(g, ffn2.forward(g, hidden), spec.dropout(), dropoutRng);
        return norm2.forward(g, Elementwise.add(g, h, f));
    }
}
