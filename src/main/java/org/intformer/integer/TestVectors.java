package org.intformer.integer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.io.AtomicFiles;
import org.intformer.io.Json;

/**
 * Dumps every tensor of one inference for hardware testbenches ({@code $readmemh}-style): one text file per
 * tensor, one value per line in row-major order, as lower-case hex of the value's two's complement at the
 * tensor's bit width (⌈bits/4⌉ digits; unsigned tensors are their plain value), plus {@code manifest.json}
 * describing the files.
 */
public final class TestVectors {

    public static final String MANIFEST = "manifest.json";

    private TestVectors() {
    }

    /**
     * Runs {@code model} on {@code input} and writes the input and every produced tensor into {@code dir}
     * (created if missing) as {@code NN_name.hex}, NN being the tensor's position in execution order.
     *
     * @return the interpreter's result for the window, intermediates included
     */
    public static Interpreter.Result dump(IntModel model, int[] input, Path dir) {
        return dump(model, List.of(input), dir);
    }

    /** {@link #dump(IntModel, int[], Path)} for a model with extra inputs: the window, then each extra input. */
    public static Interpreter.Result dump(IntModel model, List<int[]> inputs, Path dir) {
        Interpreter.Result result = new Interpreter(model).run(inputs, true);
        Map<String, String> producers = new HashMap<>();
        for (IntOp op : model.ops()) {
            op.outputs().forEach(out -> producers.put(out, op.name()));
        }
        List<Map<String, Object>> files = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, int[]> tensor : result.tensors().entrySet()) {
            TensorSpec spec = model.tensor(tensor.getKey());
            String file = String.format("%02d_%s.hex", index, spec.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
            AtomicFiles.writeString(dir.resolve(file), hex(tensor.getValue(), spec.bits()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", index);
            entry.put("name", spec.name());
            entry.put("file", file);
            entry.put("shape", spec.shape().toArray());
            entry.put("bits", spec.bits());
            entry.put("signed", spec.signed());
            entry.put("zeroPoint", spec.zeroPoint());
            entry.put("scale", spec.scale());
            entry.put("producer", producers.get(spec.name()));
            entry.put("values", tensor.getValue().length);
            files.add(entry);
            index++;
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "intformer-test-vectors");
        manifest.put("version", 1);
        manifest.put("encoding", "hex, one value per line, two's complement at the tensor's bits, row-major");
        manifest.put("input", model.input());
        if (!model.extraInputs().isEmpty()) {
            manifest.put("extra_inputs", model.extraInputs());
        }
        manifest.put("output", model.output());
        manifest.put("tensors", files);
        manifest.put("saturations", result.saturations());
        Json.writeAtomically(dir.resolve(MANIFEST), manifest);
        return result;
    }

    /** The lines of one tensor file. */
    static String hex(int[] values, int bits) {
        int digits = (bits + 3) / 4;
        long mask = (1L << bits) - 1;
        String format = "%0" + digits + "x\n";
        StringBuilder text = new StringBuilder(values.length * (digits + 1));
        for (int v : values) {
            text.append(String.format(format, v & mask));
        }
        return text.toString();
    }
}
