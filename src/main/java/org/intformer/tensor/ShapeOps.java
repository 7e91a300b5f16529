package org.intformer.tensor;

/** Ops that select, reshape or pool over the token axis of [B, T, d] tensors. */
public final class ShapeOps {
    private ShapeOps() {
    }

    /** Same values, another shape with the same size. */
    public static Tensor reshape(Graph g, Tensor x, int... shape) {
        float[] z = x.data().clone();
        Tensor probe = Tensor.of(z, shape);
        return g.unary(x, z, probe.shape(), (dz, dx) -> Elementwise.addInto(g, dz, dx));
    }

    /** Mean over the token axis: [B, T, d] → [B, d]. */
    public static Tensor meanTokens(Graph g, Tensor x) {
        Shapes.requireRank(x, 3, "meanTokens input");
        int b = x.dim(0);
        int t = x.dim(1);
        int d = x.dim(2);
        float[] xd = x.data();
        float[] z = new float[b * d];
        float inv = 1f / t;
        for (int i = 0; i < b; i++) {
            for (int s = 0; s < t; s++) {
                int o = (i * t + s) * d;
                for (int j = 0; j < d; j++) {
                    z[i * d + j] += xd[o + j];
                }
            }
            for (int j = 0; j < d; j++) {
                z[i * d + j] *= inv;
            }
        }
        return g.unary(x, z, new int[] {b, d}, (dz, dx) -> {
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < t; s++) {
                    int o = (i * t + s) * d;
                    for (int j = 0; j < d; j++) {
                        dx[o + j] += dz[i * d + j] * inv;
                    }
                }
            }
        });
    }

    /** The last token: [B, T, d] → [B, d]. */
    public static Tensor lastToken(Graph g, Tensor x) {
        Shapes.requireRank(x, 3, "lastToken input");
        int b = x.dim(0);
        int t = x.dim(1);
        int d = x.dim(2);
        float[] z = new float[b * d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(x.data(), (i * t + t - 1) * d, z, i * d, d);
        }
        return g.unary(x, z, new int[] {b, d}, (dz, dx) -> {
            for (int i = 0; i < b; i++) {
                int o = (i * t + t - 1) * d;
                for (int j = 0; j < d; j++) {
                    dx[o + j] += dz[i * d + j];
                }
            }
        });
    }

    /** v repeated as every row of a [rows, d] tensor; the gradient sums the rows back, in row order. */
    public static Tensor repeatRows(Graph g, Tensor v, int rows) {
        Shapes.requireRank(v, 1, "repeatRows input");
        int d = v.dim(0);
        float[] z = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(v.data(), 0, z, r * d, d);
        }
        return g.unary(v, z, new int[] {rows, d}, (dz, dv) -> {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < d; j++) {
                    dv[j] += dz[r * d + j];
                }
            }
        });
    }
}
