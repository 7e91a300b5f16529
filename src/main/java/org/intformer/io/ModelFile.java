package org.intformer.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.intformer.UserError;

/**
 * Reads and writes float models: named float32 tensors plus the configuration and provenance that explain
 * where they came from. The byte layout is specified in {@code docs/MODEL-FILE.md}; in short:
 *
 * <pre>
 * magic "\x89INTFMR\n" (8) | header length H, uint32 LE (4) | UTF-8 JSON header (H)
 *   | float32 LE payload, tensors back to back in header order | CRC-32 of everything before it, uint32 LE (4)
 * </pre>
 *
 * <p>Reading checks everything and reports any problem as a one-line {@link UserError} naming the file:
 * a model file is user input and may be truncated, corrupted, from another version or not a model at all.
 */
public final class ModelFile {

    /** 0x89 catches 7-bit transfers, the newline catches text-mode newline conversion (as in PNG). */
    static final byte[] MAGIC = {(byte) 0x89, 'I', 'N', 'T', 'F', 'M', 'R', '\n'};
    public static final String FORMAT = "intformer-float-model";
    public static final int VERSION = 1;

    private static final int PREFIX_BYTES = MAGIC.length + 4;
    private static final int CRC_BYTES = 4;
    /** Java arrays stop a little short of 2^31; the whole file is read into one. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private static final ObjectWriter HEADER_WRITER = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a model file holds.
     *
     * @param config     the training configuration (as {@code ConfigLoader.toMap} produces it)
     * @param provenance anything that explains the model: seed, data source and hash, versions, metrics
     * @param tensors    parameters and buffers, in a stable order, names unique
     */
    public record Contents(Map<String, Object> config, Map<String, Object> provenance, List<NamedTensor> tensors) {

        public Contents {
            config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
            provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
            tensors = List.copyOf(tensors);
            Set<String> names = new HashSet<>();
            for (NamedTensor t : tensors) {
                if (!names.add(t.name())) {
                    throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
                }
            }
        }

        /** The tensor called {@code name}, or null. */
        public NamedTensor tensor(String name) {
            return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        }
    }

    private ModelFile() {
    }

    /** Writes {@code contents} atomically, stamped with the current time. */
    public static void write(Path file, Contents contents) {
        write(file, contents, Instant.now());
    }

    /** Writes {@code contents} atomically; a fixed {@code created} gives byte-identical files. */
    public static void write(Path file, Contents contents, Instant created) {
        AtomicFiles.write(file, encode(contents, created));
    }

    /**
     * Reads and checks a model file.
     *
     * @throws UserError one line naming the file if it is missing, not a model file, of an unsupported
     *                   version, truncated, corrupted or inconsistent
     */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UserError(file + ": model file too large (" + Files.size(file) + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": model file not found");
        } catch (AccessDeniedException e) {
            throw new UserError(file + ": cannot read model file (permission denied)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read model file (" + e.getMessage() + ")");
        }
        return decode(bytes, file.toString());
    }

    /** The bytes of a model file holding {@code contents}. */
    public static byte[] encode(Contents contents, Instant created) {
        List<Map<String, Object>> index = new ArrayList<>();
        long payloadBytes = 0;
        for (NamedTensor t : contents.tensors()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", t.name());
            entry.put("shape", t.shape());
            entry.put("offset", payloadBytes);
            entry.put("count", t.data().length);
            index.add(entry);
            payloadBytes += 4L * t.data().length;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        header.put("created", created.toString());
        header.put("config", contents.config());
        header.put("provenance", contents.provenance());
        header.put("tensors", index);
        byte[] json;
        try {
            json = HEADER_WRITER.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config or provenance cannot be written as JSON", e);
        }
        long total = PREFIX_BYTES + json.length + payloadBytes + CRC_BYTES;
        if (total > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("model too large for one file: " + total + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).putInt(json.length).put(json);
        for (NamedTensor t : contents.tensors()) {
            for (float v : t.data()) {
                buffer.putInt(Float.floatToRawIntBits(v)); // raw bits: NaN payloads survive too
            }
        }
        buffer.putInt((int) crc(buffer.array(), buffer.position()));
        return buffer.array();
    }

    /**
     * Parses and checks the bytes of a model file.
     *
     * @param name the file name for error messages
     */
    public static Contents decode(byte[] bytes, String name) {
        return new Decoder(bytes, name).decode();
    }

    static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    /** One decoding pass; holds the file's bytes and name so that every check can report precisely. */
    private static final class Decoder {
        private final byte[] bytes;
        private final String name;
        private final ByteBuffer buffer;

        Decoder(byte[] bytes, String name) {
            this.bytes = bytes;
            this.name = name;
            this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        Contents decode() {
            checkMagic();
            if (bytes.length < PREFIX_BYTES + CRC_BYTES) {
                throw fail("truncated (" + bytes.length + " bytes, shorter than the smallest model file)");
            }
            long headerBytes = Integer.toUnsignedLong(buffer.getInt(MAGIC.length));
            long headerEnd = PREFIX_BYTES + headerBytes;
            if (headerEnd + CRC_BYTES > bytes.length) {
                throw fail("truncated (the header alone needs " + (headerEnd + CRC_BYTES)
                        + " bytes, the file has " + bytes.length + ")");
            }
            JsonNode header = parseHeader((int) headerEnd);
            long stored = Integer.toUnsignedLong(buffer.getInt(bytes.length - CRC_BYTES));
            long computed = crc(bytes, bytes.length - CRC_BYTES);
            if (stored != computed) {
                // A cut in the payload also breaks the CRC; say "truncated" when the header proves it.
                long expected = header == null ? -1 : declaredPayloadBytes(header);
                if (expected >= 0 && headerEnd + expected + CRC_BYTES > bytes.length) {
                    throw fail("truncated (" + bytes.length + " bytes, the header describes "
                            + (headerEnd + expected + CRC_BYTES) + ")");
                }
                throw fail(String.format("corrupted (CRC-32 mismatch: stored %08x, computed %08x)", stored, computed));
            }
            if (header == null) {
                throw fail("malformed header: not a JSON object");
            }
            checkFormatAndVersion(header);
            Map<String, Object> config = objectField(header, "config");
            Map<String, Object> provenance = objectField(header, "provenance");
            List<NamedTensor> tensors = readTensors(header, (int) headerEnd);
            return new Contents(config, provenance, tensors);
        }

        private void checkMagic() {
            int n = Math.min(bytes.length, MAGIC.length);
            if (!Arrays.equals(bytes, 0, n, MAGIC, 0, n)) {
                throw fail("not an intformer model file (wrong magic bytes)");
            }
            if (n < MAGIC.length) {
                throw fail("truncated (" + bytes.length + " bytes)");
            }
        }

        /** The JSON header, or null if it does not parse (which the CRC check then explains). */
        private JsonNode parseHeader(int headerEnd) {
            try {
                JsonNode node = Json.MAPPER.readTree(new String(bytes, PREFIX_BYTES, headerEnd - PREFIX_BYTES,
                        StandardCharsets.UTF_8));
                return node != null && node.isObject() ? node : null;
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        /** The payload size the header claims, or -1 if it does not say so clearly. */
        private static long declaredPayloadBytes(JsonNode header) {
            JsonNode tensors = header.get("tensors");
            if (tensors == null || !tensors.isArray()) {
                return -1;
            }
            long total = 0;
            for (JsonNode t : tensors) {
                JsonNode count = t.get("count");
                if (count == null || !count.isIntegralNumber() || !count.canConvertToLong() || count.longValue() < 0
                        || count.longValue() > MAX_FILE_BYTES) {
                    return -1;
                }
                total += 4 * count.longValue();
            }
            return total;
        }

        private void checkFormatAndVersion(JsonNode header) {
            JsonNode format = header.get("format");
            if (format == null || !format.isTextual()) {
                throw fail("malformed header: no \"format\"");
            }
            if (!format.textValue().equals(FORMAT)) {
                throw fail("not a float model (format '" + format.textValue() + "', expected '" + FORMAT + "')");
            }
            JsonNode version = header.get("version");
            if (version == null || !version.isIntegralNumber()) {
                throw fail("malformed header: no integer \"version\"");
            }
            if (!version.canConvertToInt() || version.intValue() != VERSION) {
                throw fail("unsupported model file version " + version.asText() + " (this intformer reads version "
                        + VERSION + ")");
            }
        }

        private Map<String, Object> objectField(JsonNode header, String field) {
            JsonNode node = header.get(field);
            if (node == null || !node.isObject()) {
                throw fail("malformed header: \"" + field + "\" must be a JSON object");
            }
            return Json.MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
        }

        private List<NamedTensor> readTensors(JsonNode header, int payloadStart) {
            JsonNode index = header.get("tensors");
            if (index == null || !index.isArray()) {
                throw fail("malformed header: \"tensors\" must be a JSON array");
            }
            long payloadBytes = (long) bytes.length - CRC_BYTES - payloadStart;
            List<NamedTensor> tensors = new ArrayList<>();
            Set<String> names = new HashSet<>();
            long offset = 0;
            for (JsonNode entry : index) {
                JsonNode nameNode = entry.get("name");
                if (nameNode == null || !nameNode.isTextual() || nameNode.textValue().isEmpty()) {
                    throw fail("malformed header: tensor #" + tensors.size() + " has no name");
                }
                String tensor = nameNode.textValue();
                if (!names.add(tensor)) {
                    throw fail("malformed header: duplicate tensor name '" + tensor + "'");
                }
                int[] shape = shape(entry.get("shape"), tensor);
                long count = nonNegative(entry.get("count"), tensor, "count");
                long declaredOffset = nonNegative(entry.get("offset"), tensor, "offset");
                long needed = NamedTensor.elementCount(shape);
                if (needed < 0 || needed != count) {
                    throw fail("malformed header: tensor '" + tensor + "' has count " + count + " but shape "
                            + Arrays.toString(shape) + (needed < 0 ? " is invalid" : " needs " + needed));
                }
                if (declaredOffset != offset) {
                    throw fail("malformed header: tensor '" + tensor + "' at offset " + declaredOffset
                            + ", expected " + offset + " (tensors are stored back to back)");
                }
                if (offset + 4 * count > payloadBytes) {
                    throw fail("malformed header: tensor '" + tensor + "' ends at payload byte " + (offset + 4 * count)
                            + " but the payload has " + payloadBytes + " bytes");
                }
                float[] data = new float[(int) count];
                int position = payloadStart + (int) offset;
                for (int i = 0; i < data.length; i++) {
                    data[i] = Float.intBitsToFloat(buffer.getInt(position + 4 * i));
                }
                tensors.add(new NamedTensor(tensor, shape, data));
                offset += 4 * count;
            }
            if (offset != payloadBytes) {
                throw fail("malformed header: tensors cover " + offset + " payload bytes but the file holds "
                        + payloadBytes);
            }
            return tensors;
        }

        private int[] shape(JsonNode node, String tensor) {
            if (node == null || !node.isArray()) {
                throw fail("malformed header: tensor '" + tensor + "' has no shape array");
            }
            int[] shape = new int[node.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode dim = node.get(i);
                if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.intValue() < 0) {
                    throw fail("malformed header: tensor '" + tensor + "' has a bad dimension " + dim);
                }
                shape[i] = dim.intValue();
            }
            return shape;
        }

        private long nonNegative(JsonNode node, String tensor, String field) {
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
                throw fail("malformed header: tensor '" + tensor + "' has no valid \"" + field + "\"");
            }
            return node.longValue();
        }

        private UserError fail(String problem) {
            return new UserError(name + ": " + problem);
        }
    }
}
