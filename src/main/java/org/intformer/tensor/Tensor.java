package org.intformer.tensor;

import java.util.Arrays;

/**
 * A dense row-major float tensor, optionally a node of a {@link Graph}.
 *
 * <p>Data is exposed as a plain array because every kernel works on arrays with offsets; a tensor made by an op
 * owns its array. {@code grad} is allocated lazily by {@link Graph#backward} for tensors that need it.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;
    private final boolean requiresGrad;
    float[] grad;

    private Tensor(int[] shape, float[] data, boolean requiresGrad) {
        long size = Shapes.size(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
        this.requiresGrad = requiresGrad;
    }

    /** A constant (no gradient) wrapping {@code data} without copying. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(shape, data, false);
    }

    /** A zero-filled constant. */
    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new float[Math.toIntExact(Shapes.size(shape))], false);
    }

    /** A trainable parameter wrapping {@code data} without copying. */
    public static Tensor param(float[] data, int... shape) {
        return new Tensor(shape, data, true);
    }

    /** The result of an op: needs a gradient when any input does. */
    static Tensor result(float[] data, boolean requiresGrad, int... shape) {
        return new Tensor(shape, data, requiresGrad);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    public float[] data() {
        return data;
    }

    /** The gradient after {@link Graph#backward}; null when none flowed here. */
    public float[] grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Gradient array, allocated on first use. */
    float[] gradOrAlloc() {
        if (grad == null) {
            grad = new float[data.length];
        }
        return grad;
    }

    public void zeroGrad() {
        grad = null;
    }

    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() on a tensor of " + data.length + " values");
        }
        return data[0];
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
