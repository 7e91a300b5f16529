package org.intformer.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;

/**
 * The one JSON configuration used for reports, model headers and fixtures: two-space indentation, map
 * entries in insertion order, beans without properties written as {@code {}}, and doubles written with
 * {@link Double#toString} (the shortest text that reads back to the same bits, so no precision is lost).
 */
public final class Json {

    /** Shared and thread-safe once configured; do not reconfigure it. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .defaultPrettyPrinter(new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")))
            .build();

    private Json() {
    }

    /** {@code value} as pretty-printed JSON text ending in a newline. */
    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** Writes {@code value} as pretty-printed JSON with {@link AtomicFiles}. */
    public static void writeAtomically(Path file, Object value) {
        AtomicFiles.writeString(file, toString(value));
    }
}
