package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static final TensorSpec X = TensorSpec.signed("x", 8, 0.1, 0, 4, 2);
    private static final TensorSpec Y = TensorSpec.signed("y", 8, 0.1, 0, 4, 3);

    private static IntOp.Linear linear(int[] weights, int lo, int hi) {
        return new IntOp.Linear("fc", "x", "y", 2, 3, 4, IntArray.of(weights), 1, IntArray.of(0, 0, 0),
                Requant.single(1 << 30, 40), lo, hi);
    }

    private static IntModel model(IntOp op, TensorSpec... outputs) {
        return new IntModelBuilder().input(X).op(op, outputs).build();
    }

    private static void fails(Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(UserError.class).hasMessage(message);
    }

    @Test
    void tensorSpecsAreChecked() {
        fails(() -> TensorSpec.signed("t", 1, 1, 0, 2), "tensor 't': 1 bits outside [2, 16]");
        fails(() -> TensorSpec.signed("t", 17, 1, 0, 2), "tensor 't': 17 bits outside [2, 16]");
        fails(() -> TensorSpec.signed("t", 8, 1, 128, 2), "tensor 't': zero point 128 outside its signed 8-bit range [-128, 127]");
        fails(() -> TensorSpec.unsigned("t", 8, 1, -1, 2), "tensor 't': zero point -1 outside its unsigned 8-bit range [0, 255]");
        fails(() -> TensorSpec.signed("t", 8, 0, 0, 2), "tensor 't': scale 0.0 must be a positive finite number");
        fails(() -> TensorSpec.signed("t", 8, Double.NaN, 0, 2), "tensor 't': scale NaN must be a positive finite number");
        fails(() -> TensorSpec.signed("t", 8, 1, 0, 2, 0), "tensor 't': invalid shape [2, 0] (dimensions ≥ 1, at most 2^31 − 1 values)");
        fails(() -> TensorSpec.signed("t", 8, 1, 0, 65536, 65536), "tensor 't': invalid shape [65536, 65536] (dimensions ≥ 1, at most 2^31 − 1 values)");
        fails(() -> TensorSpec.signed(" ", 8, 1, 0, 2), "tensor with an empty name");
    }

    @Test
    void linearConstantsAreChecked() {
        assertThat(model(linear(new int[] {-8, 7, 0, 1, 2, 3}, -128, 127), Y).ops()).hasSize(1);
        fails(() -> linear(new int[] {-8, 7, 0, 1, 2, 8}, -128, 127),
                "op 'fc' (Linear): weight 8 at [1, 2] outside the signed 4-bit range [-8, 7]");
        fails(() -> linear(new int[5], -128, 127), "op 'fc' (Linear): 5 weights, expected 2·3");
        fails(() -> linear(new int[6], 5, 4), "op 'fc' (Linear): clamp lo 5 > hi 4");
        fails(() -> model(linear(new int[6], -129, 127), Y), "op 'fc' (Linear): clamp [-129, 127] outside the output's signed 8-bit range [-128, 127]");
        fails(() -> new IntOp.Linear("fc", "x", "y", 2, 3, 9, IntArray.of(new int[6]), 1, IntArray.of(0, 0, 0),
                Requant.single(1, 1), 0, 0), "op 'fc' (Linear): weight bits 9 outside [2, 8]");
        fails(() -> new IntOp.Linear("fc", "x", "y", 2, 3, 8, IntArray.of(new int[6]), 1, IntArray.of(0, 0, 0),
                new Requant(IntArray.of(1, 1), IntArray.of(1, 1)), 0, 0), "op 'fc' (Linear): 2 requantization multipliers, expected 1 or 3");
        fails(() -> new IntOp.Linear("fc", "x", "y", 2, 3, 8, IntArray.of(new int[6]), 3, IntArray.of(new int[9]),
                Requant.single(1, 1), 0, 0).check(Map.of("x", X, "y", Y)::get), "op 'fc' (Linear): 3 bias groups do not divide the 4 rows");
        fails(() -> model(linear(new int[6], -128, 127), TensorSpec.signed("y", 8, 0.1, 0, 4, 4)),
                "op 'fc' (Linear): tensor 'y' has shape [4, 4], expected [4, 3]");
    }

    @Test
    void multipliersAndShiftsAreChecked() {
        fails(() -> Requant.single(-1, 3), "requantization multiplier m0 = -1 outside [0, 2^31)");
        fails(() -> Requant.single(1, 63), "requantization shift n = 63 outside [0, 62]");
        fails(() -> Requant.single(1, -1), "requantization shift n = -1 outside [0, 62]");
        fails(() -> new Requant(IntArray.of(1), IntArray.of()), "requantization needs as many shifts as multipliers, at least one (got 1 and 0)");
        fails(() -> new IntOp.Add("add", "a", "b", "y", 0, 1, 1), "op 'add' (Add): shift k = 0 outside [1, 30]");
        fails(() -> new IntOp.Add("add", "a", "b", "y", 31, 1, 1), "op 'add' (Add): shift k = 31 outside [1, 30]");
        fails(() -> new IntOp.Add("add", "a", "b", "y", 20, -1, 1), "op 'add' (Add): multipliers -1, 1 must be ≥ 0 (scale ratios are positive)");
        fails(() -> new IntOp.ChannelAffine("bn", "a", "y", 20, IntArray.of(1), IntArray.of(1, 2)),
                "op 'bn' (ChannelAffine): 1 scales and 2 offsets, expected one of each per channel");
    }

    @Test
    void attentionAndSoftmaxShapesAreChecked() {
        fails(() -> model(new IntOp.AttentionScores("scores", "x", "x", "s", 3, Requant.single(1, 30)),
                TensorSpec.signed("s", 8, 1, 0, 3, 4, 4)), "op 'scores' (AttentionScores): 3 heads do not divide the width 2");
        fails(() -> model(new IntOp.Softmax("softmax", "x", "p", IntArray.of(65536, 1)), TensorSpec.unsigned("p", 8, 1, 0, 4, 2)),
                "op 'softmax' (Softmax): LUT has 2 entries, the 8-bit input needs 256");
        fails(() -> new IntOp.Softmax("softmax", "x", "p", IntArray.of(65535, 1)), "op 'softmax' (Softmax): LUT must start with 65536 (exp(0) at 2^16)");
        fails(() -> new IntOp.Softmax("softmax", "x", "p", IntArray.of(65536, 2, 3)), "op 'softmax' (Softmax): LUT[2] = 3 must be in [0, LUT[1]]");
        fails(() -> model(new IntOp.Softmax("softmax", "x", "p", TestModels.softmaxLut(8, 0.1)), TensorSpec.signed("p", 8, 1, 0, 4, 2)),
                "op 'softmax' (Softmax): output 'p' must be unsigned");
        fails(() -> model(new IntOp.AttentionApply("apply", "x", "x", "y", Requant.single(1, 30)), TensorSpec.signed("y", 8, 1, 0, 4, 2)),
                "op 'apply' (AttentionApply): tensor 'x' has shape [4, 2], expected rank 3");
    }

    @Test
    void dataFlowIsChecked() {
        fails(() -> new IntModelBuilder().input(X).op(new IntOp.Reshape("r", "nope", "y"), TensorSpec.signed("y", 8, 0.1, 0, 8)).build(),
                "op 'r' (Reshape): reads undeclared tensor 'nope'");
        fails(() -> new IntModelBuilder().input(X)
                        .op(new IntOp.Reshape("r1", "z", "y"), TensorSpec.signed("y", 8, 0.1, 0, 8))
                        .op(new IntOp.Reshape("r2", "x", "z"), TensorSpec.signed("z", 8, 0.1, 0, 8)).build(),
                "op 'r1' (Reshape): reads tensor 'z' before any op produces it");
        fails(() -> new IntModelBuilder().input(X)
                        .op(new IntOp.Reshape("r", "x", "y"), TensorSpec.signed("y", 8, 0.1, 0, 8))
                        .op(new IntOp.Reshape("r", "y", "x")).build(),
                "op 'r' (Reshape): duplicate op name");
        fails(() -> new IntModelBuilder().input(X).op(new IntOp.Reshape("r", "x", "x")).build(),
                "op 'r' (Reshape): writes tensor 'x', which is the model input");
        fails(() -> new IntModelBuilder().input(X).op(new IntOp.Reshape("r", "x", "y"), TensorSpec.signed("y", 8, 0.1, 0, 9)).build(),
                "op 'r' (Reshape): cannot reshape [4, 2] (8 values) to [9]");
        fails(() -> new IntModelBuilder().input(X).op(new IntOp.Reshape("r", "x", "y"), TensorSpec.signed("y", 8, 0.1, 1, 8)).build(),
                "op 'r' (Reshape): tensor 'y' must keep the quantization of 'x' (bits 8, signed, zero point 0)");
        fails(() -> new IntModelBuilder().input(X).op(new IntOp.Reshape("r", "x", "y"), TensorSpec.signed("y", 8, 0.1, 0, 8),
                TensorSpec.signed("w", 8, 0.1, 0, 8)).build(), "tensor 'w' is declared but no op produces it");
        fails(() -> new IntModelBuilder().input(X).input(X), "tensor 'x' declared twice");
        fails(() -> new IntModel(3, "x", "x", Map.of("x", X), List.of(), Map.of()),
                "integer model format version 3 is not supported (this intformer has 1 to 2)");
        fails(() -> new IntModelBuilder().input(X).build(), "integer model has no operations");
    }

    @Test
    void relativeInputAndAddBackAreChecked() {
        fails(() -> model(new IntOp.RelativeInput("rel", "x", "r", "last"), TensorSpec.signed("r", 8, 0.1, 0, 4, 2),
                TensorSpec.signed("last", 8, 0.1, 0, 2)), "op 'rel' (RelativeInput): output 'r' must be signed with at least 9 bits");
        fails(() -> new IntModelBuilder().input(X)
                .op(new IntOp.RelativeInput("rel", "x", "r", "last"), TensorSpec.signed("r", 9, 0.1, 0, 4, 2), TensorSpec.signed("last", 8, 0.1, 0, 2))
                .op(new IntOp.AddBack("back", "r", "last", "y", IntArray.of(0, 2)), TensorSpec.signed("y", 8, 0.1, 0, 4, 2)).build(),
                "op 'back' (AddBack): source channel 2 outside [0, 1]");
    }

    @Test
    void modelsAreImmutableValues() {
        IntModel a = TestModels.encoder(9, "gap");
        IntModel b = TestModels.encoder(9, "gap");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(TestModels.encoder(10, "gap"));
        assertThatThrownBy(() -> a.ops().add(a.ops().get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.tensors().clear()).isInstanceOf(UnsupportedOperationException.class);
        int[] weights = {1, 2, 3, 4, 5, 6};
        IntArray copy = IntArray.of(weights);
        weights[0] = 99;
        assertThat(copy.get(0)).isEqualTo(1);
        copy.toArray()[1] = 99;
        assertThat(copy.get(1)).isEqualTo(2);
    }
}
