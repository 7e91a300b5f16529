package org.intformer.tensor;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesOpsTest {
    private final SplittableRandom rng = new SplittableRandom(11);

    @Test
    void swapLastTwoMovesEveryValueAndItsGradient() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        Tensor y = SeriesOps.swapLastTwo(new Graph(GradCheck.compute(), false), x);
        assertThat(y.shape()).containsExactly(1, 3, 2);
        assertThat(y.data()).containsExactly(1, 4, 2, 5, 3, 6);
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 3, 4)), (g, in) -> SeriesOps.swapLastTwo(g, in.get(0)), 2e-3);
    }

    @Test
    void addAlongRepeatsTheSmallerTensorOverOneAxis() {
        Tensor a = Tensor.of(new float[] {0, 0, 0, 0, 10, 10, 10, 10}, 2, 2, 2);
        Tensor b = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Graph g = new Graph(GradCheck.compute(), false);
        // along axis 1: z[o, i, n] = a[o, i, n] + b[o, n]
        assertThat(SeriesOps.addAlong(g, a, b, 1).data()).containsExactly(1, 2, 1, 2, 13, 14, 13, 14);
        // along axis 0: z[i, n0, n1] = a + b[n0, n1]
        assertThat(SeriesOps.addAlong(g, a, b, 0).data()).containsExactly(1, 2, 3, 4, 11, 12, 13, 14);
        for (int axis = 0; axis < 3; axis++) {
            int[] bShape = switch (axis) {
                case 0 -> new int[] {3, 4};
                case 1 -> new int[] {2, 4};
                default -> new int[] {2, 3};
            };
            int ax = axis;
            GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 3, 4), GradCheck.randomParam(rng, bShape)),
                    (gg, in) -> SeriesOps.addAlong(gg, in.get(0), in.get(1), ax), 2e-3);
        }
        assertThatThrownBy(() -> SeriesOps.addAlong(g, a, Tensor.zeros(3, 2), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concatJoinsAlongAnAxis() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2);
        Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 1, 2);
        Tensor z = SeriesOps.concat(new Graph(GradCheck.compute(), false), a, b, 1);
        assertThat(z.shape()).containsExactly(2, 2, 2);
        assertThat(z.data()).containsExactly(1, 2, 5, 6, 3, 4, 7, 8);
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 3, 4), GradCheck.randomParam(rng, 2, 1, 4)),
                (g, in) -> SeriesOps.concat(g, in.get(0), in.get(1), 1), 2e-3);
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 3), GradCheck.randomParam(rng, 1, 3)),
                (g, in) -> SeriesOps.concat(g, in.get(0), in.get(1), 0), 2e-3);
    }
}
