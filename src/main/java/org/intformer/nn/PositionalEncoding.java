package org.intformer.nn;

/** Sinusoidal positional encodings, computed in double and rounded once. */
public final class PositionalEncoding {
    private PositionalEncoding() {
    }

    /** pe[t, 2i] = sin(t·ω_i), pe[t, 2i+1] = cos(t·ω_i), ω_i = exp(−2i·ln(10000)/d); flat [tokens, d]. */
    public static float[] sinusoidal(int tokens, int d) {
        float[] pe = new float[tokens * d];
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < d / 2; i++) {
                double w = Math.exp(-2.0 * i * Math.log(10000.0) / d);
                pe[t * d + 2 * i] = (float) Math.sin(t * w);
                pe[t * d + 2 * i + 1] = (float) Math.cos(t * w);
            }
        }
        return pe;
    }
}
