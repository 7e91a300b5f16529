package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.intformer.UserError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InterpreterTest {

    private static void assertMatchesReference(IntModel model, int[] window) {
        assertMatchesReference(model, List.of(window));
    }

    private static void assertMatchesReference(IntModel model, List<int[]> inputs) {
        Interpreter.Result result = new Interpreter(model).run(inputs, true);
        Map<String, long[]> expected = ReferenceInterpreter.run(model, inputs);
        for (String name : model.tensors().keySet()) {
            int[] actual = result.tensors().get(name);
            long[] want = expected.get(name);
            assertThat(actual).as("tensor %s", name).hasSize(want.length);
            for (int i = 0; i < want.length; i++) {
                assertThat((long) actual[i]).as("tensor %s [%d]", name, i).isEqualTo(want[i]);
            }
        }
        for (IntOp op : model.ops()) {
            assertThat(result.saturations().get(op.name())).as("saturations of %s", op.name())
                    .isEqualTo(expected.get("#sat:" + op.name())[0]);
        }
        assertThat(result.output()).isEqualTo(result.tensors().get(model.output()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gap", "last", "flatten"})
    void endToEndModelMatchesTheIndependentReference(String head) {
        Random random = new Random(head.hashCode());
        for (int seed = 0; seed < 8; seed++) {
            IntModel model = TestModels.encoder(seed, head);
            for (int w = 0; w < 10; w++) {
                assertMatchesReference(model, TestModels.window(random));
            }
            assertMatchesReference(model, new int[TestModels.L * TestModels.M]);
            int[] extreme = new int[TestModels.L * TestModels.M];
            java.util.Arrays.fill(extreme, -128);
            extreme[extreme.length - 1] = 127;
            assertMatchesReference(model, extreme);
        }
    }

    /**
     * Saturation counts are a model-quality signal: with activations of 4 and 5 bits and windows at the edge of the range every op that can saturate does, and each op's
     * count equals the reference interpreter's (at 8 bits some ops never saturate, so a kernel that always
     * reported 0 would pass the test above).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gap", "last", "flatten"})
    void everyOpCountsItsSaturationsLikeTheReference(String head) {
        Random random = new Random(head.hashCode() + 1);
        Map<String, Long> byKind = new java.util.TreeMap<>();
        for (int bits : new int[] {4, 5, 8}) {
            for (int seed = 0; seed < 3; seed++) {
                IntModel model = TestModels.encoder(seed, head, bits);
                for (int w = 0; w < 6; w++) {
                    int[] window = TestModels.window(random);
                    // the last time step at the edge of the range: the forecast added back to it leaves the range
                    for (int c = 0; c < TestModels.M; c++) {
                        window[window.length - 1 - c] = w % 2 == 0 ? 127 : -128;
                    }
                    assertMatchesReference(model, window);
                    Interpreter.Result r = new Interpreter(model).run(window);
                    for (IntOp op : model.ops()) {
                        byKind.merge(op.kind(), r.saturations().get(op.name()), Long::sum);
                    }
                    assertThat(r.totalSaturations()).isEqualTo(r.saturations().values().stream().mapToLong(Long::longValue).sum());
                }
            }
        }
        // Copies never saturate; nor does RelativeInput (its output must have a bit more than its input) or Softmax
        // (each LUT entry is at most the row's sum, so P = floor((2·E·p_max + sum)/(2·sum)) ≤ p_max).
        byKind.forEach((kind, n) -> {
            if (List.of("Reshape", "LastToken", "RelativeInput", "Softmax").contains(kind)) {
                assertThat(n).as(kind).isZero();
            } else {
                assertThat(n).as(kind).isPositive();
            }
        });
        assertThat(byKind).containsKeys("Linear", "Add", "ChannelAffine", "AttentionScores", "AttentionApply", "AddBack");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gap", "last", "flatten"})
    void interSeriesModelMatchesTheIndependentReference(String head) {
        Random random = new Random(head.hashCode() + 1);
        for (int seed = 0; seed < 6; seed++) {
            IntModel model = TestModels.interSeries(seed, head);
            assertThat(model.formatVersion()).isEqualTo(2);
            assertThat(model.extraInputs()).containsExactly("dates");
            for (int w = 0; w < 8; w++) {
                assertMatchesReference(model, TestModels.seriesInputs(random));
            }
            int[] extreme = new int[TestModels.L * TestModels.N];
            java.util.Arrays.fill(extreme, 127);
            extreme[extreme.length - 1] = -128;
            int[] dates = new int[(TestModels.L + TestModels.H) * TestModels.F];
            java.util.Arrays.fill(dates, -127);
            assertMatchesReference(model, List.of(extreme, dates));
        }
    }

    @Test
    void extraInputsAreCheckedLikeTheWindow() {
        Interpreter interpreter = new Interpreter(TestModels.interSeries(1, "gap"));
        assertThatThrownBy(() -> interpreter.run(new int[TestModels.L * TestModels.N])).isInstanceOf(UserError.class)
                .hasMessage("the model reads 2 input tensors ('x' and [dates]), given 1");
        int[] dates = new int[(TestModels.L + TestModels.H) * TestModels.F];
        dates[3] = 128;
        assertThatThrownBy(() -> interpreter.run(List.of(new int[TestModels.L * TestModels.N], dates), false))
                .isInstanceOf(UserError.class).hasMessage("input value 128 at index 3 outside the signed 8-bit range [-128, 127] of 'dates'");
        assertThatThrownBy(() -> interpreter.run(List.of(new int[TestModels.L * TestModels.N], new int[2]), false))
                .isInstanceOf(UserError.class).hasMessageContaining("'dates' [11, 2] needs 22");
    }

    @Test
    void resultsAreDeterministicAndIndependentOfTheThreadCount() {
        IntModel model = TestModels.encoder(42, "gap");
        Random random = new Random(7);
        List<int[]> windows = new ArrayList<>();
        for (int i = 0; i < 57; i++) {
            windows.add(TestModels.window(random));
        }
        Interpreter interpreter = new Interpreter(model);
        List<Interpreter.Result> one = interpreter.runAll(windows, 1);
        for (int threads : new int[] {2, 3, 8, 100}) {
            List<Interpreter.Result> many = interpreter.runAll(windows, threads);
            for (int i = 0; i < windows.size(); i++) {
                assertThat(many.get(i).output()).isEqualTo(one.get(i).output());
                assertThat(many.get(i).saturations()).isEqualTo(one.get(i).saturations());
            }
        }
        assertThat(new Interpreter(TestModels.encoder(42, "gap")).run(windows.get(0)).output())
                .isEqualTo(one.get(0).output());
        assertThat(interpreter.runAll(List.of(), 2)).isEmpty();
        Map<String, Long> total = Interpreter.totalSaturations(one);
        assertThat(total.keySet()).containsExactlyElementsOf(model.ops().stream().map(IntOp::name).toList());
        assertThat(total.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(one.stream().mapToLong(Interpreter.Result::totalSaturations).sum());
    }

    @Test
    void outputHasTheModelsShapeAndRange() {
        IntModel model = TestModels.encoder(3, "flatten");
        Interpreter.Result r = new Interpreter(model).run(TestModels.window(new Random(1)));
        assertThat(r.output()).hasSize(TestModels.H);
        for (int v : r.output()) {
            assertThat(v).isBetween(-128, 127);
        }
        assertThat(r.tensors()).isEmpty();
        assertThat(r.saturations()).hasSize(model.ops().size());
    }

    @Test
    void badWindowsAreUserErrors() {
        Interpreter interpreter = new Interpreter(TestModels.encoder(1, "gap"));
        assertThatThrownBy(() -> interpreter.run(new int[3])).isInstanceOf(UserError.class)
                .hasMessage("input window has 3 values, the model's input 'x' [8, 2] needs 16");
        int[] window = new int[16];
        window[5] = 128;
        assertThatThrownBy(() -> interpreter.run(window)).isInstanceOf(UserError.class)
                .hasMessage("input value 128 at index 5 outside the signed 8-bit range [-128, 127] of 'x'");
        assertThatThrownBy(() -> interpreter.runAll(List.of(new int[16], window), 2)).isInstanceOf(UserError.class)
                .hasMessageStartingWith("window 1: input value 128");
    }

    @Test
    void describeListsOpsAndCountsMacs() {
        IntModel model = TestModels.encoder(1, "gap");
        int t = TestModels.T;
        int d = TestModels.D;
        long expected = (long) t * 4 * d          // embedding
                + 4L * t * d * d                 // q, k, v, o
                + 2L * t * t * d                 // scores and apply: heads·T·T·dh each
                + 2L * t * d * TestModels.FFN    // ffn1, ffn2
                + 2 * (2L * t * d + (long) t * d) // two Adds and two ChannelAffines
                + (long) d * TestModels.H;       // head
        assertThat(model.macs()).isEqualTo(expected);
        String table = model.describe();
        assertThat(table).contains("Linear", "embed", "AttentionScores", "Softmax", "AddBack", "acc bits",
                expected + " MACs per inference");
        assertThat(table.lines().count()).isEqualTo(model.ops().size() + 2);
    }
}
