package org.intformer.tensor;

/** Scalar transcendental functions used by ops. */
final class MathKernels {
    private MathKernels() {
    }

    static float exp(float x) {
        return (float) Math.exp(x);
    }

    static float tanh(float x) {
        return (float) Math.tanh(x);
    }
}
