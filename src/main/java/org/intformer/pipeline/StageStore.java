package org.intformer.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.intformer.config.Build;
import org.intformer.io.Fingerprints;
import org.intformer.io.Json;

/**
 * Stages of a pipeline run, each in its own directory under {@code DIR/stages/NAME}, reused when their inputs
 * have not changed. A stage's key is the SHA-256 of its inputs (configuration values, upstream stage keys,
 * data fingerprint, intformer version); the directory counts as done only once {@code stage.json} with that
 * key exists. That file is written atomically and last, so a crash mid-stage leaves no marker: the rerun
 * wipes the half-written directory and runs the stage again.
 */
public final class StageStore {
    static final String MARKER = "stage.json";

    private final Path root;
    private final String code;

    /** @param code the fingerprint of the code that makes the results ({@link Build#codeHash()}) */
    public StageStore(Path root, String code) {
        this.root = root;
        this.code = code;
    }

    /**
     * Runs {@code body} in the stage's directory unless a finished stage with the same inputs is there.
     *
     * @param body writes its files into the directory it gets and returns a small JSON-able result
     */
    public StageOutcome run(String name, Map<String, Object> inputs, Function<Path, Map<String, Object>> body) {
        String key = key(inputs);
        Path dir = root.resolve(name);
        Path marker = dir.resolve(MARKER);
        Map<String, Object> done = read(marker);
        if (done != null && key.equals(done.get("key"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) done.get("result");
            return new StageOutcome(name, key, dir, true, ((Number) done.get("seconds")).doubleValue(), result);
        }
        deleteRecursively(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long start = System.nanoTime();
        Map<String, Object> result = body.apply(dir);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", name);
        record.put("key", key);
        record.put("code", code);
        record.put("inputs", inputs);
        record.put("seconds", seconds);
        record.put("result", result);
        Json.writeAtomically(marker, record);
        return new StageOutcome(name, key, dir, false, seconds, result);
    }

    /** SHA-256 of the inputs' JSON text, the intformer version and the code's fingerprint. */
    String key(Map<String, Object> inputs) {
        Map<String, Object> all = new LinkedHashMap<>(inputs);
        all.put("intformer", Build.VERSION);
        all.put("code", code);
        return Fingerprints.sha256(Json.toString(all).getBytes(StandardCharsets.UTF_8));
    }

    /** A marker's content, or null when missing or unreadable (a foreign or damaged file means "not done"). */
    private static Map<String, Object> read(Path marker) {
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        try {
            Map<String, Object> m = Json.MAPPER.readValue(marker.toFile(), new TypeReference<Map<String, Object>>() { });
            return m.get("key") instanceof String && m.get("seconds") instanceof Number && m.get("result") instanceof Map ? m : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Deletes a directory and everything in it (nothing if it is not there). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
