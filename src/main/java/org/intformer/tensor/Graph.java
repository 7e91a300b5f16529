package org.intformer.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A reverse-mode tape for one forward pass. Ops append a backward step when any input needs a gradient;
 * {@link #backward} replays them in reverse. A graph built with {@code training = false} records nothing,
 * so inference pays no bookkeeping.
 */
public final class Graph {
    /** Propagates the output gradient of one op into its inputs' gradients. */
    @FunctionalInterface
    interface BackwardStep {
        void run();
    }

    private final Compute compute;
    private final boolean training;
    private final List<BackwardStep> tape = new ArrayList<>();

    public Graph(Compute compute, boolean training) {
        this.compute = compute;
        this.training = training;
    }

    public Compute compute() {
        return compute;
    }

    /** Training mode: gradients are recorded, dropout is active, batch norm uses batch statistics. */
    public boolean training() {
        return training;
    }

    /** True when the op producing from these inputs must record a backward step. */
    boolean needsGrad(Tensor... inputs) {
        if (!training) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    void record(BackwardStep step) {
        tape.add(step);
    }

    /** Adds the gradient of a one-input op's output (dz) into its input's gradient (dx). */
    @FunctionalInterface
    interface GradientRule {
        void addInto(float[] dz, float[] dx);
    }

    /**
     * The result z of an op with one input x; when x needs a gradient, records the step that applies
     * {@code rule} once the output's gradient is known.
     */
    Tensor unary(Tensor x, float[] z, int[] shape, GradientRule rule) {
        boolean needs = needsGrad(x);
        Tensor out = Tensor.result(z, needs, shape);
        if (needs) {
            record(() -> {
                if (out.grad() != null) {
                    rule.addInto(out.grad(), x.gradOrAlloc());
                }
            });
        }
        return out;
    }

    /** Seeds d(loss)/d(loss) = 1 and runs the tape backwards. */
    public void backward(Tensor loss) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss, got " + loss);
        }
        if (!loss.requiresGrad()) {
            throw new IllegalStateException("loss does not depend on any parameter");
        }
        loss.gradOrAlloc()[0] = 1f;
        for (int i = tape.size() - 1; i >= 0; i--) {
            tape.get(i).run();
        }
        tape.clear();
    }
}
