package org.intformer.integer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;

/**
 * An integer-only model: named quantized tensors and the ops that compute them, in execution order, exactly
 * as {@code docs/INTEGER.md} defines them. Immutable, and valid by construction: the constructor checks the
 * data flow, every op's shapes and constants ({@link ModelValidator}) and runs the {@link RangeAnalysis}, so
 * any IntModel that exists can be interpreted without overflow.
 *
 * @param formatVersion version of the IR's definition: 1, or 2 ({@link #FORMAT_VERSION}) when the model uses
 *                      what version 2 added (extra inputs, Transpose, Slice, Concat, BroadcastAdd, grouped
 *                      attention and pooling)
 * @param input         the window tensor [L, m]
 * @param output        the forecast tensor [H, c]
 * @param tensors       every tensor by name, in declaration order (input first by convention)
 * @param metadata      free-form JSON-able description: configuration, provenance, metrics. Copied one level
 *                      deep; nested maps and lists should not be changed after construction.
 * @param extraInputs   tensors the host writes besides the window, in this order (IR version 2): the date
 *                      features [L + H, f] of the inter-series model; empty for most models
 * @throws UserError one line naming the op or tensor at fault
 */
public record IntModel(int formatVersion, String input, String output, Map<String, TensorSpec> tensors,
                       List<IntOp> ops, Map<String, Object> metadata, List<String> extraInputs) {

    /** The newest IR version this code reads and writes; models are written with the lowest version they need. */
    public static final int FORMAT_VERSION = 2;

    public IntModel {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        ops = List.copyOf(ops);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        extraInputs = List.copyOf(extraInputs);
        ModelValidator.validate(formatVersion, input, extraInputs, output, tensors, ops);
        RangeAnalysis.of(input, tensors, ops);
    }

    /** A model whose only input is the window. */
    public IntModel(int formatVersion, String input, String output, Map<String, TensorSpec> tensors, List<IntOp> ops,
                    Map<String, Object> metadata) {
        this(formatVersion, input, output, tensors, ops, metadata, List.of());
    }

    /** The tensor called {@code name}. */
    public TensorSpec tensor(String name) {
        TensorSpec spec = tensors.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no tensor '" + name + "'");
        }
        return spec;
    }

    public TensorSpec inputSpec() {
        return tensor(input);
    }

    public TensorSpec outputSpec() {
        return tensor(output);
    }

    /** Accumulator bounds per op (recomputed; cheap next to one inference per weight). */
    public RangeAnalysis rangeAnalysis() {
        return RangeAnalysis.of(this);
    }

    /**
     * Multiply-accumulates of {@code op} in one inference: the products summed into its accumulator (Linear,
     * AttentionScores, AttentionApply; Add counts two per value and ChannelAffine one). Requantization
     * multiplies (one per output value) and the softmax division are not counted.
     */
    public long macs(IntOp op) {
        if (op instanceof IntOp.Linear l) {
            return (long) tensor(l.input()).size() * l.outFeatures();
        } else if (op instanceof IntOp.AttentionScores s) {
            return (long) tensor(s.output()).size() * (tensor(s.query()).dim(-1) / s.heads());
        } else if (op instanceof IntOp.AttentionApply a) {
            return (long) tensor(a.output()).size() * tensor(a.value()).dim(-2);
        } else if (op instanceof IntOp.Add a) {
            return 2L * tensor(a.output()).size();
        } else if (op instanceof IntOp.BroadcastAdd a) {
            return 2L * tensor(a.output()).size();
        } else if (op instanceof IntOp.ChannelAffine c) {
            return tensor(c.output()).size();
        }
        return 0;
    }

    /** Multiply-accumulates of one inference, summed over the ops. */
    public long macs() {
        return ops.stream().mapToLong(this::macs).sum();
    }

    /** A table of the ops: type, name, output shape and bits, accumulator bits, MACs; then the total. */
    public String describe() {
        List<RangeAnalysis.Entry> bounds = rangeAnalysis().entries();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "op", "name", "output", "shape", "bits", "acc bits", "MACs"});
        for (int i = 0; i < ops.size(); i++) {
            IntOp op = ops.get(i);
            TensorSpec out = tensor(op.outputs().get(0));
            rows.add(new String[] {Integer.toString(i), op.kind(), op.name(), out.name(), out.shape().toString(),
                (out.signed() ? "s" : "u") + out.bits(), Integer.toString(bounds.get(i).bits()), Long.toString(macs(op))});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                String cell = c == row.length - 1 || c == 6 || c == 0 ? " ".repeat(widths[c] - row[c].length()) + row[c]
                        : row[c] + " ".repeat(widths[c] - row[c].length());
                text.append(cell).append(c == row.length - 1 ? "\n" : "  ");
            }
        }
        text.append("input ").append(input).append(' ').append(inputSpec().shape());
        for (String extra : extraInputs) {
            text.append(", input ").append(extra).append(' ').append(tensor(extra).shape());
        }
        text.append(", output ").append(output)
                .append(' ').append(outputSpec().shape()).append(", ").append(ops.size()).append(" ops, ")
                .append(macs()).append(" MACs per inference\n");
        return text.toString();
    }
}
