package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    private static IntModel softmaxModel(int scoreBits, int probabilityBits, double scale, int rows, int row) {
        return new IntModelBuilder()
                .input(TensorSpec.signed("s", scoreBits, scale, 0, rows, row))
                .op(new IntOp.Softmax("softmax", "s", "p", TestModels.softmaxLut(scoreBits, scale)),
                        TensorSpec.unsigned("p", probabilityBits, 1.0 / ((1 << probabilityBits) - 1), 0, rows, row))
                .build();
    }

    private static void check(IntModel model, int[] scores) {
        TensorSpec in = model.inputSpec();
        TensorSpec out = model.outputSpec();
        IntOp.Softmax op = (IntOp.Softmax) model.ops().get(0);
        long[] x = Arrays.stream(scores).asLongStream().toArray();
        long[] sat = {0};
        long[] expected = ReferenceInterpreter.softmax(x, in.dim(-1), op.lut(), out.bits(), sat);
        Interpreter.Result r = new Interpreter(model).run(scores);
        assertThat(Arrays.stream(r.output()).asLongStream().toArray()).isEqualTo(expected);
        assertThat(r.totalSaturations()).isZero();
        assertThat(sat[0]).isZero();
        int row = in.dim(-1);
        for (int start = 0; start < scores.length; start += row) {
            long sum = 0;
            for (int j = start; j < start + row; j++) {
                sum += r.output()[j];
            }
            // Each entry rounds by at most 1/2, so a row sums to 2^b − 1 within row/2.
            assertThat(Math.abs(sum - out.max())).isLessThanOrEqualTo(row / 2);
        }
    }

    @Test
    void randomRowsMatchExactRationalRounding() {
        Random random = new Random(11);
        for (int bits : new int[] {2, 4, 8, 12}) {
            for (int pBits : new int[] {2, 8, 16}) {
                for (int row : new int[] {1, 2, 5, 64}) {
                    IntModel model = softmaxModel(bits, pBits, 8.0 / (1 << bits), 3, row);
                    for (int trial = 0; trial < 5; trial++) {
                        check(model, TestModels.randomInts(random, 3 * row, model.inputSpec().min(), model.inputSpec().max()));
                    }
                }
            }
        }
    }

    @Test
    void adversarialRows() {
        IntModel model = softmaxModel(16, 16, 20.0 / 65536, 4, 1000);
        int[] scores = new int[4000];
        // Row 0: all equal. Row 1: one dominant, the rest at the far end of the LUT. Row 2: the full range.
        // Row 3: two maxima and everything else far below.
        Arrays.fill(scores, 0, 1000, 1234);
        Arrays.fill(scores, 1000, 2000, -32768);
        scores[1500] = 32767;
        for (int j = 0; j < 1000; j++) {
            scores[2000 + j] = j % 2 == 0 ? -32768 : 32767;
        }
        Arrays.fill(scores, 3000, 4000, -32768);
        scores[3000] = 32767;
        scores[3999] = 32767;
        check(model, scores);
        int[] p = new Interpreter(model).run(scores).output();
        assertThat(p[0]).isEqualTo(66); // round(65535 / 1000)
        assertThat(p[1500]).isEqualTo(65535);
        assertThat(p[3000]).isEqualTo(p[3999]).isEqualTo(32768); // 65535/2 rounds half up
    }

    @Test
    void lutApproximatesTheFloatSoftmax() {
        IntModel model = softmaxModel(8, 8, 0.05, 1, 6);
        int[] scores = {10, 0, -30, 40, 40, -128};
        int[] p = new Interpreter(model).run(scores).output();
        double[] e = Arrays.stream(scores).mapToDouble(s -> Math.exp(0.05 * s)).toArray();
        double sum = Arrays.stream(e).sum();
        for (int j = 0; j < scores.length; j++) {
            assertThat(p[j] / 255.0).isCloseTo(e[j] / sum, org.assertj.core.data.Offset.offset(3.0 / 255));
        }
    }
}
