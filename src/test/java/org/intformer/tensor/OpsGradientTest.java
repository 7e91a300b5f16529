package org.intformer.tensor;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpsGradientTest {
    private final SplittableRandom rng = new SplittableRandom(42);

    @Test
    void linear() {
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 3, 4), GradCheck.randomParam(rng, 4, 5), GradCheck.randomParam(rng, 5)),
                (g, in) -> LinearOp.apply(g, in.get(0), in.get(1), in.get(2)), 2e-3);
    }

    @Test
    void addAndConstants() {
        float[] pe = {0.5f, -1f, 2f};
        float[] perSample = new float[12];
        for (int i = 0; i < 12; i++) {
            perSample[i] = i * 0.25f;
        }
        GradCheck.check(List.of(GradCheck.randomParam(rng, 4, 3), GradCheck.randomParam(rng, 4, 3)),
                (g, in) -> Elementwise.addConstantPerSample(g, Elementwise.addConstant(g, Elementwise.add(g, in.get(0), in.get(1)), pe), perSample), 2e-3);
    }

    @Test
    void repeatedRowsAndTokenBias() {
        float[] pe = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 3, 2), GradCheck.randomParam(rng, 2)),
                (g, in) -> Elementwise.addRepeated(g, in.get(0), Elementwise.addConstant(g, ShapeOps.repeatRows(g, in.get(1), 3), pe)),
                2e-3);
    }

    @Test
    void exp() {
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 3)), (g, in) -> Elementwise.exp(g, in.get(0)), 2e-3);
    }

    @Test
    void relu() {
        Tensor x = GradCheck.randomParam(rng, 3, 7);
        for (int i = 0; i < x.size(); i++) {
            if (Math.abs(x.data()[i]) < 0.05f) {
                x.data()[i] = 0.3f; // keep the kink away from the ±h probe
            }
        }
        GradCheck.check(List.of(x), (g, in) -> Elementwise.relu(g, in.get(0)), 2e-3);
    }

    @Test
    void gelu() {
        Tensor x = GradCheck.randomParam(rng, 3, 7);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] *= 3f;
        }
        GradCheck.check(List.of(x), (g, in) -> Elementwise.gelu(g, in.get(0)), 2e-3);
    }

    @Test
    void attentionSeveralHeads() {
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 5, 4), GradCheck.randomParam(rng, 2, 5, 4), GradCheck.randomParam(rng, 2, 5, 4)),
                (g, in) -> AttentionOp.apply(g, in.get(0), in.get(1), in.get(2), 2), 3e-3);
    }

    @Test
    void batchNorm() {
        Tensor rm = Tensor.zeros(4);
        Tensor rv = Tensor.of(new float[] {1, 1, 1, 1}, 4);
        GradCheck.check(List.of(GradCheck.randomParam(rng, 3, 5, 4), GradCheck.randomParam(rng, 4), GradCheck.randomParam(rng, 4)),
                (g, in) -> NormOps.batchNorm(g, in.get(0), in.get(1), in.get(2), rm, rv), 5e-3);
    }

    @Test
    void frozenBatchNormIsAnAffineMapOfTheRunningStatistics() {
        Tensor rm = Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0f}, 4);
        Tensor rv = Tensor.of(new float[] {0.5f, 1.5f, 2f, 1f}, 4);
        GradCheck.check(List.of(GradCheck.randomParam(rng, 3, 5, 4), GradCheck.randomParam(rng, 4), GradCheck.randomParam(rng, 4)),
                (g, in) -> NormOps.batchNorm(g, in.get(0), in.get(1), in.get(2), rm, rv, true), 5e-3);
        assertThat(rm.data()).containsExactly(0.1f, -0.2f, 0.3f, 0f);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4);
        Tensor y = NormOps.batchNorm(new Graph(GradCheck.compute(), true), x, Tensor.of(new float[] {1, 1, 1, 1}, 4),
                Tensor.zeros(4), rm, rv, true);
        for (int j = 0; j < 4; j++) {
            assertThat(y.data()[j]).isCloseTo((float) ((x.data()[j] - rm.data()[j]) / Math.sqrt(rv.data()[j] + 1e-5)),
                    org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void layerNorm() {
        GradCheck.check(List.of(GradCheck.randomParam(rng, 3, 5, 4), GradCheck.randomParam(rng, 4), GradCheck.randomParam(rng, 4)),
                (g, in) -> NormOps.layerNorm(g, in.get(0), in.get(1), in.get(2)), 5e-3);
    }

    @Test
    void pooling() {
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 4, 3)), (g, in) -> ShapeOps.meanTokens(g, in.get(0)), 2e-3);
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 4, 3)), (g, in) -> ShapeOps.lastToken(g, in.get(0)), 2e-3);
        GradCheck.check(List.of(GradCheck.randomParam(rng, 2, 4, 3)), (g, in) -> ShapeOps.reshape(g, in.get(0), 2, 12), 2e-3);
    }

    @Test
    void dropoutScalesKeptElementsAndRoutesGradientThroughTheMask() {
        Compute c = GradCheck.compute();
        Tensor x = Tensor.param(new float[1000], 1000);
        java.util.Arrays.fill(x.data(), 1f);
        Graph g = new Graph(c, true);
        Tensor y = Elementwise.dropout(g, x, 0.25f, new SplittableRandom(3));
        long zeros = 0;
        for (float v : y.data()) {
            assertThat(v).isIn(0f, 1f / 0.75f);
            zeros += v == 0f ? 1 : 0;
        }
        assertThat(zeros).isBetween(200L, 300L);
        g.backward(LossOps.mse(g, y, new float[1000]));
        for (int i = 0; i < 1000; i++) {
            assertThat(x.grad()[i] == 0f).isEqualTo(y.data()[i] == 0f);
        }
        assertThat(Elementwise.dropout(new Graph(c, false), x, 0.25f, new SplittableRandom(3))).isSameAs(x);
    }

    @Test
    void batchNormUpdatesRunningStatisticsLikePyTorch() {
        Compute c = GradCheck.compute();
        Tensor x = Tensor.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2);
        Tensor rm = Tensor.zeros(2);
        Tensor rv = Tensor.of(new float[] {1, 1}, 2);
        NormOps.batchNorm(new Graph(c, true), x, Tensor.of(new float[] {1, 1}, 2), Tensor.zeros(2), rm, rv);
        // mean (3, 20), unbiased variance (4, 100)
        assertThat(rm.data()).containsExactly(0.3f, 2.0f);
        assertThat(rv.data()[0]).isCloseTo(0.9f + 0.4f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(rv.data()[1]).isCloseTo(0.9f + 10f, org.assertj.core.data.Offset.offset(1e-5f));
    }
}
