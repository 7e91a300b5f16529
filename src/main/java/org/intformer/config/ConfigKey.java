package org.intformer.config;

import java.util.List;
import java.util.function.Function;

/**
 * One configuration key: its kebab-case name (the YAML key and, with "--", the CLI flag), the type its
 * values are converted to, and how to read it from a {@link TrainConfig}. Defaults are not stored here; they
 * are read from {@link TrainConfig#defaults()} so that there is one place to change them.
 *
 * @param choices the accepted spellings for {@link Kind#CHOICE} keys (canonical case), else empty
 * @param enumType the enum for {@link Kind#ENUM} keys, else null
 */
public record ConfigKey(String name, Kind kind, List<String> choices, Class<? extends Enum<?>> enumType,
                        Function<TrainConfig, Object> getter) {

    /** The value types a key can have. */
    public enum Kind {
        /** Text; numbers and booleans are accepted and turned into their text. */
        STRING,
        /** A file path or null; an empty string also means null. */
        PATH,
        /** One of a fixed set of strings, matched case-insensitively, kept in canonical case. */
        CHOICE,
        /** One constant of an enum implementing {@link TrainConfig.Choice}, matched case-insensitively. */
        ENUM,
        INT,
        LONG,
        DOUBLE,
        BOOLEAN;

        /** How an expected value is described in error messages. */
        String description() {
            return switch (this) {
                case STRING, CHOICE, ENUM -> "a string";
                case PATH -> "a file path";
                case INT, LONG -> "an integer";
                case DOUBLE -> "a number";
                case BOOLEAN -> "true or false";
            };
        }
    }

    public Object valueOf(TrainConfig config) {
        return getter.apply(config);
    }
}
