package org.intformer.integer;

import java.util.List;
import java.util.function.Function;
import org.intformer.UserError;

/**
 * One operation of the integer model, exactly as defined in {@code docs/INTEGER.md}. Each record checks its
 * own constants when constructed and, through {@link #check}, its tensors' shapes and quantization once the
 * model's tensors are known. Every failure is a {@link UserError} naming the op.
 */
public sealed interface IntOp {

    /** Unique within a model; keys the saturation counters. */
    String name();

    /** Tensors read, in the order of the op's definition. */
    List<String> inputs();

    /** Tensors written. */
    List<String> outputs();

    /** Checks shapes and quantization of the op's tensors; {@code tensors} knows every name the op uses. */
    void check(Function<String, TensorSpec> tensors);

    /** The op's type as written in files and tables, e.g. "Linear". */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** A one-line error about this op. */
    default UserError error(String problem) {
        return opError(name(), kind(), problem);
    }

    private static UserError opError(String name, String kind, String problem) {
        return new UserError("op '" + name + "' (" + kind + "): " + problem);
    }

    private static void checkShift(String name, String kind, int k) {
        if (k < 1 || k > 30) {
            throw opError(name, kind, "shift k = " + k + " outside [1, 30]");
        }
    }

    private static void checkRank(IntOp op, TensorSpec t, int rank) {
        if (t.rank() != rank) {
            throw op.error("tensor '" + t.name() + "' has shape " + t.shape() + ", expected rank " + rank);
        }
    }

    private static void checkShape(IntOp op, TensorSpec t, int... shape) {
        if (!t.shape().equals(IntArray.of(shape))) {
            throw op.error("tensor '" + t.name() + "' has shape " + t.shape() + ", expected " + IntArray.of(shape));
        }
    }

    private static void checkZeroPoint(IntOp op, TensorSpec t, int zeroPoint) {
        if (t.zeroPoint() != zeroPoint) {
            throw op.error("tensor '" + t.name() + "' must have zero point " + zeroPoint + " (has " + t.zeroPoint() + ")");
        }
    }

    private static void checkSameIntegers(IntOp op, TensorSpec from, TensorSpec to) {
        if (!from.sameIntegers(to)) {
            throw op.error("tensor '" + to.name() + "' must keep the quantization of '" + from.name() + "' (bits "
                    + from.bits() + ", " + (from.signed() ? "signed" : "unsigned") + ", zero point " + from.zeroPoint() + ")");
        }
    }

    /** Q and K of rank 2, or of rank 3 with the same leading group count. */
    private static void checkGroups(IntOp op, TensorSpec q, TensorSpec k) {
        if (q.rank() != k.rank() || (q.rank() != 2 && q.rank() != 3)) {
            throw op.error("query " + q.shape() + " and key " + k.shape() + ": expected [T, d] and [U, d], or [G, T, d] and [G, U, d]");
        }
        if (q.rank() == 3 && q.dim(0) != k.dim(0)) {
            throw op.error("query of " + q.dim(0) + " groups, key of " + k.dim(0));
        }
    }

    /** {@code dims}, preceded by the group axis of {@code like} when it has one (rank 3). */
    private static int[] grouped(TensorSpec like, int... dims) {
        if (like.rank() < 3) {
            return dims;
        }
        int[] shape = new int[dims.length + 1];
        shape[0] = like.dim(0);
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return shape;
    }

    /** Tokens [T, d] or grouped tokens [G, T, d]. */
    private static void checkTokens(IntOp op, TensorSpec x) {
        if (x.rank() != 2 && x.rank() != 3) {
            throw op.error("tensor '" + x.name() + "' has shape " + x.shape() + ", expected [T, d] or [G, T, d]");
        }
    }

    /** The shape of one pooled token per group: [d] or [G, d]. */
    private static int[] pooled(TensorSpec x) {
        return x.rank() == 3 ? new int[] {x.dim(0), x.dim(2)} : new int[] {x.dim(1)};
    }

    private static void checkSingle(IntOp op, Requant requant) {
        if (!requant.isSingle()) {
            throw op.error("needs one requantization multiplier, has " + requant.count());
        }
    }

    /**
     * {@code Y[t, c] = X[t, c] − X[L−1, c]} (signed, zero point 0, at least one bit wider than X so that it
     * cannot saturate) and {@code last[c] = X[L−1, c]} in X's quantization.
     */
    record RelativeInput(String name, String input, String output, String last) implements IntOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output, last);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            TensorSpec y = tensors.apply(output);
            TensorSpec l = tensors.apply(last);
            checkRank(this, x, 2);
            checkShape(this, y, x.dim(0), x.dim(1));
            checkShape(this, l, x.dim(1));
            if (!y.signed() || y.bits() < x.bits() + 1) {
                throw error("output '" + output + "' must be signed with at least " + (x.bits() + 1) + " bits");
            }
            checkZeroPoint(this, y, 0);
            checkSameIntegers(this, x, l);
        }
    }

    /**
     * {@code acc = Σ_k (X[r,k] − z_x)·W[k,o] + B[r mod G, o]}; {@code Y = clamp(z_y + requant(acc), lo, hi)}.
     * X may have any rank; its last axis is K and the others are rows. W is row-major [K, O], signed
     * {@code weightBits} bits; lo = z_y fuses ReLU.
     *
     * @param biasGroups G: 1 for an ordinary bias, T for the embedding's per-token bias + positional encoding
     */
    record Linear(String name, String input, String output, int inFeatures, int outFeatures, int weightBits,
                  IntArray weights, int biasGroups, IntArray bias, Requant requant, int lo, int hi) implements IntOp {

        public static final int MIN_WEIGHT_BITS = 2;
        public static final int MAX_WEIGHT_BITS = 8;

        public Linear {
            String kind = "Linear";
            if (inFeatures < 1 || outFeatures < 1 || biasGroups < 1) {
                throw opError(name, kind, "in " + inFeatures + ", out " + outFeatures + " and bias groups " + biasGroups + " must be ≥ 1");
            }
            if (weightBits < MIN_WEIGHT_BITS || weightBits > MAX_WEIGHT_BITS) {
                throw opError(name, kind, "weight bits " + weightBits + " outside [2, 8]");
            }
            if (weights.length() != (long) inFeatures * outFeatures) {
                throw opError(name, kind, weights.length() + " weights, expected " + inFeatures + "·" + outFeatures);
            }
            int bad = weights.firstOutside(FixedPoint.minValue(weightBits, true), FixedPoint.maxValue(weightBits, true));
            if (bad >= 0) {
                throw opError(name, kind, "weight " + weights.get(bad) + " at [" + bad / outFeatures + ", " + bad % outFeatures
                        + "] outside the " + TensorSpec.rangeText(weightBits, true));
            }
            if (bias.length() != (long) biasGroups * outFeatures) {
                throw opError(name, kind, bias.length() + " bias values, expected " + biasGroups + "·" + outFeatures);
            }
            if (requant.count() != 1 && requant.count() != outFeatures) {
                throw opError(name, kind, requant.count() + " requantization multipliers, expected 1 or " + outFeatures);
            }
            if (lo > hi) {
                throw opError(name, kind, "clamp lo " + lo + " > hi " + hi);
            }
        }

        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        /** Number of rows R of the input. */
        public int rows(TensorSpec x) {
            return x.size() / inFeatures;
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            TensorSpec y = tensors.apply(output);
            if (x.dim(-1) != inFeatures) {
                throw error("input '" + input + "' has shape " + x.shape() + ", expected last dimension " + inFeatures);
            }
            int[] shape = x.shape().toArray();
            shape[shape.length - 1] = outFeatures;
            checkShape(this, y, shape);
            if (rows(x) % biasGroups != 0) {
                throw error(biasGroups + " bias groups do not divide the " + rows(x) + " rows");
            }
            if (lo < y.min() || hi > y.max()) {
                throw error("clamp [" + lo + ", " + hi + "] outside the output's " + y.rangeText());
            }
        }
    }

    /**
     * {@code Y = clamp(z_y + roundShift((A − z_a)·ma + (B − z_b)·mb, k))}, A, B and Y of one shape;
     * ma = roundHalfAway(S_a/S_y·2^k) ≥ 0, mb likewise.
     */
    record Add(String name, String a, String b, String output, int k, int ma, int mb) implements IntOp {
        public Add {
            checkShift(name, "Add", k);
            if (ma < 0 || mb < 0) {
                throw opError(name, "Add", "multipliers " + ma + ", " + mb + " must be ≥ 0 (scale ratios are positive)");
            }
        }

        public List<String> inputs() {
            return List.of(a, b);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec ta = tensors.apply(a);
            int[] shape = ta.shape().toArray();
            checkShape(this, tensors.apply(b), shape);
            checkShape(this, tensors.apply(output), shape);
        }
    }

    /**
     * Folded BatchNorm over the last axis C: {@code Y = clamp(z_y + roundShift((X − z_x)·scale[c] + offset[c], k))}
     * ({@code A} and {@code Bc} of the contract; scale may be negative).
     */
    record ChannelAffine(String name, String input, String output, int k, IntArray scale, IntArray offset) implements IntOp {
        public ChannelAffine {
            checkShift(name, "ChannelAffine", k);
            if (scale.length() == 0 || scale.length() != offset.length()) {
                throw opError(name, "ChannelAffine", scale.length() + " scales and " + offset.length()
                        + " offsets, expected one of each per channel");
            }
        }

        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            if (x.dim(-1) != scale.length()) {
                throw error("input '" + input + "' has shape " + x.shape() + ", expected last dimension " + scale.length());
            }
            checkShape(this, tensors.apply(output), x.shape().toArray());
        }
    }

    /**
     * {@code acc[j,t,u] = Σ_{c ∈ head j} (Q[t,c] − z_q)(K[u,c] − z_k)}, {@code Y[j,t,u] = clamp(z_s + requant(acc))}
     * with Q [T, d], K [U, d], Y [heads, T, U] and one multiplier. With a leading group axis (IR version 2),
     * Q [G, T, d], K [G, U, d] and Y [G, heads, T, U]: G independent attentions over the same constants, one per
     * series of the inter-series model.
     */
    record AttentionScores(String name, String query, String key, String output, int heads, Requant requant) implements IntOp {
        public AttentionScores {
            if (heads < 1) {
                throw opError(name, "AttentionScores", "heads = " + heads + " must be ≥ 1");
            }
        }

        public List<String> inputs() {
            return List.of(query, key);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec q = tensors.apply(query);
            TensorSpec k = tensors.apply(key);
            checkGroups(this, q, k);
            if (k.dim(-1) != q.dim(-1)) {
                throw error("query width " + q.dim(-1) + " differs from key width " + k.dim(-1));
            }
            if (q.dim(-1) % heads != 0) {
                throw error(heads + " heads do not divide the width " + q.dim(-1));
            }
            checkShape(this, tensors.apply(output), grouped(q, heads, q.dim(-2), k.dim(-2)));
            checkSingle(this, requant);
        }
    }

    /**
     * Rows along the last axis: {@code E = lut[max_row − X]}, {@code P = floor((E·(2^b_p − 1)·2 + sum)/(2·sum))}.
     * The LUT has 2^(input bits) entries, starts at 65536 and never increases; P is unsigned with zero point 0.
     */
    record Softmax(String name, String input, String output, IntArray lut) implements IntOp {
        /** LUT[0] = 2^16: exp(0) in the LUT's fixed point. */
        public static final int ONE = 1 << 16;

        public Softmax {
            if (lut.length() == 0 || lut.get(0) != ONE) {
                throw opError(name, "Softmax", "LUT must start with 65536 (exp(0) at 2^16)");
            }
            for (int i = 1; i < lut.length(); i++) {
                if (lut.get(i) < 0 || lut.get(i) > lut.get(i - 1)) {
                    throw opError(name, "Softmax", "LUT[" + i + "] = " + lut.get(i) + " must be in [0, LUT[" + (i - 1) + "]]");
                }
            }
        }

        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            TensorSpec p = tensors.apply(output);
            if (lut.length() != 1 << x.bits()) {
                throw error("LUT has " + lut.length() + " entries, the " + x.bits() + "-bit input needs " + (1 << x.bits()));
            }
            checkShape(this, p, x.shape().toArray());
            if (p.signed()) {
                throw error("output '" + output + "' must be unsigned");
            }
            checkZeroPoint(this, p, 0);
        }
    }

    /**
     * {@code acc[t,c] = Σ_u P[j(c),t,u]·(V[u,c] − z_v)}, {@code Y = clamp(z_y + requant(acc))} with P [heads, T, U]
     * unsigned (zero point 0), V [U, d], Y [T, d], j(c) = c / (d / heads) and one multiplier; with a leading
     * group axis (IR version 2) P [G, heads, T, U], V [G, U, d], Y [G, T, d], one attention per group.
     */
    record AttentionApply(String name, String probabilities, String value, String output, Requant requant) implements IntOp {
        public List<String> inputs() {
            return List.of(probabilities, value);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec p = tensors.apply(probabilities);
            TensorSpec v = tensors.apply(value);
            if (v.rank() != 2 && v.rank() != 3) {
                throw error("values '" + value + "' " + v.shape() + ": expected [U, d], or [G, U, d] per group");
            }
            checkRank(this, p, v.rank() + 1);
            if (v.rank() == 3 && p.dim(0) != v.dim(0)) {
                throw error("probabilities of " + p.dim(0) + " groups, values of " + v.dim(0));
            }
            if (p.signed()) {
                throw error("probabilities '" + probabilities + "' must be unsigned");
            }
            checkZeroPoint(this, p, 0);
            if (p.dim(-1) != v.dim(-2)) {
                throw error("probabilities over " + p.dim(-1) + " keys, values have " + v.dim(-2) + " rows");
            }
            if (v.dim(-1) % p.dim(-3) != 0) {
                throw error(p.dim(-3) + " heads do not divide the width " + v.dim(-1));
            }
            checkShape(this, tensors.apply(output), grouped(v, p.dim(-2), v.dim(-1)));
            checkSingle(this, requant);
        }
    }

    /**
     * {@code acc[c] = Σ_t (X[t,c] − z_x)}, {@code Y[c] = clamp(z_y + requant(acc))}, 1/T folded into M; X [T, d] → Y [d],
     * or per group (IR version 2) X [G, T, d] → Y [G, d].
     */
    record MeanTokens(String name, String input, String output, Requant requant) implements IntOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            checkTokens(this, x);
            checkShape(this, tensors.apply(output), pooled(x));
            checkSingle(this, requant);
        }
    }

    /** {@code Y[c] = X[T−1, c]}, same quantization; per group (IR version 2) X [G, T, d] → Y [G, d]. */
    record LastToken(String name, String input, String output) implements IntOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            TensorSpec y = tensors.apply(output);
            checkTokens(this, x);
            checkShape(this, y, pooled(x));
            checkSameIntegers(this, x, y);
        }
    }

    /** The same integers in the same order under another shape (patching, flattening, the head's [H, c]). */
    record Reshape(String name, String input, String output) implements IntOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            TensorSpec y = tensors.apply(output);
            if (x.size() != y.size()) {
                throw error("cannot reshape " + x.shape() + " (" + x.size() + " values) to " + y.shape());
            }
            checkSameIntegers(this, x, y);
        }
    }

    /**
     * {@code Y[h, c] = clamp(Y_rel[h, c] + last[source[c]])}: the relative forecast (zero point 0, scale S_in)
     * plus the last input value of each output's source channel, in the input's quantization.
     */
    record AddBack(String name, String input, String last, String output, IntArray source) implements IntOp {
        public List<String> inputs() {
            return List.of(input, last);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec rel = tensors.apply(input);
            TensorSpec l = tensors.apply(last);
            TensorSpec y = tensors.apply(output);
            checkRank(this, rel, 2);
            checkRank(this, l, 1);
            checkZeroPoint(this, rel, 0);
            if (source.length() != rel.dim(1)) {
                throw error(source.length() + " source channels for " + rel.dim(1) + " outputs");
            }
            int bad = source.firstOutside(0, l.dim(0) - 1);
            if (bad >= 0) {
                throw error("source channel " + source.get(bad) + " outside [0, " + (l.dim(0) - 1) + "]");
            }
            checkShape(this, y, rel.dim(0), rel.dim(1));
            checkSameIntegers(this, l, y);
        }
    }

    // ---- IR version 2: the ops of the inter-series model (docs/INTEGER.md, "Several series") ----

    /** {@code Y[c, r] = X[r, c]}: X [R, C] → Y [C, R] (time-major window → series-major rows), same quantization. */
    record Transpose(String name, String input, String output) implements IntOp {
        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            TensorSpec y = tensors.apply(output);
            checkRank(this, x, 2);
            checkShape(this, y, x.dim(1), x.dim(0));
            checkSameIntegers(this, x, y);
        }
    }

    /** Rows {@code [from, to)} of the leading axis: {@code Y[i, ...] = X[from + i, ...]}, same quantization. */
    record Slice(String name, String input, String output, int from, int to) implements IntOp {
        public Slice {
            if (from < 0 || to <= from) {
                throw opError(name, "Slice", "rows [" + from + ", " + to + ") are empty or negative");
            }
        }

        public List<String> inputs() {
            return List.of(input);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec x = tensors.apply(input);
            if (to > x.dim(0)) {
                throw error("rows [" + from + ", " + to + ") outside the " + x.dim(0) + " rows of '" + input + "'");
            }
            int[] shape = x.shape().toArray();
            shape[0] = to - from;
            checkShape(this, tensors.apply(output), shape);
            checkSameIntegers(this, x, tensors.apply(output));
        }
    }

    /**
     * A and B joined along {@code axis} (all other axes equal): the patch tokens of each series and its context
     * token. All three tensors share one quantization (bits, zero point and scale), so joining is a copy.
     */
    record Concat(String name, String a, String b, String output, int axis) implements IntOp {
        public List<String> inputs() {
            return List.of(a, b);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec ta = tensors.apply(a);
            TensorSpec tb = tensors.apply(b);
            TensorSpec y = tensors.apply(output);
            if (ta.rank() != tb.rank() || axis < 0 || axis >= ta.rank()) {
                throw error("cannot join " + ta.shape() + " and " + tb.shape() + " along axis " + axis);
            }
            int[] shape = ta.shape().toArray();
            for (int i = 0; i < shape.length; i++) {
                if (i != axis && shape[i] != tb.dim(i)) {
                    throw error("'" + a + "' " + ta.shape() + " and '" + b + "' " + tb.shape() + " differ outside axis " + axis);
                }
            }
            shape[axis] += tb.dim(axis);
            checkShape(this, y, shape);
            for (TensorSpec t : List.of(ta, tb)) {
                checkSameIntegers(this, t, y);
                if (t.scale() != y.scale()) {
                    throw error("tensor '" + t.name() + "' has scale " + t.scale() + ", '" + output + "' " + y.scale()
                            + " (joining copies integers, so the scales must be equal)");
                }
            }
        }
    }

    /**
     * {@link Add} with B repeated along one axis of A: B has A's shape without {@code axis};
     * {@code Y[o, i, n] = clamp(z_y + roundShift((A[o, i, n] − z_a)·ma + (B[o, n] − z_b)·mb, k))} with o the axes
     * before {@code axis} and n those after (a window's date embedding over its series, the horizon's date
     * embedding over the context tokens).
     */
    record BroadcastAdd(String name, String a, String b, String output, int axis, int k, int ma, int mb) implements IntOp {
        public BroadcastAdd {
            checkShift(name, "BroadcastAdd", k);
            if (ma < 0 || mb < 0) {
                throw opError(name, "BroadcastAdd", "multipliers " + ma + ", " + mb + " must be ≥ 0 (scale ratios are positive)");
            }
        }

        public List<String> inputs() {
            return List.of(a, b);
        }

        public List<String> outputs() {
            return List.of(output);
        }

        /** Values of A before the axis, along it, and after it. */
        public int[] blocks(TensorSpec ta) {
            int outer = 1;
            int inner = 1;
            for (int i = 0; i < axis; i++) {
                outer *= ta.dim(i);
            }
            for (int i = axis + 1; i < ta.rank(); i++) {
                inner *= ta.dim(i);
            }
            return new int[] {outer, ta.dim(axis), inner};
        }

        public void check(Function<String, TensorSpec> tensors) {
            TensorSpec ta = tensors.apply(a);
            if (axis < 0 || axis >= ta.rank() || ta.rank() < 2) {
                throw error("axis " + axis + " outside '" + a + "' " + ta.shape());
            }
            int[] without = new int[ta.rank() - 1];
            for (int i = 0, j = 0; i < ta.rank(); i++) {
                if (i != axis) {
                    without[j++] = ta.dim(i);
                }
            }
            checkShape(this, tensors.apply(b), without);
            checkShape(this, tensors.apply(output), ta.shape().toArray());
        }
    }
}
