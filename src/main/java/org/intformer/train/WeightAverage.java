package org.intformer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.intformer.tensor.Tensor;

/**
 * An exponential moving average (Polyak averaging) of a model's trainable parameters, updated after every optimiser
 * step: {@code avg ← decay·avg + (1 − decay)·w}, started at the parameters' values when training starts (so early in
 * a run the average stays near the starting state: for a model started at the least-squares fit that is a pull
 * towards it). Kept in double so that a decay close to 1 does not lose the small increments; the update is one
 * element at a time in a fixed order, the same for any thread count.
 */
public final class WeightAverage {
    private final double decay;
    private final List<Tensor> params;
    private final List<double[]> mean = new ArrayList<>();

    /** An average of {@code params} (in the map's order) starting at their current values. */
    public WeightAverage(Map<String, Tensor> params, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.params = List.copyOf(params.values());
        for (Tensor p : this.params) {
            float[] w = p.data();
            double[] m = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                m[j] = w[j];
            }
            mean.add(m);
        }
    }

    /** Folds the parameters' current values into the average (after an optimiser step). */
    public void update() {
        double keep = decay;
        double take = 1 - decay;
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).data();
            double[] m = mean.get(i);
            for (int j = 0; j < w.length; j++) {
                m[j] = keep * m[j] + take * w[j];
            }
        }
    }

    /** The averaged values of the {@code index}-th parameter, rounded to float as the model would hold them. */
    public float[] values(int index) {
        double[] m = mean.get(index);
        float[] out = new float[m.length];
        for (int j = 0; j < m.length; j++) {
            out[j] = (float) m[j];
        }
        return out;
    }

    /** Puts the averaged values into the parameters and returns the action that puts back the values they held. */
    public Runnable swapIn() {
        List<float[]> live = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).data();
            live.add(w.clone());
            System.arraycopy(values(i), 0, w, 0, w.length);
        }
        return () -> {
            for (int i = 0; i < params.size(); i++) {
                float[] w = live.get(i);
                System.arraycopy(w, 0, params.get(i).data(), 0, w.length);
            }
        };
    }
}
