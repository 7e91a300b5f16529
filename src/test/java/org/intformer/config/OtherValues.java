package org.intformer.config;

import java.nio.file.Path;
import java.util.Arrays;

/** For cache-key tests: a value of a configuration key other than the one a configuration has, whatever its type. */
public final class OtherValues {
    private OtherValues() {
    }

    /** Another value of {@code key} than {@code config}'s; {@code otherData} stands in for a path. */
    public static Object of(ConfigKey key, TrainConfig config, Path otherData) {
        Object v = key.valueOf(config);
        return switch (key.kind()) {
            case STRING -> v + "x";
            case PATH -> otherData.toString();
            case CHOICE -> key.choices().stream().filter(c -> !c.equals(v)).findFirst().orElseThrow();
            case ENUM -> Arrays.stream(key.enumType().getEnumConstants()).map(e -> ((TrainConfig.Choice) e).id())
                    .filter(id -> !id.equals(((TrainConfig.Choice) v).id())).findFirst().orElseThrow();
            case INT -> ((Integer) v) + 1;
            case LONG -> ((Long) v) + 1;
            case DOUBLE -> ((Double) v) * 2 + 0.5;
            case BOOLEAN -> !((Boolean) v);
        };
    }
}
