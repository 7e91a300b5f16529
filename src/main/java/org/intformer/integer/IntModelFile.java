package org.intformer.integer;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.intformer.UserError;
import org.intformer.io.AtomicFiles;
import org.intformer.io.Json;

/**
 * Reads and writes integer models. Layout ({@code docs/INTEGER-FILE.md}):
 *
 * <pre>
 * magic "\x89INTQNT\n" (8) | header length H, uint32 LE (4) | UTF-8 JSON header (H)
 *   | payload: the IR's int arrays, each int8/int16/int32 LE, back to back | CRC-32 of all before it, uint32 LE (4)
 * </pre>
 *
 * <p>Files are deterministic (no timestamp: put provenance in the metadata), so one model gives one byte
 * sequence. Reading checks framing, CRC, version and header structure here, then builds the
 * {@link IntModel}, whose constructor checks every op and the range analysis; any problem is a one-line
 * {@link UserError} starting with the file name.
 */
public final class IntModelFile {

    /** Differs from the float model's "\x89INTFMR\n" so that neither reader mistakes the other's files. */
    static final byte[] MAGIC = {(byte) 0x89, 'I', 'N', 'T', 'Q', 'N', 'T', '\n'};
    public static final String FORMAT = "intformer-integer-model";
    public static final int VERSION = 1;

    private static final int PREFIX_BYTES = MAGIC.length + 4;
    private static final int CRC_BYTES = 4;
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    private static final ObjectWriter HEADER_WRITER = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private IntModelFile() {
    }

    /** Writes {@code model} atomically. */
    /** True when the file starts with this format's magic bytes (a cheap test to pick a reader). */
    public static boolean looksLike(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public static void write(Path file, IntModel model) {
        AtomicFiles.write(file, encode(model));
    }

    /**
     * Reads and checks an integer model file.
     *
     * @throws UserError one line naming the file if it is missing, not an integer model, of another version,
     *                   truncated, corrupted, inconsistent or an invalid model
     */
    public static IntModel read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UserError(file + ": integer model file too large (" + Files.size(file) + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": integer model file not found");
        } catch (AccessDeniedException e) {
            throw new UserError(file + ": cannot read integer model file (permission denied)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read integer model file (" + e.getMessage() + ")");
        }
        return decode(bytes, file.toString());
    }

    /** The bytes of a file holding {@code model}. */
    public static byte[] encode(IntModel model) {
        IrCodec.PayloadWriter payload = new IrCodec.PayloadWriter();
        List<Map<String, Object>> tensors = new ArrayList<>();
        model.tensors().values().forEach(t -> tensors.add(IrCodec.tensor(t)));
        List<Map<String, Object>> ops = new ArrayList<>();
        model.ops().forEach(op -> ops.add(IrCodec.op(op, payload)));
        byte[] data = payload.toByteArray();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        header.put("irVersion", model.formatVersion());
        header.put("input", model.input());
        if (!model.extraInputs().isEmpty()) {
            header.put("extraInputs", model.extraInputs());
        }
        header.put("output", model.output());
        header.put("payloadBytes", data.length);
        header.put("metadata", model.metadata());
        header.put("tensors", tensors);
        header.put("ops", ops);
        try {
            return assemble(HEADER_WRITER.writeValueAsBytes(header), data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model metadata cannot be written as JSON", e);
        }
    }

    /** magic | header length | header | payload | CRC-32: the framing alone (tests build odd files with it). */
    static byte[] assemble(byte[] header, byte[] payload) {
        long total = (long) PREFIX_BYTES + header.length + payload.length + CRC_BYTES;
        if (total > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("integer model too large for one file: " + total + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).putInt(header.length).put(header).put(payload);
        buffer.putInt((int) crc(buffer.array(), buffer.position()));
        return buffer.array();
    }

    /**
     * Parses and checks the bytes of an integer model file.
     *
     * @param name the file name for error messages
     */
    public static IntModel decode(byte[] bytes, String name) {
        try {
            return new Decoder(bytes).decode();
        } catch (UserError e) {
            throw new UserError(name + ": " + e.getMessage());
        }
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    /** One decoding pass over a file's bytes; errors are reported without the file name, which decode adds. */
    private static final class Decoder {
        private final byte[] bytes;
        private final ByteBuffer buffer;

        Decoder(byte[] bytes) {
            this.bytes = bytes;
            this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        IntModel decode() {
            int n = Math.min(bytes.length, MAGIC.length);
            if (!Arrays.equals(bytes, 0, n, MAGIC, 0, n)) {
                throw new UserError("not an intformer integer model file (wrong magic bytes)");
            }
            if (bytes.length < PREFIX_BYTES + CRC_BYTES) {
                throw new UserError("truncated (" + bytes.length + " bytes, shorter than the smallest integer model file)");
            }
            long headerEnd = PREFIX_BYTES + Integer.toUnsignedLong(buffer.getInt(MAGIC.length));
            if (headerEnd + CRC_BYTES > bytes.length) {
                throw new UserError("truncated (the header alone needs " + (headerEnd + CRC_BYTES) + " bytes, the file has "
                        + bytes.length + ")");
            }
            JsonNode header = parseHeader((int) headerEnd);
            long stored = Integer.toUnsignedLong(buffer.getInt(bytes.length - CRC_BYTES));
            long computed = crc(bytes, bytes.length - CRC_BYTES);
            long payloadBytes = bytes.length - CRC_BYTES - headerEnd;
            JsonNode declared = header == null ? null : header.get("payloadBytes");
            if (stored != computed) {
                // A cut in the payload also breaks the CRC; say "truncated" when the header proves it.
                if (declared != null && declared.canConvertToLong() && declared.longValue() > payloadBytes) {
                    throw new UserError("truncated (" + bytes.length + " bytes, the header describes "
                            + (headerEnd + declared.longValue() + CRC_BYTES) + ")");
                }
                throw new UserError(String.format("corrupted (CRC-32 mismatch: stored %08x, computed %08x)", stored, computed));
            }
            if (header == null) {
                throw IrCodec.malformed("not a JSON object");
            }
            checkFormatAndVersion(header);
            if (declared == null || !declared.isIntegralNumber() || declared.longValue() != payloadBytes) {
                throw IrCodec.malformed("payloadBytes is " + declared + " but the file holds " + payloadBytes + " payload bytes");
            }
            return model(header, ByteBuffer.wrap(bytes, (int) headerEnd, (int) payloadBytes));
        }

        private JsonNode parseHeader(int headerEnd) {
            try {
                JsonNode node = Json.MAPPER.readTree(new String(bytes, PREFIX_BYTES, headerEnd - PREFIX_BYTES, StandardCharsets.UTF_8));
                return node != null && node.isObject() ? node : null;
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        private static void checkFormatAndVersion(JsonNode header) {
            JsonNode format = header.get("format");
            if (format == null || !format.isTextual()) {
                throw IrCodec.malformed("no \"format\"");
            }
            if (!format.textValue().equals(FORMAT)) {
                throw new UserError("not an integer model (format '" + format.textValue() + "', expected '" + FORMAT + "')");
            }
            JsonNode version = header.get("version");
            if (version == null || !version.isIntegralNumber()) {
                throw IrCodec.malformed("no integer \"version\"");
            }
            if (!version.canConvertToInt() || version.intValue() != VERSION) {
                throw new UserError("unsupported integer model file version " + version.asText() + " (this intformer reads version "
                        + VERSION + ")");
            }
        }

        private static IntModel model(JsonNode header, ByteBuffer payload) {
            JsonNode irVersion = header.get("irVersion");
            JsonNode input = header.get("input");
            JsonNode output = header.get("output");
            JsonNode metadata = header.get("metadata");
            JsonNode tensorNodes = header.get("tensors");
            JsonNode opNodes = header.get("ops");
            if (irVersion == null || !irVersion.isIntegralNumber() || !irVersion.canConvertToInt()) {
                throw IrCodec.malformed("no integer \"irVersion\"");
            }
            if (input == null || !input.isTextual() || output == null || !output.isTextual()) {
                throw IrCodec.malformed("\"input\" and \"output\" must be tensor names");
            }
            if (metadata == null || !metadata.isObject()) {
                throw IrCodec.malformed("\"metadata\" must be a JSON object");
            }
            if (tensorNodes == null || !tensorNodes.isArray() || opNodes == null || !opNodes.isArray()) {
                throw IrCodec.malformed("\"tensors\" and \"ops\" must be JSON arrays");
            }
            Map<String, TensorSpec> tensors = new LinkedHashMap<>();
            for (int i = 0; i < tensorNodes.size(); i++) {
                TensorSpec t = IrCodec.tensor(tensorNodes.get(i), i);
                if (tensors.put(t.name(), t) != null) {
                    throw IrCodec.malformed("duplicate tensor name '" + t.name() + "'");
                }
            }
            IrCodec.PayloadReader reader = new IrCodec.PayloadReader(payload);
            List<IntOp> ops = new ArrayList<>();
            for (int i = 0; i < opNodes.size(); i++) {
                ops.add(IrCodec.op(opNodes.get(i), i, reader));
            }
            if (reader.unread() != 0) {
                throw IrCodec.malformed(reader.unread() + " payload bytes at the end belong to no array");
            }
            Map<String, Object> meta = Json.MAPPER.convertValue(metadata, new TypeReference<LinkedHashMap<String, Object>>() { });
            return new IntModel(irVersion.intValue(), input.textValue(), output.textValue(), tensors, ops, meta,
                    extraInputs(header.get("extraInputs")));
        }

        /** The optional list of extra input tensor names (IR version 2). */
        private static List<String> extraInputs(JsonNode node) {
            if (node == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            if (node.isArray()) {
                for (JsonNode n : node) {
                    if (!n.isTextual()) {
                        throw IrCodec.malformed("extraInputs must be an array of tensor names");
                    }
                    names.add(n.textValue());
                }
                return names;
            }
            throw IrCodec.malformed("extraInputs must be an array of tensor names");
        }
    }
}
