package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;

class RangeAnalysisTest {

    /** x [1, K] of {@code bits} bits with zero point z → Linear with constant weights → y. */
    private static IntModel linear(int bits, int z, int k, int[] weights, int bias) {
        return new IntModelBuilder()
                .input(TensorSpec.signed("x", bits, 1, z, 1, k))
                .op(new IntOp.Linear("fc", "x", "y", k, 1, 8, IntArray.of(weights), 1, IntArray.of(bias),
                        Requant.single(1, 40), -128, 127), TensorSpec.signed("y", 8, 1, 0, 1, 1))
                .build();
    }

    /** The true worst |acc| by brute force over the two extreme inputs (each term at its own extreme). */
    private static long trueWorst(int bits, int z, int[] weights, int bias) {
        long lo = -(1L << (bits - 1)) - z;
        long hi = (1L << (bits - 1)) - 1 - z;
        long max = bias;
        long min = bias;
        for (int w : weights) {
            max += Math.max(w * lo, w * hi);
            min += Math.min(w * lo, w * hi);
        }
        return Math.max(Math.abs(max), Math.abs(min));
    }

    @Test
    void linearAtTheExtremesIsAcceptedExactlyWhenTheWorstCaseFits() {
        // 16-bit inputs at −32768 times weights −128: 2^22 per term, 512 terms reach 2^31 exactly.
        int[] w511 = new int[511];
        Arrays.fill(w511, -128);
        long worst = 511L << 22;
        assertThat(linear(16, 0, 511, w511, (1 << 22) - 1).rangeAnalysis().entry("fc").bound()).isEqualTo(worst + (1 << 22) - 1);
        assertThat(linear(16, 0, 511, w511, (1 << 22) - 1).rangeAnalysis().entry("fc").bits()).isEqualTo(32);
        assertThatThrownBy(() -> linear(16, 0, 511, w511, 1 << 22)).isInstanceOf(UserError.class)
                .hasMessage("op 'fc' (Linear): accumulator needs 33 bits (|acc| up to 2147483648), more than the 32-bit accumulator holds");
        // Positive weights meet the smaller positive end: 127·32767 per term plus 127·32768 from the negative.
        int[] w512 = new int[512];
        Arrays.fill(w512, 127);
        assertThat(linear(16, 0, 512, w512, 0).rangeAnalysis().entry("fc").bound()).isEqualTo(512L * 127 * 32768);
        int[] w512neg = new int[512];
        Arrays.fill(w512neg, -128);
        assertThatThrownBy(() -> linear(16, 0, 512, w512neg, 0)).isInstanceOf(UserError.class).hasMessageContaining("'fc'");
        // −bias can push the other way.
        assertThatThrownBy(() -> linear(16, 0, 511, w511, -(1 << 30) - (1 << 29))).isInstanceOf(UserError.class);
    }

    @Test
    void linearBoundEqualsTheBruteForceWorstCaseForRandomExtremeWeights() {
        Random random = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int bits = 2 + random.nextInt(15);
            int z = -(1 << (bits - 1)) + random.nextInt(1 << bits);
            int k = 1 + random.nextInt(700);
            int[] w = new int[k];
            for (int i = 0; i < k; i++) {
                w[i] = random.nextBoolean() ? -128 : 127;
            }
            int bias = random.nextInt();
            long worst = trueWorst(bits, z, w, bias);
            if (worst < (1L << 31)) {
                assertThat(linear(bits, z, k, w, bias).rangeAnalysis().entry("fc").bound()).isEqualTo(worst);
            } else {
                assertThatThrownBy(() -> linear(bits, z, k, w, bias)).isInstanceOf(UserError.class)
                        .hasMessageContaining("op 'fc' (Linear): accumulator needs");
            }
        }
    }

    @Test
    void attentionScoresBoundIsWidthTimesTheLargestProduct() {
        for (int d : new int[] {2, 4, 8}) {
            int dhAtLimit = d;
            // 16-bit q and k at −32768: 2^30 per product, so two products per head overflow.
            boolean fits = dhAtLimit < 2;
            IntModelBuilder b = new IntModelBuilder().input(TensorSpec.signed("x", 16, 1, 0, 3, d))
                    .op(new IntOp.AttentionScores("scores", "x", "x", "s", 1, Requant.single(1, 40)),
                            TensorSpec.signed("s", 8, 1, 0, 1, 3, 3));
            if (fits) {
                b.build();
            } else {
                assertThatThrownBy(b::build).isInstanceOf(UserError.class)
                        .hasMessageStartingWith("op 'scores' (AttentionScores): accumulator needs");
            }
        }
        IntModel ok = new IntModelBuilder().input(TensorSpec.signed("x", 16, 1, 0, 3, 4))
                .op(new IntOp.AttentionScores("scores", "x", "x", "s", 4, Requant.single(1, 40)),
                        TensorSpec.signed("s", 8, 1, 0, 4, 3, 3))
                .build();
        assertThat(ok.rangeAnalysis().entry("scores").bound()).isEqualTo(1L << 30);
        assertThat(ok.rangeAnalysis().entry("scores").bits()).isEqualTo(32);
    }

    @Test
    void softmaxSumAndAttentionApplyUseSoundBounds() {
        IntModel model = new IntModelBuilder()
                .input(TensorSpec.signed("s", 8, 0.05, 0, 1, 10, 10))
                .op(new IntOp.Softmax("softmax", "s", "p", TestModels.softmaxLut(8, 0.05)),
                        TensorSpec.unsigned("p", 16, 1.0 / 65535, 0, 1, 10, 10))
                .op(new IntOp.Reshape("flat", "s", "v"), TensorSpec.signed("v", 8, 0.05, 0, 10, 10))
                .op(new IntOp.AttentionApply("apply", "p", "v", "y", Requant.single(1, 40)),
                        TensorSpec.signed("y", 8, 1, 0, 10, 10))
                .build();
        RangeAnalysis ranges = model.rangeAnalysis();
        assertThat(ranges.entry("softmax").bound()).isEqualTo(65536L * 10);
        // Row sums of P are at most 65535 + 10/2; |V − 0| is at most 128.
        assertThat(ranges.entry("apply").bound()).isEqualTo((65535L + 5) * 128);
        assertThat(ranges.entry("apply").product()).isEqualTo((65535L + 5) * 128);
    }

    @Test
    void attentionApplyWithoutASoftmaxAssumesEveryProbabilityAtItsMaximum() {
        IntModelBuilder b = new IntModelBuilder()
                .input(TensorSpec.unsigned("p", 16, 1, 0, 1, 2, 300))
                .op(new IntOp.Reshape("flat", "p", "v"), TensorSpec.unsigned("v", 16, 1, 0, 300, 2))
                .op(new IntOp.AttentionApply("apply", "p", "v", "y", Requant.single(1, 40)), TensorSpec.signed("y", 8, 1, 0, 2, 2));
        assertThatThrownBy(b::build).isInstanceOf(UserError.class).hasMessageContaining("op 'apply' (AttentionApply)");
    }

    @Test
    void elementwiseOpsAndMeanAreBoundedExactly() {
        IntModel model = new IntModelBuilder()
                .input(TensorSpec.signed("x", 8, 1, -28, 50, 2))
                .op(new IntOp.Add("add", "x", "x", "a", 20, 1 << 20, 1 << 20), TensorSpec.signed("a", 8, 1, 0, 50, 2))
                .op(new IntOp.ChannelAffine("affine", "x", "c", 20, IntArray.of(-(1 << 22), 5), IntArray.of(1000, -1 << 29)),
                        TensorSpec.signed("c", 8, 1, 0, 50, 2))
                .op(new IntOp.MeanTokens("mean", "x", "m", Requant.single(1 << 30, 40)), TensorSpec.signed("m", 8, 1, 0, 2))
                .output("m")
                .build();
        RangeAnalysis r = model.rangeAnalysis();
        assertThat(r.entry("add").bound()).isEqualTo(2L * 155 * (1 << 20)); // x − z ∈ [−100, 155]
        assertThat(r.entry("affine").bound()).isEqualTo(155L * (1 << 22) - 1000);
        assertThat(r.entry("mean").bound()).isEqualTo(50L * 155);
        assertThat(r.entry("mean").product()).isEqualTo(50L * 155 * (1 << 30));
        assertThatThrownBy(() -> new IntModelBuilder()
                .input(TensorSpec.signed("x", 16, 1, 0, 2))
                .op(new IntOp.Add("add", "x", "x", "a", 20, 1 << 20, 1 << 20), TensorSpec.signed("a", 8, 1, 0, 2))
                .build()).isInstanceOf(UserError.class)
                .hasMessage("op 'add' (Add): accumulator needs 38 bits (|acc| up to 68719476736), more than the 32-bit accumulator holds");
    }

    @Test
    void reluClampNarrowsTheNextLayersRange() {
        // After a ReLU-fused Linear (lo = z_y = 0) the next layer sees x − z ∈ [0, 127] only.
        int[] ones = new int[4];
        Arrays.fill(ones, 1);
        IntModel model = new IntModelBuilder()
                .input(TensorSpec.signed("x", 8, 1, 0, 1, 4))
                .op(new IntOp.Linear("relu", "x", "h", 4, 4, 8, IntArray.of(new int[16]), 1, IntArray.of(new int[4]),
                        Requant.single(1, 0), 0, 127), TensorSpec.signed("h", 8, 1, 0, 1, 4))
                .op(new IntOp.Linear("fc", "h", "y", 4, 1, 8, IntArray.of(-128, -128, -128, -128), 1, IntArray.of(0),
                        Requant.single(1, 0), -128, 127), TensorSpec.signed("y", 8, 1, 0, 1, 1))
                .build();
        assertThat(model.rangeAnalysis().entry("fc").bound()).isEqualTo(4L * 128 * 127);
    }
}
