package org.intformer.tensor;

import java.util.SplittableRandom;

/**
 * Pointwise ops. Each output element depends on one input element, so the parallel split over index
 * ranges cannot change results.
 */
public final class Elementwise {
    /** Below this many elements a loop is not worth a parallel hand-off. */
    private static final int MIN_PER_SHARE = 1 << 15;
    private static final float GELU_C = (float) Math.sqrt(2.0 / Math.PI);
    private static final float GELU_A = 0.044715f;

    private Elementwise() {
    }

    static void forEach(Graph g, int n, Parallel.RangeBody body) {
        g.compute().parallel().forRange(n, MIN_PER_SHARE, body);
    }

    /** a + b, same shapes. */
    public static Tensor add(Graph g, Tensor a, Tensor b) {
        Shapes.requireSame(a, b, "add");
        float[] x = a.data();
        float[] y = b.data();
        float[] z = new float[x.length];
        forEach(g, z.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                z[i] = x[i] + y[i];
            }
        });
        boolean needs = g.needsGrad(a, b);
        Tensor out = Tensor.result(z, needs, a.shape());
        if (needs) {
            g.record(() -> {
                float[] dz = out.grad();
                if (dz == null) {
                    return;
                }
                accumulate(g, a, dz);
                accumulate(g, b, dz);
            });
        }
        return out;
    }

    /**
     * x + r where r (a tensor, e.g. a per-token bias [T, d]) repeats over the leading axes of x. The gradient of
     * r sums over the repetitions in their order, so it does not depend on threads.
     */
    public static Tensor addRepeated(Graph g, Tensor x, Tensor r) {
        int period = r.size();
        if (period == 0 || x.size() % period != 0) {
            throw new IllegalArgumentException("addRepeated: " + r + " does not tile " + x);
        }
        float[] xd = x.data();
        float[] rd = r.data();
        float[] z = new float[xd.length];
        forEach(g, xd.length, (lo, hi) -> addPeriodic(xd, rd, z, lo, hi));
        boolean needs = g.needsGrad(x, r);
        Tensor out = Tensor.result(z, needs, x.shape());
        if (needs) {
            g.record(() -> {
                float[] dz = out.grad();
                if (dz == null) {
                    return;
                }
                accumulate(g, x, dz);
                if (r.requiresGrad()) {
                    float[] dr = r.gradOrAlloc();
                    for (int o = 0; o < dz.length; o += period) { // repetitions in order, as i ascending would add them
                        for (int j = 0; j < period; j++) {
                            dr[j] += dz[o + j];
                        }
                    }
                }
            });
        }
        return out;
    }

    /**
     * x + c where the constant c repeats over the leading axes of x (its shape is a suffix of x's shape):
     * positional encodings, and the last observed values added back to relative forecasts.
     */
    public static Tensor addConstant(Graph g, Tensor x, float[] c) {
        int period = c.length;
        if (period == 0 || x.size() % period != 0) {
            throw new IllegalArgumentException("addConstant: " + c.length + " values do not tile " + x);
        }
        float[] xd = x.data();
        float[] z = new float[xd.length];
        forEach(g, xd.length, (lo, hi) -> addPeriodic(xd, c, z, lo, hi));
        return passThrough(g, x, z);
    }

    /** x + c elementwise, c a constant of x's size (no gradient flows into c). */
    public static Tensor addConstantPerSample(Graph g, Tensor x, float[] c) {
        if (c.length != x.size()) {
            throw new IllegalArgumentException("addConstantPerSample: " + c.length + " values for " + x);
        }
        return addConstant(g, x, c);
    }

    /** z[i] = x[i] + r[i mod r.length] for i in [lo, hi), without a division per element. */
    private static void addPeriodic(float[] x, float[] r, float[] z, int lo, int hi) {
        int period = r.length;
        int i = lo;
        int j = lo % period;
        while (i < hi) {
            int run = Math.min(hi - i, period - j);
            for (int e = 0; e < run; e++) {
                z[i + e] = x[i + e] + r[j + e];
            }
            i += run;
            j = 0;
        }
    }

    /** A result whose gradient is the output gradient unchanged. */
    private static Tensor passThrough(Graph g, Tensor x, float[] z) {
        return g.unary(x, z, x.shape(), (dz, dx) -> addInto(g, dz, dx));
    }

    public static Tensor relu(Graph g, Tensor x) {
        float[] xd = x.data();
        float[] z = new float[xd.length];
        forEach(g, xd.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                z[i] = Math.max(xd[i], 0f);
            }
        });
        // A kernel rather than pointwise(...): the derivative there is an interface call that C2 cannot inline once
        // several ops have used it, and the scalar loop branches at random (measured: a sixth of a training step).
        Kernels kern = g.compute().kernels();
        return g.unary(x, z, x.shape(), (dz, dx) -> forEach(g, dx.length, (lo, hi) -> kern.reluBackward(xd, dz, dx, lo, hi - lo)));
    }

    /** e^x with {@link FastMath#exp(float)}: learned quantization step sizes live in log space. */
    public static Tensor exp(Graph g, Tensor x) {
        float[] xd = x.data();
        float[] z = new float[xd.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = FastMath.exp(xd[i]);
        }
        return pointwise(g, x, z, i -> z[i]);
    }

    /** GELU in its tanh form, as PyTorch's {@code gelu(approximate='tanh')}. */
    public static Tensor gelu(Graph g, Tensor x) {
        float[] xd = x.data();
        float[] z = new float[xd.length];
        float[] t = new float[xd.length];
        forEach(g, xd.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float v = xd[i];
                float th = FastMath.tanh(GELU_C * (v + GELU_A * v * v * v));
                t[i] = th;
                z[i] = 0.5f * v * (1f + th);
            }
        });
        return pointwise(g, x, z, i -> {
            float v = xd[i];
            float th = t[i];
            float du = GELU_C * (1f + 3f * GELU_A * v * v);
            return 0.5f * (1f + th) + 0.5f * v * (1f - th * th) * du;
        });
    }

    /**
     * Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1−p). The mask comes
     * from {@code rng} drawn in index order on the calling thread, so it depends on the seed only.
     */
    public static Tensor dropout(Graph g, Tensor x, float p, SplittableRandom rng) {
        if (!g.training() || p <= 0f) {
            return x;
        }
        float keep = 1f / (1f - p);
        float[] xd = x.data();
        float[] mask = new float[xd.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < p ? 0f : keep;
        }
        float[] z = new float[xd.length];
        forEach(g, z.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                z[i] = xd[i] * mask[i];
            }
        });
        return pointwise(g, x, z, i -> mask[i]);
    }

    /** The derivative of a pointwise function at element i of its input. */
    @FunctionalInterface
    interface Derivative {
        float at(int i);
    }

    /** The result z of a pointwise function of x, whose backward step is dx += dz · f'(x). */
    private static Tensor pointwise(Graph g, Tensor x, float[] z, Derivative derivative) {
        return g.unary(x, z, x.shape(), (dz, dx) -> forEach(g, dx.length, (lo, hi) -> {
            for (int k = lo; k < hi; k++) {
                dx[k] += dz[k] * derivative.at(k);
            }
        }));
    }

    /** x.grad += d, for a tensor that needs it. */
    static void accumulate(Graph g, Tensor x, float[] d) {
        if (x.requiresGrad()) {
            addInto(g, d, x.gradOrAlloc());
        }
    }

    /** dx += d, element by element. */
    static void addInto(Graph g, float[] d, float[] dx) {
        forEach(g, dx.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                dx[i] += d[i];
            }
        });
    }
}
