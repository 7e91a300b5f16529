package org.intformer.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.intformer.UserError;

/**
 * Resolves a {@link TrainConfig} from three layers, later ones winning: the defaults, an optional YAML file,
 * and the overrides (the command-line flags the user actually gave). The result is always validated.
 *
 * <p>In the YAML file, string values may refer to environment variables as {@code ${VAR}} (an error if VAR is
 * unset) or {@code ${VAR:-default}} (default when VAR is unset or empty), so that a shared example can say
 * {@code data: ${INTFORMER_ETTH1:-../shared/datasets/ETTh1.csv}}. There is no escape for a literal
 * {@code ${}. Overrides are not expanded: the shell has already done that.
 *
 * <p>A relative {@code data} path is resolved against the current working directory (not against the
 * config file's directory), like a path given on the command line, and stored as an absolute path so that a
 * saved model records exactly which file it was trained on. An empty {@code data} means the synthetic data
 * set.
 */
public final class ConfigLoader {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern VARIABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?", Pattern.DOTALL);

    private static final ObjectMapper YAML_READER = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private static final ObjectMapper YAML_WRITER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A target column named "7" must stay a string when the printed YAML is read back.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private final Function<String, String> environment;
    private final Path workingDirectory;

    /** A loader that reads the process environment and resolves paths against the current directory. */
    public ConfigLoader() {
        this(System::getenv, Path.of("").toAbsolutePath());
    }

    /** A loader with an explicit environment (variable name to value or null) and working directory. */
    public ConfigLoader(Function<String, String> environment, Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory.toAbsolutePath();
    }

    /**
     * Defaults, overlaid by the YAML file (if not null), overlaid by {@code overrides}; then validated.
     *
     * @param overrides key to value (Integer, Double, Boolean, String, ...) for the flags the user gave
     * @throws UserError one line naming the file, line and key, or the flag, for any problem
     */
    public TrainConfig load(Path yamlOrNull, Map<String, ?> overrides) {
        return load(yamlOrNull, overrides, java.util.Set.of()).config();
    }

    /** A configuration plus the named sections (nested mappings) its file had besides the flat keys. */
    public record Sectioned(TrainConfig config, Map<String, Map<String, Object>> sections, Origin origin) {
        /** The section {@code name}, or an empty map when the file has none. */
        public Map<String, Object> section(String name) {
            return sections.getOrDefault(name, Map.of());
        }
    }

    /**
     * As {@link #load}, where the top-level keys listed in {@code sectionNames} are mappings of their own
     * (e.g. {@code pipeline:} or {@code explore:}) handed back unparsed for their command to read.
     *
     * @throws UserError when a section is not a mapping
     */
    public Sectioned load(Path yamlOrNull, Map<String, ?> overrides, java.util.Set<String> sectionNames) {
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        TrainConfig config = TrainConfig.defaults();
        Origin origin = Origin.commandLine();
        if (yamlOrNull != null) {
            Map<String, Integer> lines = new HashMap<>();
            Map<String, Object> values = readYaml(yamlOrNull, lines);
            origin = new Origin(yamlOrNull.toString(), lines);
            for (String name : sectionNames) {
                if (values.containsKey(name)) {
                    Object section = values.remove(name);
                    if (section == null) {
                        continue;
                    }
                    if (!(section instanceof Map<?, ?> map)) {
                        throw new UserError(yamlOrNull + ":" + lines.get(name) + ": key '" + name
                                + "' must be a mapping of 'key: value' lines");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) map;
                    sections.put(name, new LinkedHashMap<>(typed));
                }
            }
            config = ConfigSchema.overlay(config, values, origin);
        }
        config = ConfigSchema.overlay(config, overrides, Origin.commandLine());
        Map<String, Object> resolved = new LinkedHashMap<>();
        if (config.data() != null) {
            resolved.put("data", workingDirectory.resolve(config.data()).normalize().toString());
        }
        if (config.interSeries().holidays() != null) {
            resolved.put("holidays", workingDirectory.resolve(config.interSeries().holidays()).normalize().toString());
        }
        if (!resolved.isEmpty()) {
            config = ConfigSchema.overlay(config, resolved, Origin.commandLine());
        }
        return new Sectioned(config.validate(), sections, origin);
    }

    /** The configuration as an ordered map of plain values, for report.json and model files. */
    public static Map<String, Object> toMap(TrainConfig config) {
        return ConfigSchema.toMap(config);
    }

    /**
     * A configuration stored by {@link #toMap} (e.g. in a model file), validated. Missing keys take today's
     * defaults.
     */
    public static TrainConfig fromMap(Map<String, ?> values) {
        return fromMap(values, "stored configuration");
    }

    /** As {@link #fromMap(Map)}, with {@code label} (such as the model file's name) in error messages. */
    public static TrainConfig fromMap(Map<String, ?> values, String label) {
        return ConfigSchema.overlay(TrainConfig.defaults(), values, Origin.of(label)).validate();
    }

    /** The configuration as YAML in key order; reading it back with {@link #load} gives the same config. */
    public static String toYaml(TrainConfig config) {
        try {
            return YAML_WRITER.writeValueAsString(toMap(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print configuration", e);
        }
    }

    /** The top-level mapping of {@code file} with environment references expanded, recording key lines. */
    private Map<String, Object> readYaml(Path file, Map<String, Integer> lines) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": config file not found");
        } catch (AccessDeniedException e) {
            throw new UserError(file + ": cannot read config file (permission denied)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read config file (" + e.getMessage() + ")");
        }
        // Decoded here, strictly: jackson-dataformat-yaml's own UTF-8 reader fails with an ArrayIndexOutOfBoundsException
        // on some invalid byte sequences (found by ConfigFuzzTest).
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UserError(file + ": not a UTF-8 text file");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        try (JsonParser parser = YAML_READER.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.VALUE_NULL) {
                return values; // an empty file, or one with only comments, sets nothing
            }
            if (token != JsonToken.START_OBJECT) {
                throw new UserError(file + ":" + parser.currentTokenLocation().getLineNr()
                        + ": expected a mapping of 'key: value' lines at the top level");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = parser.currentTokenLocation().getLineNr();
                lines.put(key, line);
                parser.nextToken();
                JsonNode node = parser.readValueAsTree();
                values.put(key, toJava(node, file + ":" + line + ": key '" + key + "'"));
            }
        } catch (JsonProcessingException e) {
            throw new UserError(file + location(e.getLocation()) + ": malformed YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UserError(file + ": cannot read config file (" + e.getMessage() + ")");
        }
        return values;
    }

    private Object toJava(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return expand(node.textValue(), where);
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(toJava(element, where)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue(), where)));
        return map;
    }

    /** Replaces {@code ${VAR}} and {@code ${VAR:-default}} in {@code value}. */
    String expand(String value, String where) {
        if (REFERENCE.matcher(value).replaceAll("").contains("${")) {
            throw new UserError(where + ": unclosed environment reference in '" + value + "'");
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Matcher v = VARIABLE.matcher(m.group(1));
            if (!v.matches()) {
                throw new UserError(where + ": bad environment reference '" + m.group()
                        + "' (write ${NAME} or ${NAME:-default})");
            }
            String name = v.group(1);
            String fallback = v.group(2);
            String found = environment.apply(name);
            String replacement;
            if (fallback != null) {
                replacement = found == null || found.isEmpty() ? fallback : found;
            } else if (found != null) {
                replacement = found;
            } else {
                throw new UserError(where + ": environment variable " + name
                        + " is not set (write ${" + name + ":-default} to give a default)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return ":" + location.getLineNr() + (location.getColumnNr() > 0 ? ":" + location.getColumnNr() : "");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
