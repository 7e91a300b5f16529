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

    static void validate(int formatVersion, String input, String output, Map<String, TensorSpec> tensors, List<IntOp> ops) {
        if (formatVersion != IntModel.FORMAT_VERSION) {
            throw new UserError("integer model format version " + formatVersion + " is not supported (this intformer has "
                    + IntModel.FORMAT_VERSION + ")");
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
                    throw op.error("writes tensor '" + out + "', which is " + (out.equals(input) ? "the model input" : "already produced"));
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
