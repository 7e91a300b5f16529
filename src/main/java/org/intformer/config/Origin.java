package org.intformer.config;

import java.util.List;
import java.util.Map;

/**
 * Where configuration values came from, so that an error message can point at the right place: a line of a
 * YAML file ("config.yaml:7: key 'lookback'"), a command-line flag ("option --lookback"), or a label such as
 * a model file's stored configuration.
 *
 * @param label      file name or description; null for the command line
 * @param lineOfKey  line number of each key in the file (may be empty)
 */
public record Origin(String label, Map<String, Integer> lineOfKey) {

    public Origin {
        lineOfKey = Map.copyOf(lineOfKey);
    }

    public static Origin commandLine() {
        return new Origin(null, Map.of());
    }

    public static Origin of(String label) {
        return new Origin(label, Map.of());
    }

    /** Prefix naming one key, e.g. {@code config.yaml:7: key 'lookback'} or {@code option --lookback}. */
    public String at(String key) {
        if (label == null) {
            return "option --" + key;
        }
        return where(key) + ": key '" + key + "'";
    }

    String unknownKey(String key, String suggestion, List<String> known) {
        String hint = suggestion == null ? "" : ", did you mean '" + suggestion + "'?";
        if (label == null) {
            return "unknown option --" + key + hint.replace("'" + suggestion + "'", "--" + suggestion);
        }
        return where(key) + ": unknown key '" + key + "'" + hint + " (known keys: " + String.join(", ", known) + ")";
    }

    private String where(String key) {
        Integer line = lineOfKey.get(key);
        return line == null ? label : label + ":" + line;
    }
}
