package org.intformer.tensor;

/** y = x · W + b over the last axis of x; W is stored [in, out]. */
public final class LinearOp {
    private LinearOp() {
    }

    public static Tensor apply(Graph g, Tensor x, Tensor w, Tensor b) {
        Shapes.requireRank(w, 2, "linear weight");
        int k = w.dim(0);
        int o = w.dim(1);
        if (x.dim(-1) != k) {
            throw new IllegalArgumentException("linear: input " + x + " does not match weight " + w);
        }
        if (b != null && (b.rank() != 1 || b.dim(0) != o)) {
            throw new IllegalArgumentException("linear: bias " + b + " does not match weight " + w);
        }
        int n = Shapes.rows(x.shape());
        float[] y = new float[n * o];
        g.compute().linearForward(x.data(), n, k, w.data(), o, b == null ? null : b.data(), y);
        boolean needs = g.needsGrad(x, w, b);
        Tensor out = Tensor.result(y, needs, Shapes.withLast(x.shape(), o));
        if (needs) {
            g.record(() -> {
                float[] dy = out.grad();
                if (dy == null) {
                    return;
                }
                g.compute().linearBackward(x.data(), dy, n, k, o, w.data(),
                        x.requiresGrad() ? x.gradOrAlloc() : null,
                        w.requiresGrad() ? w.gradOrAlloc() : new float[k * o],
                        b != null && b.requiresGrad() ? b.gradOrAlloc() : null);
            });
        }
        return out;
    }
}
