package org.intformer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The average against the closed form of an exponential moving average of a sequence of parameter values. */
class WeightAverageTest {
    private static final double DECAY = 0.95;

    @Test
    void theAverageIsTheClosedFormEmaOfTheSequenceOfValues() {
        SplittableRandom rng = new SplittableRandom(3);
        int steps = 60;
        Tensor a = Tensor.param(new float[3], 3);
        Tensor b = Tensor.param(new float[2], 2);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("a", a);
        params.put("b", b);
        float[][] seqA = new float[steps + 1][3];
        float[][] seqB = new float[steps + 1][2];
        for (int t = 0; t <= steps; t++) {
            for (int j = 0; j < 3; j++) {
                seqA[t][j] = (float) rng.nextGaussian();
            }
            for (int j = 0; j < 2; j++) {
                seqB[t][j] = (float) (10 + rng.nextGaussian());
            }
        }
        set(a, seqA[0]);
        set(b, seqB[0]);
        WeightAverage average = new WeightAverage(params, DECAY);
        for (int t = 1; t <= steps; t++) {
            set(a, seqA[t]);
            set(b, seqB[t]);
            average.update();
            assertClosedForm(average.values(0), seqA, t);
            assertClosedForm(average.values(1), seqB, t);
        }
    }

    /** avg_T = d^T·w_0 + Σ_{t=1..T} (1 − d)·d^(T−t)·w_t. */
    private static void assertClosedForm(float[] got, float[][] seq, int steps) {
        for (int j = 0; j < got.length; j++) {
            double expected = Math.pow(DECAY, steps) * seq[0][j];
            for (int t = 1; t <= steps; t++) {
                expected += (1 - DECAY) * Math.pow(DECAY, steps - t) * seq[t][j];
            }
            assertThat((double) got[j]).isCloseTo(expected, within(1e-5 * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void swappingInPutsTheAverageAndTheReturnedActionPutsBackTheLiveWeightsExactly() {
        Tensor w = Tensor.param(new float[] {1f, 2f}, 2);
        WeightAverage average = new WeightAverage(Map.of("w", w), 0.5);
        set(w, new float[] {3f, 0.1f});
        average.update();
        Runnable back = average.swapIn();
        assertThat(w.data()).containsExactly(2f, (float) (0.5 * 2 + 0.5 * (double) 0.1f));
        back.run();
        assertThat(w.data()).containsExactly(3f, 0.1f);
    }

    @Test
    void aDecayOutsideTheOpenUnitIntervalIsRefused() {
        Map<String, Tensor> params = Map.of("w", Tensor.param(new float[1], 1));
        for (double d : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new WeightAverage(params, d)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void set(Tensor t, float[] values) {
        System.arraycopy(values, 0, t.data(), 0, values.length);
    }
}
