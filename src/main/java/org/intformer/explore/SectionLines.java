package org.intformer.explore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Line numbers of nested YAML keys ("explore.space.patch" → 14). ConfigLoader records only top-level lines;
 * errors in the explore section should still point at the exact line, so the file is scanned once more here.
 */
final class SectionLines {
    private final String file;
    private final Map<String, Integer> lines;

    private SectionLines(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** No file (sections given programmatically): messages name only the key path. */
    static SectionLines none() {
        return new SectionLines(null, Map.of());
    }

    static SectionLines of(Path yaml) {
        Map<String, Integer> lines = new HashMap<>();
        if (yaml == null) {
            return none();
        }
        try (JsonParser p = new YAMLFactory().createParser(Files.readAllBytes(yaml))) {
            Deque<String> path = new ArrayDeque<>();
            // One entry per open container: the key path prefix of a mapping, or null for a sequence.
            Deque<Boolean> isMap = new ArrayDeque<>();
            String pending = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        pending = p.currentName();
                        String prefix = String.join(".", path);
                        lines.putIfAbsent(prefix.isEmpty() ? pending : prefix + "." + pending, p.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT -> {
                        isMap.push(pending != null);
                        if (pending != null) {
                            path.addLast(pending);
                        }
                        pending = null;
                    }
                    case START_ARRAY -> {
                        isMap.push(false);
                        pending = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        if (!isMap.isEmpty() && isMap.pop() && !path.isEmpty()) {
                            path.removeLast();
                        }
                    }
                    default -> pending = null;
                }
            }
        } catch (IOException e) {
            // ConfigLoader has already read (and would have reported) the file; without lines we name keys only.
        }
        return new SectionLines(yaml.toString(), lines);
    }

    /** "file:LINE: explore.space.patch" or just the key path. */
    String at(String keyPath) {
        if (file == null) {
            return keyPath;
        }
        Integer line = lines.get(keyPath);
        return file + (line == null ? "" : ":" + line) + ": " + keyPath;
    }

    String file() {
        return file;
    }

    Integer line(String keyPath) {
        return lines.get(keyPath);
    }
}
