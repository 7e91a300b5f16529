package org.intformer.integer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.intformer.UserError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each structural rule of the integer model, broken alone in an otherwise valid model, gives its own one-line
 * error. Found by mutation testing: several rules were covered only by another rule that happens to catch the
 * same model further on, so dropping one check went unnoticed (and the interpreter relies on every one of them).
 */
class ValidationRulesTest {

    /** A valid model ("gap" or "last" head) edited by {@code edit}, which gets the tensors and ops to change. */
    private static IntModel edited(String head, Consumer<Edit> edit) {
        IntModel base = TestModels.encoder(1, head);
        Edit e = new Edit(new LinkedHashMap<>(base.tensors()), new ArrayList<>(base.ops()));
        edit.accept(e);
        return new IntModel(base.formatVersion(), base.input(), base.output(), e.tensors, e.ops, Map.of());
    }

    /** The tensors (by name) and ops of a model being edited. */
    record Edit(Map<String, TensorSpec> tensors, List<IntOp> ops) {
        TensorSpec t(String name) {
            return tensors.get(name);
        }

        void tensor(TensorSpec spec) {
            tensors.put(spec.name(), spec);
        }

        /** The named tensor with another shape. */
        void shape(String name, int... shape) {
            tensor(t(name).withNameAndShape(name, shape));
        }

        /** The named tensor with another zero point (and signedness). */
        void zeroPoint(String name, boolean signed, int zeroPoint) {
            TensorSpec s = t(name);
            tensor(new TensorSpec(name, s.shape(), s.bits(), signed, s.scale(), zeroPoint));
        }

        void op(IntOp replacement) {
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).name().equals(replacement.name())) {
                    ops.set(i, replacement);
                    return;
                }
            }
            throw new IllegalArgumentException(replacement.name());
        }

        /** Inserts {@code op} with its output spec right after the op called {@code after}. */
        void insertAfter(String after, IntOp op, TensorSpec output) {
            tensor(output);
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).name().equals(after)) {
                    ops.add(i + 1, op);
                    return;
                }
            }
            throw new IllegalArgumentException(after);
        }
    }

    private static final Requant TWO = new Requant(IntArray.of(1 << 30, 1 << 30), IntArray.of(20, 20));
    private static final Requant ONE = Requant.single(1 << 30, 20);

    private static Arguments rule(String head, String expected, Consumer<Edit> edit) {
        return Arguments.of(head, expected, edit);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // RelativeInput
                rule("gap", "op 'relative' (RelativeInput): tensor 'x' has shape [8, 2, 1], expected rank 2",
                        e -> e.shape("x", 8, 2, 1)),
                rule("gap", "op 'relative' (RelativeInput): tensor 'x_rel' has shape [8, 3], expected [8, 2]",
                        e -> e.shape("x_rel", 8, 3)),
                rule("gap", "op 'relative' (RelativeInput): tensor 'last' has shape [3], expected [2]", e -> e.shape("last", 3)),
                rule("gap", "op 'relative' (RelativeInput): tensor 'x_rel' must have zero point 0 (has 1)",
                        e -> e.zeroPoint("x_rel", true, 1)),
                rule("gap", "op 'relative' (RelativeInput): tensor 'last' must keep the quantization of 'x' (bits 8, signed, "
                        + "zero point 3)", e -> e.zeroPoint("last", true, 4)),
                // Add
                rule("gap", "op 'residual1' (Add): tensor 's' has shape [2, 4, 4], expected [4, 8]",
                        e -> e.op(new IntOp.Add("residual1", "h0", "s", "r1", 20, 1 << 19, 3 << 18))),
                rule("gap", "op 'residual1' (Add): tensor 'r1' has shape [8, 4], expected [4, 8]", e -> e.shape("r1", 8, 4)),
                // ChannelAffine
                rule("gap", "op 'norm1' (ChannelAffine): tensor 'n1' has shape [8, 4], expected [4, 8]", e -> e.shape("n1", 8, 4)),
                // AttentionScores
                rule("gap", "op 'scores' (AttentionScores): query [2] and key [4, 8]: expected [T, d] and [U, d], or [G, T, d] and [G, U, d]",
                        e -> e.op(new IntOp.AttentionScores("scores", "last", "k_out", "s", 2, ONE))),
                rule("gap", "op 'scores' (AttentionScores): query [4, 8] and key [2]: expected [T, d] and [U, d], or [G, T, d] and [G, U, d]",
                        e -> e.op(new IntOp.AttentionScores("scores", "q_out", "last", "s", 2, ONE))),
                rule("gap", "op 'scores' (AttentionScores): tensor 's' has shape [2, 4, 5], expected [2, 4, 4]",
                        e -> e.shape("s", 2, 4, 5)),
                rule("gap", "op 'scores' (AttentionScores): needs one requantization multiplier, has 2",
                        e -> e.op(new IntOp.AttentionScores("scores", "q_out", "k_out", "s", 2, TWO))),
                // Softmax
                rule("gap", "op 'softmax' (Softmax): tensor 'p' has shape [2, 4, 5], expected [2, 4, 4]", e -> e.shape("p", 2, 4, 5)),
                rule("gap", "op 'softmax' (Softmax): tensor 'p' must have zero point 0 (has 1)", e -> e.zeroPoint("p", false, 1)),
                // AttentionApply
                rule("gap", "op 'apply' (AttentionApply): tensor 'h0' has shape [4, 8], expected rank 3",
                        e -> e.op(new IntOp.AttentionApply("apply", "h0", "v_out", "a", ONE))),
                rule("gap", "op 'apply' (AttentionApply): values 'last' [2]: expected [U, d], or [G, U, d] per group",
                        e -> e.op(new IntOp.AttentionApply("apply", "p", "last", "a", ONE))),
                rule("gap", "op 'apply' (AttentionApply): tensor 'pu' must have zero point 0 (has 1)", e -> {
                    // unsigned probabilities with a zero point, made by an op that is not a softmax
                    e.insertAfter("softmax", new IntOp.Linear("pl", "s", "pu", 4, 4, 8, IntArray.of(new int[16]), 1,
                            IntArray.of(new int[4]), ONE, 1, 255), TensorSpec.unsigned("pu", 8, 1.0 / 255, 1, 2, 4, 4));
                    e.op(new IntOp.AttentionApply("apply", "pu", "v_out", "a", ONE));
                }),
                rule("gap", "op 'apply' (AttentionApply): tensor 'a' has shape [4, 9], expected [4, 8]", e -> e.shape("a", 4, 9)),
                rule("gap", "op 'apply' (AttentionApply): needs one requantization multiplier, has 2",
                        e -> e.op(new IntOp.AttentionApply("apply", "p", "v_out", "a", TWO))),
                // MeanTokens
                rule("gap", "op 'pool' (MeanTokens): tensor 'last' has shape [2], expected [T, d] or [G, T, d]",
                        e -> e.op(new IntOp.MeanTokens("pool", "last", "z", ONE))),
                rule("gap", "op 'pool' (MeanTokens): tensor 'z' has shape [9], expected [8]", e -> e.shape("z", 9)),
                rule("gap", "op 'pool' (MeanTokens): needs one requantization multiplier, has 2",
                        e -> e.op(new IntOp.MeanTokens("pool", "h1", "z", TWO))),
                // LastToken
                rule("last", "op 'pool' (LastToken): tensor 'last' has shape [2], expected [T, d] or [G, T, d]",
                        e -> e.op(new IntOp.LastToken("pool", "last", "z"))),
                rule("last", "op 'pool' (LastToken): tensor 'z' has shape [9], expected [8]", e -> e.shape("z", 9)),
                rule("last", "op 'pool' (LastToken): tensor 'z' must keep the quantization of 'h1' (bits 8, signed, zero point 0)",
                        e -> e.zeroPoint("z", true, 1)),
                // AddBack
                rule("gap", "op 'add_back' (AddBack): tensor 'y_flat' has shape [3], expected rank 2",
                        e -> e.op(new IntOp.AddBack("add_back", "y_flat", "last", "y", IntArray.of(1)))),
                rule("gap", "op 'add_back' (AddBack): tensor 'x' has shape [8, 2], expected rank 1",
                        e -> e.op(new IntOp.AddBack("add_back", "y_rel", "x", "y", IntArray.of(1)))),
                rule("gap", "op 'add_back' (AddBack): tensor 'n1' must have zero point 0 (has 1)",
                        e -> e.op(new IntOp.AddBack("add_back", "n1", "last", "y", IntArray.of(new int[8])))),
                rule("gap", "op 'add_back' (AddBack): source channel 2 outside [0, 1]",
                        e -> e.op(new IntOp.AddBack("add_back", "y_rel", "last", "y", IntArray.of(2)))),
                rule("gap", "op 'add_back' (AddBack): tensor 'y' has shape [1, 3], expected [3, 1]", e -> e.shape("y", 1, 3)),
                rule("gap", "op 'add_back' (AddBack): tensor 'y' must keep the quantization of 'last' (bits 8, signed, zero point 3)",
                        e -> e.zeroPoint("y", true, 2)),
                // the validator's own checks
                rule("gap", "tensor 'z' is registered under the name 'zz'", e -> e.tensors().put("zz", e.t("z"))));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void eachRuleBrokenAloneGivesItsOwnError(String head, String expected, Consumer<Edit> edit) {
        assertThatThrownBy(() -> edited(head, edit)).isInstanceOf(UserError.class).hasMessage(expected);
    }

    @org.junit.jupiter.api.Test
    void constructorsCheckShiftsAndCountsAtTheirBounds() {
        assertThat(new IntOp.Add("a", "x", "y", "z", 1, 0, 0).k()).isEqualTo(1);
        assertThat(new IntOp.Add("a", "x", "y", "z", 30, 0, 0).k()).isEqualTo(30);
        for (int k : new int[] {0, 31}) {
            assertThatThrownBy(() -> new IntOp.Add("a", "x", "y", "z", k, 1, 1)).isInstanceOf(UserError.class)
                    .hasMessage("op 'a' (Add): shift k = " + k + " outside [1, 30]");
            assertThatThrownBy(() -> new IntOp.ChannelAffine("c", "x", "y", k, IntArray.of(1), IntArray.of(0)))
                    .isInstanceOf(UserError.class).hasMessage("op 'c' (ChannelAffine): shift k = " + k + " outside [1, 30]");
        }
        assertThatThrownBy(() -> new IntOp.Add("a", "x", "y", "z", 5, -1, 0)).hasMessageContaining("must be ≥ 0");
        assertThatThrownBy(() -> new IntOp.Add("a", "x", "y", "z", 5, 0, -1)).hasMessageContaining("must be ≥ 0");
        IntOp.Linear smallest = new IntOp.Linear("l", "x", "y", 1, 1, 2, IntArray.of(1), 1, IntArray.of(0), ONE, 0, 0);
        assertThat(smallest.inFeatures() + smallest.outFeatures() + smallest.biasGroups()).isEqualTo(3);
    }
}
