package org.intformer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05Z");

    private static ModelFile.Contents sample() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", null);
        config.put("d-model", 4);
        config.put("lr", 0.1 + 0.2);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("seed", 7);
        provenance.put("metrics", Map.of("test-mse", 0.0273));
        float[] special = {Float.NaN, Float.intBitsToFloat(0x7fc00123), -0.0f, Float.MIN_VALUE,
                Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 1f / 3f, 0f};
        return new ModelFile.Contents(config, provenance, List.of(
                new NamedTensor("embed.weight", new int[] {2, 4}, special),
                new NamedTensor("scalar", new int[] {}, new float[] {42.5f}),
                new NamedTensor("empty", new int[] {0, 3}, new float[0]),
                new NamedTensor("embed.bias", new int[] {4}, new float[] {1, -2, 3, -4})));
    }

    private static byte[] sampleBytes() {
        return ModelFile.encode(sample(), CREATED);
    }

    private static UserError decodeFails(byte[] bytes) {
        Throwable thrown = catchThrowable(() -> ModelFile.decode(bytes, "m.bin"));
        assertThat(thrown).isInstanceOf(UserError.class);
        assertThat(thrown.getMessage()).startsWith("m.bin: ").doesNotContain("\n");
        return (UserError) thrown;
    }

    /** Rewrites the JSON header and recomputes length and CRC, as a careless or malicious writer would. */
    private static byte[] withHeader(Consumer<ObjectNode> edit) throws IOException {
        byte[] original = sampleBytes();
        ByteBuffer in = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = in.getInt(8);
        ObjectNode header = (ObjectNode) Json.MAPPER.readTree(new String(original, 12, headerLength, StandardCharsets.UTF_8));
        edit.accept(header);
        byte[] json = Json.MAPPER.writeValueAsBytes(header);
        int payload = original.length - 12 - headerLength - 4;
        ByteBuffer out = ByteBuffer.allocate(12 + json.length + payload + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put(original, 0, 8).putInt(json.length).put(json).put(original, 12 + headerLength, payload);
        out.putInt((int) ModelFile.crc(out.array(), out.position()));
        return out.array();
    }

    private static ObjectNode tensor(ObjectNode header, int i) {
        return (ObjectNode) header.get("tensors").get(i);
    }

    @Test
    void roundTripIsBitExactAndKeepsOrder() {
        Path file = dir.resolve("models/m.bin");
        ModelFile.write(file, sample());
        ModelFile.Contents back = ModelFile.read(file);
        assertThat(back.tensors()).containsExactlyElementsOf(sample().tensors()); // equality by raw bits
        assertThat(back.tensors()).extracting(NamedTensor::name)
                .containsExactly("embed.weight", "scalar", "empty", "embed.bias");
        assertThat(Float.floatToRawIntBits(back.tensor("embed.weight").data()[1])).isEqualTo(0x7fc00123);
        assertThat(back.tensor("scalar").shape()).isEmpty();
        assertThat(back.config()).containsExactlyEntriesOf(sample().config());
        assertThat(back.config().get("lr")).isEqualTo(0.1 + 0.2);
        assertThat(back.provenance()).containsEntry("seed", 7).containsEntry("metrics", Map.of("test-mse", 0.0273));
    }

    @Test
    void sameContentsAndTimeGiveIdenticalBytes() throws IOException {
        ModelFile.write(dir.resolve("a.bin"), sample(), CREATED);
        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(sampleBytes());
        assertThat(sampleBytes()).startsWith(0x89, 'I', 'N', 'T', 'F', 'M', 'R', '\n');
        String header = new String(sampleBytes(), StandardCharsets.ISO_8859_1);
        assertThat(header).contains("\"format\":\"intformer-float-model\",\"version\":1,\"created\":\"2025-01-02T03:04:05Z\"");
    }

    @Test
    void emptyModelRoundTrips() {
        ModelFile.Contents empty = new ModelFile.Contents(Map.of(), Map.of(), List.of());
        assertThat(ModelFile.decode(ModelFile.encode(empty, CREATED), "e.bin").tensors()).isEmpty();
    }

    @Test
    void truncationAtEveryLengthIsAUserError() {
        byte[] bytes = sampleBytes();
        for (int length = 0; length < bytes.length; length++) {
            UserError e = decodeFails(java.util.Arrays.copyOf(bytes, length));
            assertThat(e.getMessage()).as("length %d", length).contains("truncated");
        }
    }

    @Test
    void everyFlippedByteIsAUserError() {
        byte[] bytes = sampleBytes();
        for (int i = 0; i < bytes.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] copy = bytes.clone();
                copy[i] ^= (byte) bit;
                decodeFails(copy);
            }
        }
    }

    @Test
    void flippedPayloadByteIsReportedAsCorrupted() {
        byte[] bytes = sampleBytes();
        bytes[bytes.length - 6] ^= 0x10;
        assertThat(decodeFails(bytes)).hasMessageStartingWith("m.bin: corrupted (CRC-32 mismatch");
    }

    @Test
    void wrongMagicIsNotAModelFile() throws IOException {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "date,OT\n2020-01-01,1.0\n");
        assertThatThrownBy(() -> ModelFile.read(csv)).isInstanceOf(UserError.class)
                .hasMessage(csv + ": not an intformer model file (wrong magic bytes)");
        assertThat(decodeFails(new byte[0])).hasMessageContaining("truncated");
    }

    @Test
    void missingFileIsAUserError() {
        Path missing = dir.resolve("none.bin");
        assertThatThrownBy(() -> ModelFile.read(missing)).isInstanceOf(UserError.class)
                .hasMessage(missing + ": model file not found");
    }

    @Test
    void futureVersionNamesBothVersions() throws IOException {
        assertThat(decodeFails(withHeader(h -> h.put("version", 2))))
                .hasMessage("m.bin: unsupported model file version 2 (this intformer reads version 1)");
    }

    @Test
    void otherFormatIsRejected() throws IOException {
        assertThat(decodeFails(withHeader(h -> h.put("format", "intformer-int-model"))))
                .hasMessageContaining("not a float model (format 'intformer-int-model'");
    }

    @Test
    void headerLyingAboutSizesIsMalformed() throws IOException {
        assertThat(decodeFails(withHeader(h -> tensor(h, 0).put("count", 7))))
                .hasMessageContaining("malformed header: tensor 'embed.weight' has count 7 but shape [2, 4] needs 8");
        assertThat(decodeFails(withHeader(h -> ((ArrayNode) tensor(h, 0).get("shape")).set(1, 5))))
                .hasMessageContaining("malformed header");
        assertThat(decodeFails(withHeader(h -> tensor(h, 3).put("offset", 4))))
                .hasMessageContaining("at offset 4, expected 36");
        assertThat(decodeFails(withHeader(h -> {
            tensor(h, 3).put("count", 40);
            ((ArrayNode) tensor(h, 3).get("shape")).set(0, 40);
        }))).hasMessageContaining("'embed.bias' ends at payload byte 196 but the payload has 52 bytes");
        assertThat(decodeFails(withHeader(h -> ((ArrayNode) h.get("tensors")).remove(3))))
                .hasMessageContaining("tensors cover 36 payload bytes but the file holds 52");
        assertThat(decodeFails(withHeader(h -> tensor(h, 1).put("count", -1))))
                .hasMessageContaining("no valid \"count\"");
        assertThat(decodeFails(withHeader(h -> ((ArrayNode) tensor(h, 0).get("shape")).set(0, -2))))
                .hasMessageContaining("bad dimension -2");
    }

    @Test
    void duplicateNamesAreMalformed() throws IOException {
        assertThat(decodeFails(withHeader(h -> tensor(h, 3).put("name", "scalar"))))
                .hasMessageContaining("duplicate tensor name 'scalar'");
        assertThatThrownBy(() -> new ModelFile.Contents(Map.of(), Map.of(), List.of(
                new NamedTensor("a", new int[] {1}, new float[1]), new NamedTensor("a", new int[] {1}, new float[1]))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingHeaderPartsAreMalformed() throws IOException {
        assertThat(decodeFails(withHeader(h -> h.remove("config")))).hasMessageContaining("\"config\" must be a JSON object");
        assertThat(decodeFails(withHeader(h -> h.put("tensors", "none")))).hasMessageContaining("\"tensors\" must be a JSON array");
        assertThat(decodeFails(withHeader(h -> h.remove("version")))).hasMessageContaining("no integer \"version\"");
        assertThat(decodeFails(withHeader(h -> tensor(h, 0).remove("name")))).hasMessageContaining("tensor #0 has no name");
    }

    @Test
    void headerThatIsNotJsonIsMalformed() {
        byte[] json = "{not json".getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(12 + json.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ModelFile.MAGIC).putInt(json.length).put(json);
        out.putInt((int) ModelFile.crc(out.array(), out.position()));
        assertThat(decodeFails(out.array())).hasMessage("m.bin: malformed header: not a JSON object");
    }

    @Test
    void headerLengthBeyondTheFileIsTruncated() {
        byte[] bytes = sampleBytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7fffffff);
        assertThat(decodeFails(bytes)).hasMessageContaining("truncated");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1);
        assertThat(decodeFails(bytes)).hasMessageContaining("truncated");
    }

    @Test
    void trailingGarbageIsCorruption() {
        byte[] bytes = java.util.Arrays.copyOf(sampleBytes(), sampleBytes().length + 3);
        decodeFails(bytes);
    }

    @Test
    void namedTensorChecksItsSize() {
        assertThatThrownBy(() -> new NamedTensor("w", new int[] {2, 3}, new float[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6 values, data has 5");
        assertThatThrownBy(() -> new NamedTensor("", new int[] {1}, new float[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NamedTensor("w", new int[] {-1}, new float[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NamedTensor("w", new int[] {1 << 16, 1 << 16}, new float[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // Boundaries of the reader, each with the exact message a user sees (found by mutation testing).

    @Test
    void aCutInThePayloadIsTruncatedWithTheSizeTheHeaderDescribes() {
        byte[] bytes = sampleBytes();
        assertThat(decodeFails(java.util.Arrays.copyOf(bytes, bytes.length - 10)))
                .hasMessage("m.bin: truncated (" + (bytes.length - 10) + " bytes, the header describes " + bytes.length + ")");
    }

    @Test
    void theSmallestPossibleFileIsReadNotCalledTooShort() {
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ModelFile.MAGIC).putInt(0);
        out.putInt((int) ModelFile.crc(out.array(), 12));
        assertThat(decodeFails(out.array())).hasMessage("m.bin: malformed header: not a JSON object");
    }

    @Test
    void aHeaderThatLeavesNoRoomForTheChecksumIsTruncated() {
        byte[] bytes = sampleBytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, bytes.length - 12);
        assertThat(decodeFails(bytes)).hasMessage("m.bin: truncated (the header alone needs " + (bytes.length + 4)
                + " bytes, the file has " + bytes.length + ")");
    }

    @Test
    void aDamagedFileWhoseHeaderClaimsTheLargestTensorIsTruncatedOneMoreIsCorrupted() throws IOException {
        long largest = Integer.MAX_VALUE - 8; // the largest file the reader accepts, and so the largest count
        byte[] claims = withHeader(h -> tensor(h, 3).put("count", largest));
        claims[claims.length - 6] ^= 1;
        assertThat(decodeFails(claims)).hasMessageContaining("truncated").hasMessageContaining("describes");
        byte[] beyond = withHeader(h -> tensor(h, 3).put("count", largest + 1));
        beyond[beyond.length - 6] ^= 1;
        assertThat(decodeFails(beyond)).hasMessageStartingWith("m.bin: corrupted (CRC-32 mismatch");
    }

    @Test
    void aCountThatDisagreesWithAnEmptyShapeNamesWhatTheShapeNeeds() throws IOException {
        assertThat(decodeFails(withHeader(h -> tensor(h, 2).put("count", 5))))
                .hasMessage("m.bin: malformed header: tensor 'empty' has count 5 but shape [0, 3] needs 0");
    }

    @Test
    void namedTensorsCompareByNameShapeAndBitsAndSayWhatTheyAre() {
        NamedTensor a = new NamedTensor("w", new int[] {2}, new float[] {Float.NaN, 0f});
        assertThat(a).isEqualTo(new NamedTensor("w", new int[] {2}, new float[] {Float.NaN, 0f}))
                .hasSameHashCodeAs(new NamedTensor("w", new int[] {2}, new float[] {Float.NaN, 0f}));
        assertThat(a).isNotEqualTo(new NamedTensor("v", new int[] {2}, new float[] {Float.NaN, 0f}))
                .isNotEqualTo(new NamedTensor("w", new int[] {1, 2}, new float[] {Float.NaN, 0f}))
                .isNotEqualTo(new NamedTensor("w", new int[] {1}, new float[] {Float.NaN}))
                .isNotEqualTo(new NamedTensor("w", new int[] {2}, new float[] {Float.NaN, -0f}))
                .isNotEqualTo("w");
        // tensors that differ in one part only hash apart (a constant or a lost part would collide)
        assertThat(a.hashCode()).isNotEqualTo(new NamedTensor("v", new int[] {2}, new float[] {Float.NaN, 0f}).hashCode())
                .isNotEqualTo(new NamedTensor("w", new int[] {1, 2}, new float[] {Float.NaN, 0f}).hashCode())
                .isNotEqualTo(new NamedTensor("w", new int[] {2}, new float[] {1f, 0f}).hashCode());
        assertThat(a).hasToString("NamedTensor[w [2]]");
        assertThat(NamedTensor.elementCount(new int[] {Integer.MAX_VALUE - 8})).isEqualTo(Integer.MAX_VALUE - 8);
        assertThat(NamedTensor.elementCount(new int[] {Integer.MAX_VALUE - 7})).isEqualTo(-1);
        assertThat(NamedTensor.elementCount(new int[] {3, 0, -1})).isEqualTo(-1);
    }
}
