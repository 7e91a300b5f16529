package org.intformer.quant;

import org.intformer.tensor.Graph;
import org.intformer.tensor.QuantOps;
import org.intformer.tensor.Tensor;

/**
 * Biases live in the accumulator: 32-bit integers at scale S_x·S_w (per output channel when the weights are),
 * so that they add to Σ (x − z_x)·w without a requantization (docs/INTEGER.md, {@code Linear}).
 */
public final class BiasQuantizer {
    private BiasQuantizer() {
    }

    /** The bias scales S_x·S_w[o], one per output (weightScales has one entry or one per output). */
    public static double[] scales(int outputs, double inputScale, double[] weightScales) {
        if (weightScales.length != 1 && weightScales.length != outputs) {
            throw new IllegalArgumentException("bias: " + weightScales.length + " weight scales for " + outputs + " outputs");
        }
        double[] s = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            s[o] = inputScale * weightScales[weightScales.length == 1 ? 0 : o];
        }
        return s;
    }

    /** roundHalfAway(b/(S_x·S_w)) per output; fails when a value does not fit in 32 signed bits. */
    public static int[] quantizeBias(float[] bias, double inputScale, double[] weightScales) {
        double[] s = scales(bias.length, inputScale, weightScales);
        int[] q = new int[bias.length];
        for (int o = 0; o < bias.length; o++) {
            double r = QuantGrid.roundHalfAway(bias[o] / s[o]);
            if (!(r >= Integer.MIN_VALUE && r <= Integer.MAX_VALUE)) {
                throw new ArithmeticException("bias[" + o + "] = " + bias[o] + " at scale " + s[o]
                        + " needs " + r + ", beyond 32 bits");
            }
            q[o] = (int) r;
        }
        return q;
    }

    /**
     * The bias as the integer model sees it, for the QAT forward: per-output fake quantization at S_x·S_w on the
     * 32-bit range, with a straight-through gradient.
     */
    public static Tensor fakeQuant(Graph g, Tensor bias, double inputScale, double[] weightScales) {
        double[] s = scales(bias.dim(-1), inputScale, weightScales);
        return QuantOps.fakeQuantPerChannel(g, bias, s, Integer.MIN_VALUE, Integer.MAX_VALUE, null, 0);
    }
}
