package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.intformer.UserError;
import org.intformer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntModelFileTest {

    @TempDir
    Path dir;

    /** A small model: every byte can be cut or flipped in a fraction of a second. */
    private static IntModel small() {
        return new IntModelBuilder()
                .metadata("config", java.util.Map.of("d", 2))
                .input(TensorSpec.signed("x", 8, 0.1, 3, 2, 2))
                .op(new IntOp.RelativeInput("rel", "x", "r", "last"), TensorSpec.signed("r", 9, 0.1, 0, 2, 2),
                        TensorSpec.signed("last", 8, 0.1, 3, 2))
                .op(new IntOp.Linear("fc", "r", "h", 2, 2, 8, IntArray.of(-128, 127, 5, -3), 2, IntArray.of(1000, -70000, 3, 4),
                        new Requant(IntArray.of(1 << 30, 1 << 29), IntArray.of(38, 37)), -128, 127), TensorSpec.signed("h", 8, 0.2, 0, 2, 2))
                .op(new IntOp.AddBack("back", "h", "last", "y", IntArray.of(1, 0)), TensorSpec.signed("y", 8, 0.1, 3, 2, 2))
                .build();
    }

    private static String error(byte[] bytes) {
        Throwable t = catchThrowable(() -> IntModelFile.decode(bytes, "m.iqm"));
        assertThat(t).isInstanceOf(UserError.class);
        assertThat(t.getMessage()).startsWith("m.iqm: ").doesNotContain("\n");
        return t.getMessage();
    }

    /** The file with its header rewritten by {@code edit} and the CRC recomputed: a consistent lie. */
    private static byte[] withHeader(byte[] file, Consumer<ObjectNode> edit) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getInt(8);
        ObjectNode header = (ObjectNode) Json.MAPPER.readTree(new String(file, 12, headerLength, StandardCharsets.UTF_8));
        edit.accept(header);
        byte[] payload = Arrays.copyOfRange(file, 12 + headerLength, file.length - 4);
        return IntModelFile.assemble(Json.MAPPER.writeValueAsBytes(header), payload);
    }

    private static byte[] withPayload(byte[] file, Consumer<byte[]> edit) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getInt(8);
        byte[] payload = Arrays.copyOfRange(file, 12 + headerLength, file.length - 4);
        edit.accept(payload);
        return IntModelFile.assemble(Arrays.copyOfRange(file, 12, 12 + headerLength), payload);
    }

    @Test
    void roundTripsExactlyAndDeterministically() {
        for (String head : new String[] {"gap", "last", "flatten"}) {
            IntModel model = TestModels.encoder(4, head);
            Path file = dir.resolve(head + ".iqm");
            IntModelFile.write(file, model);
            IntModel back = IntModelFile.read(file);
            assertThat(back.ops()).isEqualTo(model.ops());
            assertThat(back.tensors()).isEqualTo(model.tensors());
            assertThat(back.input()).isEqualTo(model.input());
            assertThat(back.output()).isEqualTo(model.output());
            assertThat(back.metadata()).containsEntry("head", head);
            assertThat(IntModelFile.encode(back)).isEqualTo(IntModelFile.encode(model));
            int[] window = TestModels.window(new Random(1));
            assertThat(new Interpreter(back).run(window).output()).isEqualTo(new Interpreter(model).run(window).output());
        }
    }

    @Test
    void arraysUseTheNarrowestEncoding() throws Exception {
        byte[] file = IntModelFile.encode(small());
        int headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        var header = Json.MAPPER.readTree(new String(file, 12, headerLength, StandardCharsets.UTF_8));
        var fc = header.get("ops").get(1);
        assertThat(fc.get("weights").get("encoding").textValue()).isEqualTo("int8");
        assertThat(fc.get("bias").get("encoding").textValue()).isEqualTo("int32");
        assertThat(fc.get("requant").get("n").get("encoding").textValue()).isEqualTo("int8");
        assertThat(Arrays.copyOf(file, 8)).isEqualTo(new byte[] {(byte) 0x89, 'I', 'N', 'T', 'Q', 'N', 'T', '\n'});
    }

    @Test
    void everyTruncationIsAOneLineUserError() {
        byte[] file = IntModelFile.encode(small());
        for (int length = 0; length < file.length; length++) {
            String message = error(Arrays.copyOf(file, length));
            if (length >= 8) {
                assertThat(message).as("length %d", length).containsAnyOf("truncated", "corrupted");
            }
        }
        assertThat(error(Arrays.copyOf(file, file.length - 10))).contains("truncated");
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] file = IntModelFile.encode(small());
        for (int i = 0; i < file.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] copy = file.clone();
                copy[i] ^= (byte) (1 << bit);
                error(copy);
            }
        }
    }

    @Test
    void wrongMagicFutureVersionAndOtherFormats() throws Exception {
        byte[] file = IntModelFile.encode(small());
        byte[] floatMagic = file.clone();
        floatMagic[4] = 'F';
        assertThat(error(floatMagic)).isEqualTo("m.iqm: not an intformer integer model file (wrong magic bytes)");
        assertThat(error("hello".getBytes(StandardCharsets.UTF_8))).contains("wrong magic bytes");
        assertThat(error(withHeader(file, h -> h.put("version", 2))))
                .isEqualTo("m.iqm: unsupported integer model file version 2 (this intformer reads version 1)");
        assertThat(error(withHeader(file, h -> h.put("format", "intformer-float-model"))))
                .contains("not an integer model (format 'intformer-float-model'");
        assertThat(error(withHeader(file, h -> h.put("irVersion", 7))))
                .isEqualTo("m.iqm: integer model format version 7 is not supported (this intformer has 1 to 2)");
        assertThat(error(IntModelFile.assemble("[1]".getBytes(StandardCharsets.UTF_8), new byte[0])))
                .isEqualTo("m.iqm: malformed header: not a JSON object");
    }

    @Test
    void lyingSizesAreCaught() throws Exception {
        byte[] file = IntModelFile.encode(small());
        assertThat(error(withHeader(file, h -> h.put("payloadBytes", 3))))
                .startsWith("m.iqm: malformed header: payloadBytes is 3 but the file holds");
        assertThat(error(withHeader(file, h -> weights(h).put("count", 5))))
                .isEqualTo("m.iqm: malformed header: op #1.bias at payload offset 4, expected 5 (arrays are stored back to back)");
        assertThat(error(withHeader(file, h -> weights(h).put("count", 3))))
                .isEqualTo("m.iqm: malformed header: op #1.bias at payload offset 4, expected 3 (arrays are stored back to back)");
        assertThat(error(withHeader(file, h -> weights(h).put("offset", 1))))
                .isEqualTo("m.iqm: malformed header: op #1.weights at payload offset 1, expected 0 (arrays are stored back to back)");
        assertThat(error(withHeader(file, h -> weights(h).put("count", 1000000))))
                .contains("op #1.weights ends at payload byte 1000000 but the payload has");
        assertThat(error(withHeader(file, h -> weights(h).put("encoding", "int4")))).contains("op #1.weights.encoding must be");
        assertThat(error(withHeader(file, h -> weights(h).put("count", -1)))).contains("op #1.weights.count must be an integer");
        // Weights and shapes that disagree in a consistent file: the IR's checks report them.
        assertThat(error(withHeader(file, h -> ((ObjectNode) h.get("ops").get(1)).put("inFeatures", 1))))
                .isEqualTo("m.iqm: op 'fc' (Linear): 4 weights, expected 1·2");
        assertThat(error(withHeader(file, h -> ((ArrayNode) h.get("tensors").get(0).get("shape")).set(0, 3))))
                .startsWith("m.iqm: op 'rel' (RelativeInput): tensor 'r' has shape [2, 2], expected [3, 2]");
        assertThat(error(withHeader(file, h -> ((ObjectNode) h.get("ops").get(1)).put("op", "Conv"))))
                .isEqualTo("m.iqm: malformed header: op #1 has unknown type 'Conv'");
        assertThat(error(withHeader(file, h -> ((ObjectNode) h.get("ops").get(1)).remove("lo"))))
                .isEqualTo("m.iqm: malformed header: op #1 needs a 32-bit integer \"lo\"");
    }

    private static ObjectNode weights(ObjectNode header) {
        return (ObjectNode) header.get("ops").get(1).get("weights");
    }

    @Test
    void outOfRangeValuesInAConsistentFileAreRejected() throws Exception {
        byte[] file = IntModelFile.encode(small());
        // Weights are 4 int8 at payload offset 0; 8-bit weights cannot hold −128 − 1 but a 4-bit model cannot hold 127.
        assertThat(error(withHeader(file, h -> ((ObjectNode) h.get("ops").get(1)).put("weightBits", 4))))
                .isEqualTo("m.iqm: op 'fc' (Linear): weight -128 at [0, 0] outside the signed 4-bit range [-8, 7]");
        assertThat(error(withHeader(file, h -> ((ObjectNode) h.get("tensors").get(0)).put("zeroPoint", 200))))
                .isEqualTo("m.iqm: tensor 'x': zero point 200 outside its signed 8-bit range [-128, 127]");
        assertThat(error(withHeader(file, h -> ((ObjectNode) h.get("tensors").get(0)).put("bits", 40))))
                .isEqualTo("m.iqm: tensor 'x': 40 bits outside [2, 16]");
        // n of the first channel is byte 4·1 + 4·4 (bias int32) + 2·4 (m0 int32) = 28 of the payload.
        assertThat(error(withPayload(file, p -> p[28] = 63))).isEqualTo("m.iqm: requantization shift n = 63 outside [0, 62]");
        assertThat(error(withPayload(file, p -> p[27] = (byte) 0x80))).isEqualTo("m.iqm: requantization multiplier m0 = -2147483648 outside [0, 2^31)");
    }

    @Test
    void missingAndUnreadableFiles() throws Exception {
        Path missing = dir.resolve("none.iqm");
        assertThatThrownBy(() -> IntModelFile.read(missing)).isInstanceOf(UserError.class)
                .hasMessage(missing + ": integer model file not found");
        Path folder = Files.createDirectory(dir.resolve("folder.iqm"));
        assertThatThrownBy(() -> IntModelFile.read(folder)).isInstanceOf(UserError.class).hasMessageStartingWith(folder + ": ");
    }
}
