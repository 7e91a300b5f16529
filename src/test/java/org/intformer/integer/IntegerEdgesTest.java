package org.intformer.integer;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.intformer.UserError;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Boundaries and small contracts of the integer package that mutation testing found untested. */
class IntegerEdgesTest {
    @TempDir
    Path dir;

    @Test
    void intArraysMultiplyUpToTheLargestIntAndPrintShortOnesWhole() {
        assertThat(IntArray.of(Integer.MAX_VALUE).product()).isEqualTo(Integer.MAX_VALUE);
        assertThat(IntArray.of(65536, 32768).product()).isEqualTo(-1);
        assertThat(IntArray.of(3, 0, 5).product()).isZero();
        assertThat(IntArray.of().product()).isEqualTo(1);
        assertThat(IntArray.of(1, 2)).hasSameHashCodeAs(IntArray.of(1, 2));
        assertThat(IntArray.of(1, 2).hashCode()).isNotEqualTo(IntArray.of(2, 1).hashCode());
        int[] sixteen = new int[16];
        Arrays.setAll(sixteen, i -> i);
        assertThat(IntArray.of(sixteen)).hasToString(Arrays.toString(sixteen));
        int[] seventeen = Arrays.copyOf(sixteen, 17);
        assertThat(IntArray.of(seventeen)).hasToString("[0, 1, 2, 3, 4, 5, 6, 7, ... (17 values)]");
    }

    @Test
    void aShapeWithAZeroFirstDimensionIsRejected() {
        assertThatThrownBy(() -> TensorSpec.signed("t", 8, 1, 0, 0, 2)).isInstanceOf(UserError.class)
                .hasMessage("tensor 't': invalid shape [0, 2] (dimensions ≥ 1, at most 2^31 − 1 values)");
    }

    @Test
    void perChannelRequantKeepsEachMultiplier() {
        Multiplier a = Multiplier.of(0.5);
        Multiplier b = Multiplier.of(0.3);
        Requant r = Requant.perChannel(a, b);
        assertThat(r.count()).isEqualTo(2);
        assertThat(r.isSingle()).isFalse();
        assertThat(new int[] {r.m0(0), r.n(0), r.m0(1), r.n(1)}).containsExactly(a.m0(), a.n(), b.m0(), b.n());
        assertThat(Requant.of(a).isSingle()).isTrue();
    }

    @Test
    void naturalsRunToTheLargestInt() {
        assertThat(IrCodec.natural(IntNode.valueOf(Integer.MAX_VALUE), "n")).isEqualTo(Integer.MAX_VALUE);
        assertThat(IrCodec.natural(IntNode.valueOf(0), "n")).isZero();
        assertThatThrownBy(() -> IrCodec.natural(LongNode.valueOf(1L << 31), "n")).hasMessage("malformed header: n must be an integer in [0, 2^31)");
        assertThatThrownBy(() -> IrCodec.natural(IntNode.valueOf(-1), "n")).isInstanceOf(UserError.class);
    }

    @Test
    void aLinearWithZeroWeightsAndBiasIsValid() {
        TensorSpec x = TensorSpec.signed("x", 8, 0.1, 0, 4, 2);
        IntModel m = new IntModelBuilder().input(x).op(new IntOp.Linear("fc", "x", "y", 2, 3, 4, IntArray.of(new int[6]), 1,
                IntArray.of(0, 0, 0), Requant.single(1 << 30, 40), -128, 127), TensorSpec.signed("y", 8, 0.1, 0, 4, 3)).build();
        assertThat(m.rangeAnalysis().entry("fc").bound()).isZero();
        assertThat(m.rangeAnalysis().entry("fc").product()).isZero();
        assertThatThrownBy(() -> m.rangeAnalysis().entry("nope")).isInstanceOf(IllegalArgumentException.class).hasMessage("no op 'nope'");
    }

    /**
     * The embedding's bound, computed here independently: its input is the relative window, x − x[last] in
     * [−255, 255] for 8-bit x, so a channel's accumulator is at most 255·Σ_k |w[k, o]| + max over groups |b[g, o]|.
     */
    @Test
    void theRangeAnalysisBoundsTheEmbeddingFromTheRelativeInputsFullRange() {
        for (String head : List.of("gap", "last", "flatten")) {
            IntModel m = TestModels.encoder(5, head);
            IntOp.Linear embed = (IntOp.Linear) m.ops().stream().filter(op -> op.name().equals("embed")).findFirst().orElseThrow();
            long bound = 0;
            for (int o = 0; o < embed.outFeatures(); o++) {
                long sum = 0;
                for (int k = 0; k < embed.inFeatures(); k++) {
                    sum += 255L * Math.abs(embed.weights().get(k * embed.outFeatures() + o));
                }
                long bias = 0;
                for (int g = 0; g < embed.biasGroups(); g++) {
                    bias = Math.max(bias, Math.abs(embed.bias().get(g * embed.outFeatures() + o)));
                }
                bound = Math.max(bound, sum + bias);
            }
            assertThat(m.rangeAnalysis().entry("embed").bound()).as(head).isEqualTo(bound);
            assertThat(m.rangeAnalysis().entry("relative").bound()).isEqualTo(255);
            // one entry per op, in op order (describe() lines them up by index)
            assertThat(m.rangeAnalysis().entries()).extracting(RangeAnalysis.Entry::op)
                    .containsExactlyElementsOf(m.ops().stream().map(IntOp::name).toList());
        }
    }

    @Test
    void describeAlignsItsColumnsAndMarksUnsignedTensors() {
        IntModel m = TestModels.encoder(1, "flatten");
        List<String> lines = m.describe().lines().toList();
        List<String> table = lines.subList(0, m.ops().size() + 1);
        assertThat(table).extracting(String::length).containsOnly(table.get(0).length());
        // numbers right-aligned: op indices, accumulator bits and MACs end at their column's edge
        assertThat(table.get(1)).startsWith(" 0  RelativeInput");
        assertThat(table.get(10)).startsWith(" 9  ");
        assertThat(table.get(11)).startsWith("10  ");
        assertThat(table).allMatch(l -> l.endsWith("MACs") || Character.isDigit(l.charAt(l.length() - 1)));
        String softmax = table.stream().filter(l -> l.contains("Softmax")).findFirst().orElseThrow();
        assertThat(softmax).contains(" u8 ");
        assertThat(table.stream().filter(l -> l.contains("AttentionScores")).findFirst().orElseThrow()).contains(" s8 ");
        // the text columns are left-aligned: the header's "op" starts where every kind starts
        int kind = table.get(0).indexOf("op ");
        assertThat(table.subList(1, table.size())).allMatch(l -> Character.isLetter(l.charAt(kind)) && l.charAt(kind - 1) == ' ');
        int accBits = table.get(0).indexOf("acc bits") + "acc bits".length() - 1;
        assertThat(table.subList(1, table.size())).allMatch(l -> Character.isDigit(l.charAt(accBits)));
    }

    @Test
    void interpreterGivesItsModelAndAnInterruptedWaitStaysInterrupted() {
        IntModel m = TestModels.encoder(1, "gap");
        Interpreter interpreter = new Interpreter(m);
        assertThat(interpreter.model()).isSameAs(m);
        List<int[]> windows = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            windows.add(new int[TestModels.L * TestModels.M]);
        }
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> interpreter.runAll(windows, 2)).isInstanceOf(IllegalStateException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theBuilderHandsOutDeclaredSpecsOnly() {
        IntModelBuilder b = new IntModelBuilder().input(TensorSpec.signed("x", 8, 0.1, 0, 4, 2));
        assertThat(b.tensor("x").name()).isEqualTo("x");
        assertThatThrownBy(() -> b.tensor("y")).isInstanceOf(IllegalArgumentException.class).hasMessage("no tensor 'y' declared yet");
    }

    // The reader's framing boundaries, each with the exact message (as for the float model file).

    private static byte[] file() {
        return IntModelFile.encode(TestModels.encoder(1, "gap"));
    }

    private static UserError fails(byte[] bytes) {
        try {
            IntModelFile.decode(bytes, "m.iqm");
        } catch (UserError e) {
            return e;
        }
        throw new AssertionError("decoded");
    }

    @Test
    void theSmallestFileIsReadAndAHeaderWithoutRoomForTheChecksumIsTruncated() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(IntModelFile.MAGIC).putInt(0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, 12);
        b.putInt((int) crc.getValue());
        assertThat(fails(b.array())).hasMessage("m.iqm: malformed header: not a JSON object");
        byte[] bytes = file();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, bytes.length - 12);
        assertThat(fails(bytes)).hasMessage("m.iqm: truncated (the header alone needs " + (bytes.length + 4)
                + " bytes, the file has " + bytes.length + ")");
    }

    @Test
    void aCutPayloadIsTruncatedAndAFlippedPayloadByteIsCorrupted() {
        byte[] bytes = file();
        assertThat(fails(Arrays.copyOf(bytes, bytes.length - 10)))
                .hasMessage("m.iqm: truncated (" + (bytes.length - 10) + " bytes, the header describes " + bytes.length + ")");
        bytes[bytes.length - 6] ^= 1;
        assertThat(fails(bytes)).hasMessageStartingWith("m.iqm: corrupted (CRC-32 mismatch");
    }

    @Test
    void payloadBytesThatNoArrayUsesAreRejected() throws Exception {
        byte[] bytes = file();
        int header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        com.fasterxml.jackson.databind.node.ObjectNode h = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.MAPPER.readTree(new String(bytes, 12, header, StandardCharsets.UTF_8));
        byte[] payload = Arrays.copyOfRange(bytes, 12 + header, bytes.length - 4 + 3);
        h.put("payloadBytes", payload.length);
        assertThat(fails(IntModelFile.assemble(Json.MAPPER.writeValueAsBytes(h), payload)))
                .hasMessage("m.iqm: malformed header: 3 payload bytes at the end belong to no array");
    }

    @Test
    void looksLikeTellsIntegerModelFilesFromOthers() throws Exception {
        Path iqm = Files.write(dir.resolve("m.iqm"), file());
        Path other = Files.write(dir.resolve("m.ifm"), new byte[] {(byte) 0x89, 'I', 'N', 'T', 'F', 'M', 'R', '\n', 0, 0});
        Path shortFile = Files.write(dir.resolve("s"), new byte[] {(byte) 0x89, 'I'});
        assertThat(IntModelFile.looksLike(iqm)).isTrue();
        assertThat(IntModelFile.looksLike(other)).isFalse();
        assertThat(IntModelFile.looksLike(shortFile)).isFalse();
        assertThat(IntModelFile.looksLike(dir.resolve("missing"))).isFalse();
    }
}
