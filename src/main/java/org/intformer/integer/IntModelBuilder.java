package org.intformer.integer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;

/**
 * Builds an {@link IntModel} in execution order: declare the input, then add each op together with the
 * tensors it produces, then name the output. All checks happen in {@link #build()} (the IntModel
 * constructor), except duplicate tensor names, which are caught as they are declared.
 *
 * <pre>{@code
 * IntModel m = new IntModelBuilder()
 *         .input(TensorSpec.signed("x", 8, 0.05, 0, 96, 1))
 *         .op(new IntOp.RelativeInput("rel", "x", "xr", "last"), TensorSpec.signed("xr", 9, 0.05, 0, 96, 1),
 *             TensorSpec.signed("last", 8, 0.05, 0, 1))
 *         ...
 *         .output("y")
 *         .build();
 * }</pre>
 */
public final class IntModelBuilder {

    private final Map<String, TensorSpec> tensors = new LinkedHashMap<>();
    private final List<IntOp> ops = new ArrayList<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private String input;
    private final List<String> extraInputs = new ArrayList<>();
    private String output;

    /** Declares the model's input window tensor. */
    public IntModelBuilder input(TensorSpec spec) {
        declare(spec);
        input = spec.name();
        return this;
    }

    /** Declares a further input the host writes besides the window (IR version 2: the date features). */
    public IntModelBuilder extraInput(TensorSpec spec) {
        declare(spec);
        extraInputs.add(spec.name());
        return this;
    }

    /** Appends {@code op} and declares the tensors it writes. */
    public IntModelBuilder op(IntOp op, TensorSpec... outputs) {
        for (TensorSpec spec : outputs) {
            declare(spec);
        }
        ops.add(op);
        return this;
    }

    /** Names the forecast tensor; defaults to the first output of the last op. */
    public IntModelBuilder output(String name) {
        output = name;
        return this;
    }

    /** Adds one metadata entry (configuration, provenance); must be writable as JSON. */
    public IntModelBuilder metadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    /** The tensor declared as {@code name}, to derive the next op's specs from. */
    public TensorSpec tensor(String name) {
        TensorSpec spec = tensors.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' declared yet");
        }
        return spec;
    }

    public IntModel build() {
        if (input == null) {
            throw new UserError("integer model has no input tensor");
        }
        String out = output != null ? output : ops.isEmpty() ? input : ops.get(ops.size() - 1).outputs().get(0);
        return new IntModel(ModelValidator.requiredVersion(extraInputs, tensors, ops), input, out, tensors, ops, metadata,
                extraInputs);
    }

    private void declare(TensorSpec spec) {
        if (tensors.putIfAbsent(spec.name(), spec) != null) {
            throw new UserError("tensor '" + spec.name() + "' declared twice");
        }
    }
}
