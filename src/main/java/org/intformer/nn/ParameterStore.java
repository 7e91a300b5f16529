package org.intformer.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.tensor.Tensor;

/**
 * The named tensors of a model in creation order: trainable parameters and buffers (running statistics).
 * Names follow docs/MODEL.md so that files and PyTorch fixtures map one to one.
 */
public final class ParameterStore {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final SplittableRandom rng;

    ParameterStore(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    /** A parameter uniform in ±bound, as PyTorch initialises linear layers. */
    Tensor uniform(String name, float bound, int... shape) {
        Tensor t = Tensor.param(new float[Math.toIntExact(org.intformer.tensor.Shapes.size(shape))], shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return register(params, name, t);
    }

    Tensor filledParam(String name, float value, int... shape) {
        Tensor t = Tensor.param(new float[Math.toIntExact(org.intformer.tensor.Shapes.size(shape))], shape);
        java.util.Arrays.fill(t.data(), value);
        return register(params, name, t);
    }

    Tensor filledBuffer(String name, float value, int... shape) {
        Tensor t = Tensor.zeros(shape);
        java.util.Arrays.fill(t.data(), value);
        return register(buffers, name, t);
    }

    private Tensor register(Map<String, Tensor> into, String name, Tensor t) {
        if (params.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalStateException("duplicate tensor name " + name);
        }
        into.put(name, t);
        return t;
    }

    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(params);
    }

    public Map<String, Tensor> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** Copies values into the named tensors; names and sizes must match exactly. */
    void load(Map<String, float[]> values) {
        Map<String, Tensor> all = all();
        if (!all.keySet().equals(values.keySet())) {
            throw new IllegalArgumentException("tensor names differ: model has " + all.keySet() + ", given " + values.keySet());
        }
        for (var e : all.entrySet()) {
            float[] src = values.get(e.getKey());
            if (src.length != e.getValue().size()) {
                throw new IllegalArgumentException(e.getKey() + ": expected " + e.getValue().size() + " values, got " + src.length);
            }
            System.arraycopy(src, 0, e.getValue().data(), 0, src.length);
        }
    }

    /** A copy of every tensor's values and the action that puts exactly them back. */
    Runnable checkpoint() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        all().forEach((k, v) -> copy.put(k, v.data().clone()));
        return () -> load(copy);
    }

    /** Parameters then buffers, in creation order. */
    public Map<String, Tensor> all() {
        Map<String, Tensor> m = new LinkedHashMap<>(params);
        m.putAll(buffers);
        return Collections.unmodifiableMap(m);
    }
}
