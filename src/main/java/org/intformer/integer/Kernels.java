package org.intformer.integer;

/**
 * The integer kernels of the ops in {@code docs/INTEGER.md}, one method each, written for clarity rather than
 * speed: they are the golden reference. Each writes its output array and returns how many values it clamped.
 * Integer-only on purpose (a test scans this class's bytecode). Accumulators are longs; the range analysis
 * has proven that they fit 32 bits, so a long never wraps.
 */
final class Kernels {

    private Kernels() {
    }

    /** Y[t,c] = X[t,c] − X[L−1,c] and last[c] = X[L−1,c]. */
    static long relativeInput(int[] x, int channels, int[] y, int yLo, int yHi, int[] last) {
        int lastRow = x.length - channels;
        System.arraycopy(x, lastRow, last, 0, channels);
        long saturated = 0;
        for (int i = 0; i < x.length; i++) {
            long v = (long) x[i] - x[lastRow + i % channels];
            y[i] = FixedPoint.clamp(v, yLo, yHi);
            saturated += y[i] != v ? 1 : 0;
        }
        return saturated;
    }

    static long linear(IntOp.Linear op, int[] x, int zx, int[] y, int zy) {
        int in = op.inFeatures();
        int out = op.outFeatures();
        int rows = x.length / in;
        int[] w = op.weights().values;
        int[] bias = op.bias().values;
        int groups = op.biasGroups();
        Requant rq = op.requant();
        long saturated = 0;
        // Row by row, one input at a time across all outputs: the weights are read in their stored (in, out) order. The
        // sums are exact in long, so the order of the terms changes nothing.
        long[] acc = new long[out];
        for (int r = 0; r < rows; r++) {
            int biasRow = (r % groups) * out;
            for (int o = 0; o < out; o++) {
                acc[o] = bias[biasRow + o];
            }
            for (int k = 0; k < in; k++) {
                long xk = (long) x[r * in + k] - zx;
                int wRow = k * out;
                for (int o = 0; o < out; o++) {
                    acc[o] += xk * w[wRow + o];
                }
            }
            for (int o = 0; o < out; o++) {
                long v = zy + FixedPoint.requant(acc[o], rq.m0(o), rq.n(o));
                int q = FixedPoint.clamp(v, op.lo(), op.hi());
                // A fused ReLU (lo = z_y) clamping negatives is the activation, not a loss of range.
                saturated += v > op.hi() || (v < op.lo() && op.lo() != zy) ? 1 : 0;
                y[r * out + o] = q;
            }
        }
        return saturated;
    }

    static long add(IntOp.Add op, int[] a, int za, int[] b, int zb, int[] y, int zy, int lo, int hi) {
        long saturated = 0;
        for (int i = 0; i < y.length; i++) {
            long sum = ((long) a[i] - za) * op.ma() + ((long) b[i] - zb) * op.mb();
            long v = zy + FixedPoint.roundShift(sum, op.k());
            y[i] = FixedPoint.clamp(v, lo, hi);
            saturated += y[i] != v ? 1 : 0;
        }
        return saturated;
    }

    static long channelAffine(IntOp.ChannelAffine op, int[] x, int zx, int[] y, int zy, int lo, int hi) {
        int[] scale = op.scale().values;
        int[] offset = op.offset().values;
        int channels = scale.length;
        long saturated = 0;
        for (int i = 0; i < x.length; i++) {
            int c = i % channels;
            long v = zy + FixedPoint.roundShift(((long) x[i] - zx) * scale[c] + offset[c], op.k());
            y[i] = FixedPoint.clamp(v, lo, hi);
            saturated += y[i] != v ? 1 : 0;
        }
        return saturated;
    }

    /** Y[g,j,t,u] over Q [G, T, d], K [G, U, d] (G = 1 for rank-2 tensors). */
    static long attentionScores(IntOp.AttentionScores op, int groups, int[] q, int zq, int[] k, int zk, int width,
                                int[] y, int zy, int lo, int hi) {
        int tq = q.length / (groups * width);
        int tk = k.length / (groups * width);
        int dh = width / op.heads();
        int m0 = op.requant().m0(0);
        int n = op.requant().n(0);
        long saturated = 0;
        for (int g = 0; g < groups; g++) {
            int qo = g * tq * width;
            int ko = g * tk * width;
            for (int j = 0; j < op.heads(); j++) {
                for (int t = 0; t < tq; t++) {
                    for (int u = 0; u < tk; u++) {
                        long acc = 0;
                        for (int c = j * dh; c < (j + 1) * dh; c++) {
                            acc += ((long) q[qo + t * width + c] - zq) * ((long) k[ko + u * width + c] - zk);
                        }
                        long v = zy + FixedPoint.requant(acc, m0, n);
                        int index = ((g * op.heads() + j) * tq + t) * tk + u;
                        y[index] = FixedPoint.clamp(v, lo, hi);
                        saturated += y[index] != v ? 1 : 0;
                    }
                }
            }
        }
        return saturated;
    }

    /** Softmax along rows of length {@code row}; P = floor((2·E·(2^b − 1) + sum) / (2·sum)). */
    static long softmax(IntOp.Softmax op, int[] x, int row, int[] p, int pMax) {
        int[] lut = op.lut().values;
        long saturated = 0;
        for (int start = 0; start < x.length; start += row) {
            saturated += SoftmaxRow.probabilities(x, start, row, lut, pMax, p, start);
        }
        return saturated;
    }

    /** Y[g,t,c] = Σ_u P[g,j(c),t,u]·(V[g,u,c] − z_v) over P [G, h, T, U], V [G, U, d] (G = 1 for rank 3/2). */
    static long attentionApply(IntOp.AttentionApply op, int groups, int[] p, int heads, int[] v, int zv, int width,
                               int[] y, int zy, int lo, int hi) {
        int keys = v.length / (groups * width);
        int tq = p.length / (groups * heads * keys);
        int dh = width / heads;
        int m0 = op.requant().m0(0);
        int n = op.requant().n(0);
        long saturated = 0;
        for (int g = 0; g < groups; g++) {
            int vo = g * keys * width;
            int yo = g * tq * width;
            for (int t = 0; t < tq; t++) {
                for (int c = 0; c < width; c++) {
                    int rowStart = (((g * heads) + c / dh) * tq + t) * keys;
                    long acc = 0;
                    for (int u = 0; u < keys; u++) {
                        acc += (long) p[rowStart + u] * ((long) v[vo + u * width + c] - zv);
                    }
                    long value = zy + FixedPoint.requant(acc, m0, n);
                    y[yo + t * width + c] = FixedPoint.clamp(value, lo, hi);
                    saturated += y[yo + t * width + c] != value ? 1 : 0;
                }
            }
        }
        return saturated;
    }

    /** Y[g,c] = requant(Σ_t X[g,t,c] − z_x) over X [G, T, d]. */
    static long meanTokens(IntOp.MeanTokens op, int groups, int[] x, int zx, int[] y, int zy, int lo, int hi) {
        int width = y.length / groups;
        int tokens = x.length / (groups * width);
        long saturated = 0;
        for (int g = 0; g < groups; g++) {
            for (int c = 0; c < width; c++) {
                long acc = 0;
                for (int t = 0; t < tokens; t++) {
                    acc += (long) x[(g * tokens + t) * width + c] - zx;
                }
                long v = zy + FixedPoint.requant(acc, op.requant().m0(0), op.requant().n(0));
                y[g * width + c] = FixedPoint.clamp(v, lo, hi);
                saturated += y[g * width + c] != v ? 1 : 0;
            }
        }
        return saturated;
    }

    /** Y[g,c] = X[g,T−1,c] over X [G, T, d]. */
    static long lastToken(int groups, int[] x, int[] y) {
        int width = y.length / groups;
        int block = x.length / groups;
        for (int g = 0; g < groups; g++) {
            System.arraycopy(x, (g + 1) * block - width, y, g * width, width);
        }
        return 0;
    }

    static long reshape(int[] x, int[] y) {
        System.arraycopy(x, 0, y, 0, x.length);
        return 0;
    }

    /** Y[h,c] = Y_rel[h,c] + last[source[c]]. */
    static long addBack(IntOp.AddBack op, int[] rel, int[] last, int[] y, int lo, int hi) {
        int[] source = op.source().values;
        int channels = source.length;
        long saturated = 0;
        for (int i = 0; i < rel.length; i++) {
            long v = (long) rel[i] + last[source[i % channels]];
            y[i] = FixedPoint.clamp(v, lo, hi);
            saturated += y[i] != v ? 1 : 0;
        }
        return saturated;
    }

    /** Y[c,r] = X[r,c] over X [R, C]. */
    static long transpose(int[] x, int rows, int cols, int[] y) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                y[c * rows + r] = x[r * cols + c];
            }
        }
        return 0;
    }

    /** Rows [from, from + y.length / rowSize) of X. */
    static long slice(int[] x, int from, int rowSize, int[] y) {
        System.arraycopy(x, from * rowSize, y, 0, y.length);
        return 0;
    }

    /** Blocks of A then B, {@code outer} times: joining along an axis with {@code aBlock}, {@code bBlock} values. */
    static long concat(int[] a, int aBlock, int[] b, int bBlock, int[] y) {
        int outer = a.length / aBlock;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(a, o * aBlock, y, o * (aBlock + bBlock), aBlock);
            System.arraycopy(b, o * bBlock, y, o * (aBlock + bBlock) + aBlock, bBlock);
        }
        return 0;
    }

    /** Y[o,i,n] = clamp(z_y + roundShift((A[o,i,n] − z_a)·ma + (B[o,n] − z_b)·mb, k)). */
    static long broadcastAdd(IntOp.BroadcastAdd op, int[] blocks, int[] a, int za, int[] b, int zb, int[] y, int zy,
                             int lo, int hi) {
        int outer = blocks[0];
        int along = blocks[1];
        int inner = blocks[2];
        long saturated = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < along; i++) {
                for (int n = 0; n < inner; n++) {
                    int at = (o * along + i) * inner + n;
                    long sum = ((long) a[at] - za) * op.ma() + ((long) b[o * inner + n] - zb) * op.mb();
                    long v = zy + FixedPoint.roundShift(sum, op.k());
                    y[at] = FixedPoint.clamp(v, lo, hi);
                    saturated += y[at] != v ? 1 : 0;
                }
            }
        }
        return saturated;
    }
}
