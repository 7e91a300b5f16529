package org.intformer.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ComputeTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {7, 3, 5}, {100, 16, 8}, {1300, 32, 32}, {2049, 24, 17}};

    /** Outputs of one forward + backward: y, dx, dw, dbias. */
    private record Run(float[] y, float[] dx, float[] dw, float[] db) {
    }

    private static Run run(Kernels kernels, int threads, int n, int k, int o, long seed) {
        Random rnd = new Random(seed);
        float[] x = KernelsTest.random(rnd, n * k);
        float[] w = KernelsTest.random(rnd, k * o);
        float[] bias = KernelsTest.random(rnd, o);
        float[] dy = KernelsTest.random(rnd, n * o);
        float[] y = new float[n * o];
        float[] dx = KernelsTest.random(rnd, n * k);
        float[] dw = KernelsTest.random(rnd, k * o);
        float[] db = KernelsTest.random(rnd, o);
        try (Compute c = new Compute(kernels, new Parallel(threads))) {
            c.linearForward(x, n, k, w, o, bias, y);
            c.linearBackward(x, dy, n, k, o, w, dx, dw, db);
        }
        return new Run(y, dx, dw, db);
    }

    @Test
    void linearIsBitIdenticalForAnyThreadCountAndKernel() {
        Kernels vector = KernelsFactory.vectorOrNull();
        for (int[] s : SHAPES) {
            Run ref = run(new ScalarKernels(), 1, s[0], s[1], s[2], 7);
            for (int threads = 1; threads <= 3; threads++) {
                for (Kernels kernels : new Kernels[] {new ScalarKernels(), vector}) {
                    Run got = run(kernels, threads, s[0], s[1], s[2], 7);
                    String what = kernels.name() + " threads=" + threads + " shape=" + java.util.Arrays.toString(s);
                    assertThat(got.y).as("y " + what).isEqualTo(ref.y);
                    assertThat(got.dx).as("dx " + what).isEqualTo(ref.dx);
                    assertThat(got.dw).as("dw " + what).isEqualTo(ref.dw);
                    assertThat(got.db).as("db " + what).isEqualTo(ref.db);
                }
            }
        }
    }

    @Test
    void linearMatchesDoublePrecisionBruteForce() {
        int n = 1100;
        int k = 9;
        int o = 13;
        Random rnd = new Random(11);
        float[] x = KernelsTest.random(rnd, n * k);
        float[] w = KernelsTest.random(rnd, k * o);
        float[] bias = KernelsTest.random(rnd, o);
        float[] dy = KernelsTest.random(rnd, n * o);
        float[] y = new float[n * o];
        float[] dx = new float[n * k];
        float[] dw = new float[k * o];
        float[] db = new float[o];
        try (Compute c = new Compute(KernelsFactory.best(), new Parallel(2))) {
            c.linearForward(x, n, k, w, o, bias, y);
            c.linearBackward(x, dy, n, k, o, w, dx, dw, db);
        }
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < o; j++) {
                double s = bias[j];
                for (int i = 0; i < k; i++) {
                    s += (double) x[r * k + i] * w[i * o + j];
                }
                assertThat((double) y[r * o + j]).isCloseTo(s, within(1e-5 * (1 + Math.abs(s))));
            }
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int j = 0; j < o; j++) {
                    s += (double) dy[r * o + j] * w[i * o + j];
                }
                assertThat((double) dx[r * k + i]).isCloseTo(s, within(1e-5 * (1 + Math.abs(s))));
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < o; j++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += (double) x[r * k + i] * dy[r * o + j];
                }
                assertThat((double) dw[i * o + j]).isCloseTo(s, within(1e-4 * (10 + Math.abs(s))));
            }
        }
        for (int j = 0; j < o; j++) {
            double s = 0;
            for (int r = 0; r < n; r++) {
                s += dy[r * o + j];
            }
            assertThat((double) db[j]).isCloseTo(s, within(1e-4 * (10 + Math.abs(s))));
        }
    }

    @Test
    void nullDxAndBiasAreSkipped() {
        Random rnd = new Random(5);
        float[] x = KernelsTest.random(rnd, 600 * 4);
        float[] dy = KernelsTest.random(rnd, 600 * 3);
        float[] w = KernelsTest.random(rnd, 12);
        float[] dw = new float[12];
        float[] dwWithBias = new float[12];
        try (Compute c = new Compute(KernelsFactory.best(), new Parallel(2))) {
            c.linearBackward(x, dy, 600, 4, 3, w, null, dw, null);
            c.linearBackward(x, dy, 600, 4, 3, w, null, dwWithBias, new float[3]);
            float[] y = new float[600 * 3];
            c.linearForward(x, 600, 4, w, 3, null, y);
        }
        assertThat(dw).isEqualTo(dwWithBias);
    }

    @Test
    void bmmMatchesPerMatrixGemmForEveryLayoutAndThreadCount() {
        Random rnd = new Random(9);
        int batch = 5;
        int m = 37;
        int n = 29;
        int k = 19;
        float[] a = KernelsTest.random(rnd, batch * m * k + 3);
        float[] b = KernelsTest.random(rnd, batch * k * n + 3);
        float[] c0 = KernelsTest.random(rnd, batch * m * n + 3);
        Kernels ref = new ScalarKernels();
        for (int layout = 0; layout < 3; layout++) {
            boolean ta = layout == 1;
            boolean tb = layout == 2;
            int lda = ta ? m : k;
            int ldb = tb ? k : n;
            float[] want = c0.clone();
            for (int bi = 0; bi < batch; bi++) {
                int ao = 1 + bi * m * k;
                int bo = 2 + bi * k * n;
                int co = 3 + bi * m * n;
                if (ta) {
                    ref.gemmTransA(m, n, k, a, ao, lda, b, bo, ldb, want, co, n, true);
                } else if (tb) {
                    ref.gemmTransB(m, n, k, a, ao, lda, b, bo, ldb, want, co, n, true);
                } else {
                    ref.gemm(m, n, k, a, ao, lda, b, bo, ldb, want, co, n, true);
                }
            }
            for (int threads = 1; threads <= 3; threads++) {
                float[] got = c0.clone();
                try (Compute c = new Compute(KernelsFactory.best(), new Parallel(threads))) {
                    c.bmm(batch, m, n, k, a, 1, lda, m * k, ta, b, 2, ldb, k * n, tb, got, 3, n, m * n, true);
                }
                assertThat(got).as("layout %d threads %d", layout, threads).isEqualTo(want);
            }
        }
    }
}
