package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;

/** IR version 2: the inter-series ops, extra inputs, versions, files and range bounds. */
class SeriesOpsIrTest {
    private static final TensorSpec X = TensorSpec.signed("x", 8, 0.1, 0, 4, 3);

    private static void fails(Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(UserError.class).hasMessage(message);
    }

    @Test
    void fileRoundTripKeepsExtraInputsAndTheVersion() {
        IntModel model = TestModels.interSeries(3, "flatten");
        byte[] bytes = IntModelFile.encode(model);
        IntModel back = IntModelFile.decode(bytes, "m.iqm");
        assertThat(IntModelFile.encode(back)).isEqualTo(bytes);
        assertThat(back.extraInputs()).containsExactly("dates");
        String header = new String(bytes, StandardCharsets.UTF_8);
        assertThat(header).contains("\"irVersion\":2", "\"extraInputs\":[\"dates\"]", "\"op\":\"BroadcastAdd\"");
        // Models without the new features are still written as version 1, byte for byte as before.
        assertThat(new String(IntModelFile.encode(TestModels.encoder(1, "gap")), StandardCharsets.UTF_8))
                .contains("\"irVersion\":1").doesNotContain("extraInputs");
        assertThat(model.describe()).contains("input dates [11, 2]", "Transpose", "Concat");
    }

    @Test
    void versionOneCannotHoldVersionTwoOps() {
        IntModel model = TestModels.interSeries(2, "gap");
        fails(() -> new IntModel(1, model.input(), model.output(), model.tensors(), model.ops(), model.metadata(),
                model.extraInputs()), "integer model of format version 1 uses what version 2 added (extra inputs, series ops or grouped attention)");
        fails(() -> new IntModel(3, model.input(), model.output(), model.tensors(), model.ops(), model.metadata(),
                model.extraInputs()), "integer model format version 3 is not supported (this intformer has 1 to 2)");
    }

    @Test
    void opsCheckTheirShapesAndQuantization() {
        fails(() -> new IntModelBuilder().input(X).op(new IntOp.Transpose("t", "x", "y"), TensorSpec.signed("y", 8, 0.1, 0, 4, 3))
                .build(), "op 't' (Transpose): tensor 'y' has shape [4, 3], expected [3, 4]");
        fails(() -> new IntModelBuilder().input(X).op(new IntOp.Slice("s", "x", "y", 2, 5), TensorSpec.signed("y", 8, 0.1, 0, 3, 3))
                .build(), "op 's' (Slice): rows [2, 5) outside the 4 rows of 'x'");
        fails(() -> new IntOp.Slice("s", "x", "y", 2, 2), "op 's' (Slice): rows [2, 2) are empty or negative");
        fails(() -> new IntModelBuilder().input(X).extraInput(TensorSpec.signed("b", 8, 0.2, 0, 1, 3))
                .op(new IntOp.Concat("c", "x", "b", "y", 0), TensorSpec.signed("y", 8, 0.1, 0, 5, 3)).build(),
                "op 'c' (Concat): tensor 'b' has scale 0.2, 'y' 0.1 (joining copies integers, so the scales must be equal)");
        fails(() -> new IntModelBuilder().input(X).extraInput(TensorSpec.signed("b", 8, 0.1, 0, 2, 2))
                .op(new IntOp.Concat("c", "x", "b", "y", 0), TensorSpec.signed("y", 8, 0.1, 0, 6, 3)).build(),
                "op 'c' (Concat): 'x' [4, 3] and 'b' [2, 2] differ outside axis 0");
        fails(() -> new IntModelBuilder().input(X).extraInput(TensorSpec.signed("b", 8, 0.1, 0, 4))
                .op(new IntOp.BroadcastAdd("a", "x", "b", "y", 0, 20, 1, 1), TensorSpec.signed("y", 8, 0.1, 0, 4, 3)).build(),
                "op 'a' (BroadcastAdd): tensor 'b' has shape [4], expected [3]");
        fails(() -> new IntModelBuilder().input(X).extraInput(TensorSpec.signed("x", 8, 0.1, 0, 4)),
                "tensor 'x' declared twice");
    }

    @Test
    void broadcastAddRepeatsAlongItsAxisAndIsBoundedLikeAdd() {
        TensorSpec b = TensorSpec.signed("b", 8, 0.1, 0, 4);
        IntModel model = new IntModelBuilder().input(X).extraInput(b)
                .op(new IntOp.BroadcastAdd("a", "x", "b", "y", 1, 20, 1 << 20, 1 << 20), TensorSpec.signed("y", 9, 0.1, 0, 4, 3))
                .build();
        int[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        int[] y = new Interpreter(model).run(List.of(x, new int[] {100, 0, -100, 7}), false).output();
        assertThat(y).containsExactly(101, 102, 103, 4, 5, 6, -93, -92, -91, 17, 18, 19);
        assertThat(model.rangeAnalysis().entry("a").bound()).isEqualTo(256L << 20);
        assertThat(model.macs()).isEqualTo(24);
    }

    @Test
    void groupedAttentionCountsItsMacsPerGroup() {
        IntModel model = TestModels.interSeries(1, "gap");
        int n = TestModels.N;
        int t = TestModels.T + 1;
        assertThat(model.macs(model.ops().stream().filter(o -> o.name().equals("scores")).findFirst().orElseThrow()))
                .isEqualTo((long) n * TestModels.HEADS * t * t * (TestModels.D / TestModels.HEADS));
        assertThat(model.macs(model.ops().stream().filter(o -> o.name().equals("apply")).findFirst().orElseThrow()))
                .isEqualTo((long) n * t * TestModels.D * t);
        assertThat(Map.of("v", model.formatVersion())).containsEntry("v", 2);
    }
}
