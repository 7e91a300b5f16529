package org.intformer.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BaselinesTest {

    @Test
    void naiveRepeatsTheLastValueOfEachOutputChannel() {
        float[][] v = new float[12][3];
        for (int r = 0; r < 12; r++) {
            v[r] = new float[] {r, 100 + r, 200 + r};
        }
        WindowSet ms = WindowSet.build(v, new RowRange(0, 12), 3, 2, new int[] {0, 1, 2}, new int[] {2});
        float[] p = Baselines.naive(ms);
        // window 0: rows 0..2 in, last target value 202, for both horizon steps
        assertThat(java.util.Arrays.copyOfRange(p, 0, 4)).containsExactly(202, 202, 203, 203);
        WindowSet m = WindowSet.build(v, new RowRange(0, 12), 3, 2, new int[] {0, 1, 2}, new int[] {0, 1, 2});
        assertThat(java.util.Arrays.copyOfRange(Baselines.naive(m), 0, 6)).containsExactly(2, 102, 202, 2, 102, 202);
    }

    @Test
    void linearRecoversAnExactlyLinearRelation() {
        // Inputs: random, targets: a fixed linear map of the window plus a constant. Least squares must find it.
        int n = 300;
        int lookback = 5;
        int inC = 2;
        int horizon = 3;
        int in = lookback * inC;
        SplittableRandom rng = new SplittableRandom(11);
        double[][] w = new double[in][horizon];
        double[] b = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            b[k] = rng.nextDouble(-1, 1);
            for (int j = 0; j < in; j++) {
                w[j][k] = rng.nextDouble(-1, 1);
            }
        }
        float[] x = new float[n * in];
        float[] y = new float[n * horizon];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < in; j++) {
                x[i * in + j] = (float) rng.nextDouble(-2, 2);
            }
            for (int k = 0; k < horizon; k++) {
                double s = b[k];
                for (int j = 0; j < in; j++) {
                    s += w[j][k] * x[i * in + j];
                }
                y[i * horizon + k] = (float) s;
            }
        }
        WindowSet ws = new WindowSet(x, y, n, lookback, horizon, new int[] {0, 1}, new int[] {1}, lookback);
        LinearBaseline model = Baselines.linear(ws);
        for (int k = 0; k < horizon; k++) {
            assertThat(model.weight(in, k)).isCloseTo(b[k], within(1e-4));
            for (int j = 0; j < in; j++) {
                assertThat(model.weight(j, k)).isCloseTo(w[j][k], within(1e-4));
            }
        }
        assertThat(Metrics.of(model.predict(ws), ws).mse()).isLessThan(1e-8);
        // fitted twice: the same bits
        assertThat(Baselines.linear(ws).predict(ws)).containsExactly(model.predict(ws));
    }

    @Test
    void choleskySolvesASmallSystem() {
        double[] a = {4, 0, 0, 2, 5, 0, 0, 1, 3};   // lower triangle of [[4,2,0],[2,5,1],[0,1,3]]
        double[] rhs = {2, 10, 1, 8, 0, 7};           // two right-hand sides, row-major 3×2
        Cholesky.factor(a, 3);
        Cholesky.solve(a, 3, rhs, 2);
        // multiplying the solutions back must give the right-hand sides
        double[][] m = {{4, 2, 0}, {2, 5, 1}, {0, 1, 3}};
        double[][] expectRhs = {{2, 10}, {1, 8}, {0, 7}};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 2; c++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += m[r][k] * rhs[k * 2 + c];
                }
                assertThat(s).isCloseTo(expectRhs[r][c], within(1e-12));
            }
        }
    }
}
