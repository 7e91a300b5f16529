package org.intformer.integer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.intformer.UserError;

/**
 * The structural checks of an {@link IntModel}: names, data flow (every tensor produced exactly once, before
 * it is read) and each op's own shape and quantization rules.
 */
final class ModelValidator {

    private ModelValidator() {
    }

    /**
     * The lowest IR version that holds a model: 2 when it has extra inputs, a version-2 op or a grouped
     * attention or pooling op (a leading group axis), else 1.
     */
    static int requiredVersion(List<String> extraInputs, Map<String, TensorSpec> tensors, List<IntOp> ops) {
        if (!extraInputs.isEmpty()) {
            return 2;
        }
        for (IntOp op : ops) {
            if (op instanceof IntOp.Transpose || op instanceof IntOp.Slice || op instanceof IntOp.Concat
                    || op instanceof IntOp.BroadcastAdd) {
                return 2;
            }
            String first = op.inputs().get(0);
            TensorSpec in = tensors.get(first);
            boolean grouped = op instanceof IntOp.AttentionScores || op instanceof IntOp.MeanTokens || op instanceof IntOp.LastToken
                    ? in != null && in.rank() == 3
                    : op instanceof IntOp.AttentionApply && in != null && in.rank() == 4;
            if (grouped) {
                return 2;
            }
        }
        return 1;
    }

    static void validate(int formatVersion, String input, List<String> extraInputs, String output,
                         Map<String, TensorSpec> tensors, List<IntOp> ops) {
        if (formatVersion < 1 || formatVersion > IntModel.FORMAT_VERSION) {
            throw new UserError("integer model format version " + formatVersion + " is not supported (this intformer has "
                    + "1 to " + IntModel.FORMAT_VERSION + ")");
        }
        if (formatVersion < requiredVersion(extraInputs, tensors, ops)) {
            throw new UserError("integer model of format version " + formatVersion + " uses what version "
                    + requiredVersion(extraInputs, tensors, ops) + " added (extra inputs, series ops or grouped attention)");
        }
        tensors.forEach((name, spec) -> {
            if (!name.equals(spec.name())) {
                throw new UserError("tensor '" + spec.name() + "' is registered under the name '" + name + "'");
            }
        });
        if (!tensors.containsKey(input)) {
            throw new UserError("model input '" + input + "' is not a declared tensor");
        }
        if (!tensors.containsKey(output)) {
            throw new UserError("model output '" + output + "' is not a declared tensor");
        }
        if (ops.isEmpty()) {
            throw new UserError("integer model has no operations");
        }
        Set<String> available = new HashSet<>();
        available.add(input);
        for (String extra : extraInputs) {
            if (!tensors.containsKey(extra)) {
                throw new UserError("model input '" + extra + "' is not a declared tensor");
            }
            if (!available.add(extra)) {
                throw new UserError("model input '" + extra + "' is listed twice");
            }
        }
        Set<String> opNames = new HashSet<>();
        for (IntOp op : ops) {
            if (op.name() == null || op.name().isBlank()) {
                throw new UserError("an op of type " + op.kind() + " has an empty name");
            }
            if (!opNames.add(op.name())) {
                throw op.error("duplicate op name");
            }
            for (String in : op.inputs()) {
                if (!tensors.containsKey(in)) {
                    throw op.error("reads undeclared tensor '" + in + "'");
                }
                if (!available.contains(in)) {
                    throw op.error("reads tensor '" + in + "' before any op produces it");
                }
            }
            for (String out : op.outputs()) {
                if (!tensors.containsKey(out)) {
                    throw op.error("writes undeclared tensor '" + out + "'");
                }
                if (!available.add(out)) {
                    throw op.error("writes tensor '" + out + "', which is " + (out.equals(input) ? "the model input"
                            : extraInputs.contains(out) ? "a model input" : "already produced"));
                }
            }
            op.check(tensors::get);
        }
        for (String name : tensors.keySet()) {
            if (!available.contains(name)) {
                throw new UserError("tensor '" + name + "' is declared but no op produces it");
            }
        }
    }
}
