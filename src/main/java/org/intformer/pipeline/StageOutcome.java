package org.intformer.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pipeline stage's outcome.
 *
 * @param key     SHA-256 of the stage's inputs (downstream stages include it in theirs)
 * @param dir     where its files are
 * @param reused  true when an earlier run's result was taken instead of running it
 * @param seconds how long it ran (when it last ran, for a reused stage)
 * @param result  the small result it recorded in its marker
 */
public record StageOutcome(String name, String key, Path dir, boolean reused, double seconds, Map<String, Object> result) {
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("status", reused ? "reused" : "ran");
        m.put("seconds", Math.round(seconds * 100) / 100.0);
        m.put("key", key.substring(0, 12));
        return m;
    }
}
