package org.intformer.integer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.UserError;

/**
 * Maps the IR to the model file's JSON header and packed payload and back (layout in
 * {@code docs/INTEGER-FILE.md}): scalars go into the header, every {@link IntArray} into the payload as a
 * reference {@code {"offset", "count", "encoding"}}, stored back to back in the order the header mentions
 * them. Decoding checks the header's structure; the IR's own rules are checked by the IntModel constructor.
 */
final class IrCodec {

    private IrCodec() {
    }

    /** The narrowest little-endian encoding of each array: int8, int16 or int32. */
    enum Encoding {
        INT8(1), INT16(2), INT32(4);

        final int bytes;

        Encoding(int bytes) {
            this.bytes = bytes;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Encoding narrowest(IntArray a) {
            if (a.firstOutside(Byte.MIN_VALUE, Byte.MAX_VALUE) < 0) {
                return INT8;
            }
            return a.firstOutside(Short.MIN_VALUE, Short.MAX_VALUE) < 0 ? INT16 : INT32;
        }

        static Encoding parse(String label) {
            for (Encoding e : values()) {
                if (e.label().equals(label)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** Collects the payload while the header is written. */
    static final class PayloadWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Map<String, Object> array(IntArray a) {
            Encoding encoding = Encoding.narrowest(a);
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("offset", bytes.size());
            ref.put("count", a.length());
            ref.put("encoding", encoding.label());
            ByteBuffer buffer = ByteBuffer.allocate(a.length() * encoding.bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : a.values) {
                switch (encoding) {
                    case INT8 -> buffer.put((byte) v);
                    case INT16 -> buffer.putShort((short) v);
                    case INT32 -> buffer.putInt(v);
                }
            }
            bytes.writeBytes(buffer.array());
            return ref;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** Reads the arrays back, insisting that they lie back to back and inside the payload. */
    static final class PayloadReader {
        private final ByteBuffer payload;
        private long next;

        PayloadReader(ByteBuffer payload) {
            this.payload = payload.slice().order(ByteOrder.LITTLE_ENDIAN);
        }

        IntArray array(JsonNode ref, String what) {
            if (ref == null || !ref.isObject()) {
                throw malformed(what + " must be an array reference {offset, count, encoding}");
            }
            long offset = natural(ref.get("offset"), what + ".offset");
            long count = natural(ref.get("count"), what + ".count");
            JsonNode label = ref.get("encoding");
            Encoding encoding = label != null && label.isTextual() ? Encoding.parse(label.textValue()) : null;
            if (encoding == null) {
                throw malformed(what + ".encoding must be \"int8\", \"int16\" or \"int32\"");
            }
            if (offset != next) {
                throw malformed(what + " at payload offset " + offset + ", expected " + next + " (arrays are stored back to back)");
            }
            long end = offset + count * encoding.bytes;
            if (end > payload.capacity()) {
                throw malformed(what + " ends at payload byte " + end + " but the payload has " + payload.capacity() + " bytes");
            }
            int[] values = new int[(int) count];
            for (int i = 0; i < values.length; i++) {
                int at = (int) offset + i * encoding.bytes;
                values[i] = switch (encoding) {
                    case INT8 -> payload.get(at);
                    case INT16 -> payload.getShort(at);
                    case INT32 -> payload.getInt(at);
                };
            }
            next = end;
            return IntArray.of(values);
        }

        /** Payload bytes not referenced by any array (must be none). */
        long unread() {
            return payload.capacity() - next;
        }
    }

    static UserError malformed(String problem) {
        return new UserError("malformed header: " + problem);
    }

    static long natural(JsonNode node, String what) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0
                || node.longValue() > Integer.MAX_VALUE) {
            throw malformed(what + " must be an integer in [0, 2^31)");
        }
        return node.longValue();
    }

    // ---- tensors ----

    static Map<String, Object> tensor(TensorSpec t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("shape", t.shape().toArray());
        m.put("bits", t.bits());
        m.put("signed", t.signed());
        m.put("scale", t.scale());
        m.put("zeroPoint", t.zeroPoint());
        return m;
    }

    static TensorSpec tensor(JsonNode node, int index) {
        Fields f = new Fields(node, "tensor #" + index);
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw malformed("tensor #" + index + ".shape must be an array of integers");
        }
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) natural(shapeNode.get(i), "tensor #" + index + ".shape[" + i + "]");
        }
        JsonNode signed = node.get("signed");
        JsonNode scale = node.get("scale");
        if (signed == null || !signed.isBoolean()) {
            throw malformed("tensor #" + index + ".signed must be true or false");
        }
        if (scale == null || !scale.isNumber()) {
            throw malformed("tensor #" + index + ".scale must be a number");
        }
        return new TensorSpec(f.string("name"), IntArray.of(shape), f.integer("bits"), signed.booleanValue(),
                scale.doubleValue(), f.integer("zeroPoint"));
    }

    // ---- ops ----

    static Map<String, Object> op(IntOp op, PayloadWriter w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op.kind());
        m.put("name", op.name());
        if (op instanceof IntOp.RelativeInput r) {
            m.put("input", r.input());
            m.put("output", r.output());
            m.put("last", r.last());
        } else if (op instanceof IntOp.Linear l) {
            m.put("input", l.input());
            m.put("output", l.output());
            m.put("inFeatures", l.inFeatures());
            m.put("outFeatures", l.outFeatures());
            m.put("weightBits", l.weightBits());
            m.put("biasGroups", l.biasGroups());
            m.put("lo", l.lo());
            m.put("hi", l.hi());
            m.put("weights", w.array(l.weights()));
            m.put("bias", w.array(l.bias()));
            m.put("requant", requant(l.requant(), w));
        } else if (op instanceof IntOp.Add a) {
            m.put("a", a.a());
            m.put("b", a.b());
            m.put("output", a.output());
            m.put("k", a.k());
            m.put("ma", a.ma());
            m.put("mb", a.mb());
        } else if (op instanceof IntOp.ChannelAffine c) {
            m.put("input", c.input());
            m.put("output", c.output());
            m.put("k", c.k());
            m.put("scale", w.array(c.scale()));
            m.put("offset", w.array(c.offset()));
        } else if (op instanceof IntOp.AttentionScores s) {
            m.put("query", s.query());
            m.put("key", s.key());
            m.put("output", s.output());
            m.put("heads", s.heads());
            m.put("requant", requant(s.requant(), w));
        } else if (op instanceof IntOp.Softmax s) {
            m.put("input", s.input());
            m.put("output", s.output());
            m.put("lut", w.array(s.lut()));
        } else if (op instanceof IntOp.AttentionApply a) {
            m.put("probabilities", a.probabilities());
            m.put("value", a.value());
            m.put("output", a.output());
            m.put("requant", requant(a.requant(), w));
        } else if (op instanceof IntOp.MeanTokens t) {
            m.put("input", t.input());
            m.put("output", t.output());
            m.put("requant", requant(t.requant(), w));
        } else if (op instanceof IntOp.LastToken t) {
            m.put("input", t.input());
            m.put("output", t.output());
        } else if (op instanceof IntOp.Reshape r) {
            m.put("input", r.input());
            m.put("output", r.output());
        } else if (op instanceof IntOp.AddBack b) {
            m.put("input", b.input());
            m.put("last", b.last());
            m.put("output", b.output());
            m.put("source", w.array(b.source()));
        } else if (op instanceof IntOp.Transpose t) {
            m.put("input", t.input());
            m.put("output", t.output());
        } else if (op instanceof IntOp.Slice s) {
            m.put("input", s.input());
            m.put("output", s.output());
            m.put("from", s.from());
            m.put("to", s.to());
        } else if (op instanceof IntOp.Concat c) {
            m.put("a", c.a());
            m.put("b", c.b());
            m.put("output", c.output());
            m.put("axis", c.axis());
        } else if (op instanceof IntOp.BroadcastAdd a) {
            m.put("a", a.a());
            m.put("b", a.b());
            m.put("output", a.output());
            m.put("axis", a.axis());
            m.put("k", a.k());
            m.put("ma", a.ma());
            m.put("mb", a.mb());
        } else {
            throw new IllegalStateException("no encoding for " + op.kind());
        }
        return m;
    }

    private static Map<String, Object> requant(Requant r, PayloadWriter w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("m0", w.array(r.m0()));
        m.put("n", w.array(r.n()));
        return m;
    }

    static IntOp op(JsonNode node, int index, PayloadReader r) {
        Fields f = new Fields(node, "op #" + index);
        String kind = f.string("op");
        String name = f.string("name");
        return switch (kind) {
            case "RelativeInput" -> new IntOp.RelativeInput(name, f.string("input"), f.string("output"), f.string("last"));
            case "Linear" -> new IntOp.Linear(name, f.string("input"), f.string("output"), f.integer("inFeatures"),
                    f.integer("outFeatures"), f.integer("weightBits"), f.array("weights", r), f.integer("biasGroups"),
                    f.array("bias", r), f.requant(r), f.integer("lo"), f.integer("hi"));
            case "Add" -> new IntOp.Add(name, f.string("a"), f.string("b"), f.string("output"), f.integer("k"),
                    f.integer("ma"), f.integer("mb"));
            case "ChannelAffine" -> new IntOp.ChannelAffine(name, f.string("input"), f.string("output"), f.integer("k"),
                    f.array("scale", r), f.array("offset", r));
            case "AttentionScores" -> new IntOp.AttentionScores(name, f.string("query"), f.string("key"), f.string("output"),
                    f.integer("heads"), f.requant(r));
            case "Softmax" -> new IntOp.Softmax(name, f.string("input"), f.string("output"), f.array("lut", r));
            case "AttentionApply" -> new IntOp.AttentionApply(name, f.string("probabilities"), f.string("value"),
                    f.string("output"), f.requant(r));
            case "MeanTokens" -> new IntOp.MeanTokens(name, f.string("input"), f.string("output"), f.requant(r));
            case "LastToken" -> new IntOp.LastToken(name, f.string("input"), f.string("output"));
            case "Reshape" -> new IntOp.Reshape(name, f.string("input"), f.string("output"));
            case "AddBack" -> new IntOp.AddBack(name, f.string("input"), f.string("last"), f.string("output"),
                    f.array("source", r));
            case "Transpose" -> new IntOp.Transpose(name, f.string("input"), f.string("output"));
            case "Slice" -> new IntOp.Slice(name, f.string("input"), f.string("output"), f.integer("from"), f.integer("to"));
            case "Concat" -> new IntOp.Concat(name, f.string("a"), f.string("b"), f.string("output"), f.integer("axis"));
            case "BroadcastAdd" -> new IntOp.BroadcastAdd(name, f.string("a"), f.string("b"), f.string("output"),
                    f.integer("axis"), f.integer("k"), f.integer("ma"), f.integer("mb"));
            default -> throw malformed("op #" + index + " has unknown type '" + kind + "'");
        };
    }

    /** Typed access to one JSON object's fields, with messages that say which object and field. */
    private record Fields(JsonNode node, String where) {
        Fields {
            if (node == null || !node.isObject()) {
                throw malformed(where + " must be a JSON object");
            }
        }

        String string(String key) {
            JsonNode v = node.get(key);
            if (v == null || !v.isTextual()) {
                throw malformed(where + " needs a string \"" + key + "\"");
            }
            return v.textValue();
        }

        int integer(String key) {
            JsonNode v = node.get(key);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                throw malformed(where + " needs a 32-bit integer \"" + key + "\"");
            }
            return v.intValue();
        }

        IntArray array(String key, PayloadReader r) {
            return r.array(node.get(key), where + "." + key);
        }

        Requant requant(PayloadReader r) {
            JsonNode v = node.get("requant");
            if (v == null || !v.isObject()) {
                throw malformed(where + " needs an object \"requant\" {m0, n}");
            }
            return new Requant(r.array(v.get("m0"), where + ".requant.m0"), r.array(v.get("n"), where + ".requant.n"));
        }
    }
}
