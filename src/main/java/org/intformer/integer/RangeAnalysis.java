package org.intformer.integer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;

/**
 * Static bounds on every accumulator and intermediate of an integer model, from the input tensors' ranges
 * and the constant weights, biases and multipliers. The bounds are sound (no input can exceed them) and, for
 * the sums over independent inputs (Linear, ChannelAffine, Add, AttentionScores, MeanTokens), attained by
 * some input. A model whose 32-bit accumulators could overflow (|acc| ≥ 2^31) or whose requantization
 * product could reach 2^62 is rejected, so the interpreter's {@code int}/{@code long} arithmetic is exact.
 *
 * <p>Ranges propagate: a tensor holds its declared range, narrowed where an op proves more (a Linear's clamp,
 * the difference of RelativeInput). Integer-only like the interpreter, so that it can run on any host.
 */
public final class RangeAnalysis {

    /** Accumulators are 32-bit signed: magnitudes must stay below 2^31. */
    public static final long ACCUMULATOR_LIMIT = 1L << 31;
    /** Requantization products are taken in 64 bits and must stay below 2^62. */
    public static final long PRODUCT_LIMIT = 1L << 62;

    /**
     * The bound of one op.
     *
     * @param bound    largest magnitude of the op's accumulator (or, for ops without one, of its values before
     *                 the final clamp)
     * @param bits     two's complement bits that hold any such value: ⌈log2(bound + 1)⌉ + 1
     * @param product  largest magnitude of acc·m0 before the rounding shift; 0 if the op does not requantize
     */
    public record Entry(String op, String kind, long bound, int bits, long product) {
    }

    private final List<Entry> entries;

    private RangeAnalysis(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /** One entry per op, in model order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry of op {@code name}. */
    public Entry entry(String name) {
        return entries.stream().filter(e -> e.op().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no op '" + name + "'"));
    }

    /**
     * Analyses the ops of an already structurally valid model.
     *
     * @throws UserError naming the first op whose accumulator or product could overflow
     */
    static RangeAnalysis of(String input, Map<String, TensorSpec> tensors, List<IntOp> ops) {
        return new Analyzer(tensors, ops).run();
    }

    /** {@link #of} for a model (which was already analysed when it was built). */
    public static RangeAnalysis of(IntModel model) {
        return of(model.input(), model.tensors(), model.ops());
    }

    /** A closed interval [lo, hi] of longs; arithmetic saturates at ±Long.MAX_VALUE, which any limit rejects. */
    private record Range(long lo, long hi) {
        static Range of(TensorSpec t) {
            return new Range(t.min(), t.max());
        }

        Range minus(long z) {
            return new Range(sub(lo, z), sub(hi, z));
        }

        Range times(long c) {
            long a = mul(lo, c);
            long b = mul(hi, c);
            return new Range(Math.min(a, b), Math.max(a, b));
        }

        Range times(Range o) {
            long a = mul(lo, o.lo);
            long b = mul(lo, o.hi);
            long c = mul(hi, o.lo);
            long d = mul(hi, o.hi);
            return new Range(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d)));
        }

        Range plus(Range o) {
            return new Range(add(lo, o.lo), add(hi, o.hi));
        }

        Range plus(long c) {
            return new Range(add(lo, c), add(hi, c));
        }

        Range intersect(Range o) {
            return new Range(Math.max(lo, o.lo), Math.min(hi, o.hi));
        }

        long magnitude() {
            return Math.max(Math.abs(lo), Math.abs(hi));
        }

        private static long mul(long a, long b) {
            long high = Math.multiplyHigh(a, b);
            long low = a * b;
            if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
                return low;
            }
            return (high < 0) ? -Long.MAX_VALUE : Long.MAX_VALUE;
        }

        private static long add(long a, long b) {
            long s = a + b;
            if (((a ^ s) & (b ^ s)) < 0) {
                return a < 0 ? -Long.MAX_VALUE : Long.MAX_VALUE;
            }
            return Math.max(-Long.MAX_VALUE, s);
        }

        private static long sub(long a, long b) {
            return add(a, b == Long.MIN_VALUE ? Long.MAX_VALUE : -b);
        }
    }

    /** One pass over the ops, holding the propagated ranges. */
    private static final class Analyzer {
        private final Map<String, TensorSpec> tensors;
        private final List<IntOp> ops;
        private final Map<String, Range> ranges = new HashMap<>();
        private final Map<String, IntOp> producers = new HashMap<>();
        private final List<Entry> entries = new ArrayList<>();

        Analyzer(Map<String, TensorSpec> tensors, List<IntOp> ops) {
            this.tensors = tensors;
            this.ops = ops;
            tensors.values().forEach(t -> ranges.put(t.name(), Range.of(t)));
        }

        RangeAnalysis run() {
            for (IntOp op : ops) {
                analyse(op);
                op.outputs().forEach(out -> producers.put(out, op));
            }
            return new RangeAnalysis(entries);
        }

        private TensorSpec spec(String name) {
            return tensors.get(name);
        }

        /** The range of (tensor − its zero point). */
        private Range centred(String name) {
            return ranges.get(name).minus(spec(name).zeroPoint());
        }

        private void analyse(IntOp op) {
            if (op instanceof IntOp.RelativeInput r) {
                Range x = ranges.get(r.input());
                Range diff = new Range(x.lo() - x.hi(), x.hi() - x.lo());
                ranges.put(r.output(), diff.intersect(Range.of(spec(r.output()))));
                record(op, diff.magnitude(), 0);
            } else if (op instanceof IntOp.Linear l) {
                linear(l);
            } else if (op instanceof IntOp.Add a) {
                Range sum = centred(a.a()).times(a.ma()).plus(centred(a.b()).times(a.mb()));
                record(op, sum.magnitude(), 0);
            } else if (op instanceof IntOp.BroadcastAdd a) {
                Range sum = centred(a.a()).times(a.ma()).plus(centred(a.b()).times(a.mb()));
                record(op, sum.magnitude(), 0);
            } else if (op instanceof IntOp.Transpose t) {
                copy(op, t.input(), t.output());
            } else if (op instanceof IntOp.Slice s) {
                copy(op, s.input(), s.output());
            } else if (op instanceof IntOp.Concat c) {
                Range a = ranges.get(c.a());
                Range b = ranges.get(c.b());
                Range hull = new Range(Math.min(a.lo(), b.lo()), Math.max(a.hi(), b.hi()));
                ranges.put(c.output(), hull.intersect(ranges.get(c.output())));
                record(op, hull.magnitude(), 0);
            } else if (op instanceof IntOp.ChannelAffine c) {
                Range x = centred(c.input());
                long bound = 0;
                for (int ch = 0; ch < c.scale().length(); ch++) {
                    bound = Math.max(bound, x.times(c.scale().get(ch)).plus(c.offset().get(ch)).magnitude());
                }
                record(op, bound, 0);
            } else if (op instanceof IntOp.AttentionScores s) {
                long dh = spec(s.query()).dim(-1) / s.heads();
                Range acc = centred(s.query()).times(centred(s.key())).times(dh);
                record(op, acc.magnitude(), Range.mul(acc.magnitude(), s.requant().m0(0)));
            } else if (op instanceof IntOp.Softmax s) {
                long row = spec(s.input()).dim(-1);
                record(op, Range.mul(IntOp.Softmax.ONE, row), 0);
            } else if (op instanceof IntOp.AttentionApply a) {
                long bound = Range.mul(probabilityRowSum(a.probabilities()), centred(a.value()).magnitude());
                record(op, bound, Range.mul(bound, a.requant().m0(0)));
            } else if (op instanceof IntOp.MeanTokens m) {
                Range acc = centred(m.input()).times(spec(m.input()).dim(-2));
                record(op, acc.magnitude(), Range.mul(acc.magnitude(), m.requant().m0(0)));
            } else if (op instanceof IntOp.LastToken t) {
                copy(op, t.input(), t.output());
            } else if (op instanceof IntOp.Reshape r) {
                copy(op, r.input(), r.output());
            } else if (op instanceof IntOp.AddBack b) {
                Range sum = ranges.get(b.input()).plus(ranges.get(b.last()));
                record(op, sum.magnitude(), 0);
            } else {
                throw new IllegalStateException("no range rule for " + op.kind());
            }
        }

        /**
         * Per output channel and bias group, the exact extremes of Σ_k (x_k − z)·W[k,o] + B over independent
         * inputs: each term contributes its own extreme. The output range narrows to the op's clamp.
         */
        private void linear(IntOp.Linear l) {
            Range x = centred(l.input());
            int in = l.inFeatures();
            int out = l.outFeatures();
            int[] w = l.weights().values;
            long bound = 0;
            long product = 0;
            for (int o = 0; o < out; o++) {
                long lo = 0;
                long hi = 0;
                for (int k = 0; k < in; k++) {
                    Range term = x.times(w[k * out + o]);
                    lo = Range.add(lo, term.lo());
                    hi = Range.add(hi, term.hi());
                }
                long channel = 0;
                for (int g = 0; g < l.biasGroups(); g++) {
                    long b = l.bias().get(g * out + o);
                    channel = Math.max(channel, new Range(lo, hi).plus(b).magnitude());
                }
                bound = Math.max(bound, channel);
                product = Math.max(product, Range.mul(channel, l.requant().m0(o)));
            }
            ranges.put(l.output(), ranges.get(l.output()).intersect(new Range(l.lo(), l.hi())));
            record(l, bound, product);
        }

        /**
         * A bound on Σ_u P[t, u] for one row. Straight from a Softmax each P_u ≤ E_u·(2^b − 1)/sum + 1/2, so the
         * row sums to at most (2^b − 1) + U/2; otherwise every entry may be at its maximum.
         */
        private long probabilityRowSum(String name) {
            TensorSpec p = spec(name);
            long keys = p.dim(-1);
            long perEntry = ranges.get(name).hi();
            long any = Range.mul(perEntry, keys);
            if (producers.get(name) instanceof IntOp.Softmax) {
                return Math.min(any, p.max() + keys / 2);
            }
            return any;
        }

        private void copy(IntOp op, String from, String to) {
            ranges.put(to, ranges.get(from).intersect(ranges.get(to)));
            record(op, ranges.get(from).magnitude(), 0);
        }

        private void record(IntOp op, long bound, long product) {
            int bits = FixedPoint.signedBits(bound);
            if (bound >= ACCUMULATOR_LIMIT) {
                throw op.error("accumulator needs " + bits + " bits (|acc| up to " + bound
                        + "), more than the 32-bit accumulator holds");
            }
            if (product >= PRODUCT_LIMIT) {
                throw op.error("requantization product needs " + FixedPoint.signedBits(product) + " bits (up to "
                        + product + "), more than 63");
            }
            entries.add(new Entry(op.name(), op.kind(), bound, bits, product));
        }
    }
}
