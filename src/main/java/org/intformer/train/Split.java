package org.intformer.train;

/**
 * Windows of one data split as the trainer sees them: inputs [n, lookback, inChannels] and targets
 * [n, horizon, outChannels], flat and z-scored.
 */
public record Split(float[] x, float[] y, int n) {
    public int inputsPerWindow() {
        return x.length / n;
    }

    public int targetsPerWindow() {
        return y.length / n;
    }
}
