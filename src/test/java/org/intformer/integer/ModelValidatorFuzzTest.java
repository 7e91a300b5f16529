package org.intformer.integer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.fuzz.UserErrors;

/**
 * The validator (IntModel's constructor: structure, shapes, quantization rules, range analysis) against edited
 * models: a valid test model gets one to four edits (any field of an op or tensor spec, an op removed, repeated
 * or moved, another input or output). The edited model is rejected with a one-line user error, or it is valid,
 * and then the golden interpreter must run it on any window in the input's range without failing: validation is
 * what the interpreter and the hardware generator rely on.
 */
class ModelValidatorFuzzTest {
    private static final List<IntModel> SEEDS = List.copyOf(FuzzSeedModels.all().values());

    @FuzzTest(maxDuration = "10m")
    void editedModelsAreRejectedOrRun(FuzzedDataProvider data) {
        IntModel base = SEEDS.get(data.consumeInt(0, SEEDS.size() - 1));
        Map<String, TensorSpec> tensors = new LinkedHashMap<>(base.tensors());
        List<IntOp> ops = new ArrayList<>(base.ops());
        List<String> names = new ArrayList<>(tensors.keySet());
        String[] io = {base.input(), base.output()};
        int edits = data.consumeInt(1, 4);
        for (int e = 0; e < edits; e++) {
            switch (data.consumeInt(0, 5)) {
                case 0, 1 -> {
                    int i = data.consumeInt(0, ops.size() - 1);
                    IntOp edited = (IntOp) edit(ops.get(i), data, names);
                    if (edited != null) {
                        ops.set(i, edited);
                    }
                }
                case 2 -> {
                    String name = names.get(data.consumeInt(0, names.size() - 1));
                    TensorSpec edited = (TensorSpec) edit(tensors.get(name), data, names);
                    if (edited != null) {
                        tensors.put(data.consumeBoolean() ? name : edited.name(), edited);
                    }
                }
                case 3 -> {
                    if (ops.size() > 1) {
                        ops.remove(data.consumeInt(0, ops.size() - 1));
                    }
                }
                case 4 -> ops.add(data.consumeInt(0, ops.size()), ops.get(data.consumeInt(0, ops.size() - 1)));
                default -> io[data.consumeInt(0, 1)] = names.get(data.consumeInt(0, names.size() - 1));
            }
        }
        IntModel model;
        try {
            model = new IntModel(base.formatVersion(), io[0], io[1], tensors, ops, Map.of());
        } catch (UserError e) {
            UserErrors.only(() -> {
                throw e;
            });
            return;
        }
        TensorSpec in = model.inputSpec();
        int[] window = new int[in.size()];
        for (int i = 0; i < window.length; i++) {
            window[i] = data.consumeInt(in.min(), in.max());
        }
        new Interpreter(model).run(window);
    }

    /** The record with one component replaced by a fuzzed value, or null when its constructor refuses the value. */
    private static Object edit(Object record, FuzzedDataProvider data, List<String> names) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        int which = data.consumeInt(0, components.length - 1);
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                components[i].getAccessor().setAccessible(true);
                values[i] = components[i].getAccessor().invoke(record);
            }
            values[which] = fuzz(types[which], values[which], data, names);
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            return null; // the record itself refuses such a value: nothing for the validator to see
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object fuzz(Class<?> type, Object old, FuzzedDataProvider data, List<String> names) {
        if (type == int.class) {
            int v = (Integer) old;
            return switch (data.consumeInt(0, 3)) {
                case 0 -> v + data.consumeInt(-3, 3);
                case 1 -> data.consumeInt(-40, 40);
                default -> data.consumeInt();
            };
        }
        if (type == boolean.class) {
            return !(Boolean) old;
        }
        if (type == double.class) {
            return data.consumeBoolean() ? (Double) old * data.consumeDouble() : data.consumeRegularDouble();
        }
        if (type == String.class) {
            return data.consumeBoolean() ? names.get(data.consumeInt(0, names.size() - 1)) : data.consumeString(8);
        }
        if (type == IntArray.class) {
            int[] a = ((IntArray) old).toArray();
            return switch (data.consumeInt(0, 3)) {
                case 0 -> IntArray.of(java.util.Arrays.copyOf(a, Math.max(0, a.length + data.consumeInt(-2, 2))));
                case 1 -> IntArray.of(data.consumeInts(data.consumeInt(0, 6)));
                default -> {
                    if (a.length > 0) {
                        int i = data.consumeInt(0, a.length - 1);
                        a[i] = data.consumeBoolean() ? a[i] + data.consumeInt(-2, 2) : data.consumeInt();
                    }
                    yield IntArray.of(a);
                }
            };
        }
        if (type.isRecord()) {
            Object edited = edit(old, data, names);
            return edited == null ? old : edited;
        }
        throw new IllegalStateException("no fuzzing for " + type);
    }
}
