package org.intformer.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.intformer.UserError;
import org.intformer.config.ConfigKey.Kind;

/**
 * The list of configuration keys in their canonical order, and the conversion of loosely typed values (from
 * YAML, JSON or the command line) into a {@link TrainConfig}.
 */
public final class ConfigSchema {

    /** Every key, in the order used for printing and for report.json. */
    public static final List<ConfigKey> KEYS = List.of(
            key("data", Kind.PATH, TrainConfig::data),
            key("time-column", Kind.STRING, TrainConfig::timeColumn),
            key("target", Kind.STRING, TrainConfig::target),
            new ConfigKey("features", Kind.CHOICE, TrainConfig.FEATURE_MODES, null, TrainConfig::features),
            key("lookback", Kind.INT, TrainConfig::lookback),
            key("horizon", Kind.INT, TrainConfig::horizon),
            key("split", Kind.STRING, TrainConfig::split),
            key("synthetic-rows", Kind.INT, TrainConfig::syntheticRows),
            key("synthetic-channels", Kind.INT, TrainConfig::syntheticChannels),
            key("d-model", Kind.INT, TrainConfig::dModel),
            key("heads", Kind.INT, TrainConfig::heads),
            key("layers", Kind.INT, TrainConfig::layers),
            key("ffn", Kind.INT, TrainConfig::ffn),
            enumKey("norm", TrainConfig.Norm.class, TrainConfig::norm),
            enumKey("activation", TrainConfig.Activation.class, TrainConfig::activation),
            enumKey("head", TrainConfig.Head.class, TrainConfig::head),
            key("relative", Kind.BOOLEAN, TrainConfig::relative),
            key("patch", Kind.INT, TrainConfig::patch),
            key("dropout", Kind.DOUBLE, TrainConfig::dropout),
            key("linear-path", Kind.BOOLEAN, TrainConfig::linearPath),
            key("epochs", Kind.INT, TrainConfig::epochs),
            key("batch", Kind.INT, TrainConfig::batch),
            key("lr", Kind.DOUBLE, TrainConfig::lr),
            key("beta1", Kind.DOUBLE, TrainConfig::beta1),
            key("beta2", Kind.DOUBLE, TrainConfig::beta2),
            key("adam-eps", Kind.DOUBLE, TrainConfig::adamEps),
            key("weight-decay", Kind.DOUBLE, TrainConfig::weightDecay),
            enumKey("schedule", TrainConfig.Schedule.class, TrainConfig::schedule),
            key("step-size", Kind.INT, TrainConfig::stepSize),
            key("gamma", Kind.DOUBLE, TrainConfig::gamma),
            key("patience", Kind.INT, TrainConfig::patience),
            key("seed", Kind.LONG, TrainConfig::seed),
            key("threads", Kind.INT, TrainConfig::threads),
            key("max-params", Kind.LONG, TrainConfig::maxParams),
            key("bits", Kind.INT, TrainConfig::bits),
            key("weight-bits", Kind.INT, TrainConfig::weightBits),
            key("act-bits", Kind.INT, TrainConfig::actBits),
            key("layer-bits", Kind.STRING, TrainConfig::layerBits),
            key("io-bits", Kind.INT, TrainConfig::ioBits),
            enumKey("scheme", TrainConfig.Scheme.class, TrainConfig::scheme),
            enumKey("granularity", TrainConfig.Granularity.class, TrainConfig::granularity),
            enumKey("observer", TrainConfig.Observer.class, TrainConfig::observer),
            key("qat-epochs", Kind.INT, TrainConfig::qatEpochs),
            key("qat-lr", Kind.DOUBLE, TrainConfig::qatLr),
            key("qat-patience", Kind.INT, TrainConfig::qatPatience),
            key("lsq-lr", Kind.DOUBLE, TrainConfig::lsqLr),
            key("distill", Kind.DOUBLE, TrainConfig::distill),
            new ConfigKey("train-series", Kind.CHOICE, TrainConfig.TRAIN_SERIES, null, TrainConfig::trainSeries),
            key("epoch-windows", Kind.INT, TrainConfig::epochWindows),
            new ConfigKey("weight-average", Kind.CHOICE, TrainConfig.WEIGHT_AVERAGES, null, TrainConfig::weightAverage),
            new ConfigKey("qat-weight-average", Kind.CHOICE, TrainConfig.WEIGHT_AVERAGES, null, TrainConfig::qatWeightAverage),
            key("ema-decay", Kind.DOUBLE, TrainConfig::emaDecay),
            new ConfigKey("model", Kind.CHOICE, InterSeriesConfig.MODELS, null, c -> c.interSeries().model()),
            key("cross-series", Kind.BOOLEAN, c -> c.interSeries().crossSeries()),
            key("cross-layers", Kind.INT, c -> c.interSeries().crossLayers()),
            key("cross-residual", Kind.BOOLEAN, c -> c.interSeries().crossResidual()),
            key("cross-finetune", Kind.INT, c -> c.interSeries().crossFinetune()),
            key("cross-finetune-lr", Kind.DOUBLE, c -> c.interSeries().crossFinetuneLr()),
            key("series-embedding", Kind.BOOLEAN, c -> c.interSeries().seriesEmbedding()),
            key("positional-encoding", Kind.BOOLEAN, c -> c.interSeries().positionalEncoding()),
            dateKey("hour-of-day", c -> c.interSeries().hourOfDay()),
            dateKey("day-of-week", c -> c.interSeries().dayOfWeek()),
            dateKey("day-of-year", c -> c.interSeries().dayOfYear()),
            dateKey("month-of-year", c -> c.interSeries().monthOfYear()),
            key("holidays", Kind.PATH, c -> c.interSeries().holidays()),
            key("season", Kind.INT, c -> c.interSeries().season()),
            key("ablation", Kind.BOOLEAN, c -> c.interSeries().ablation()));

    private static final Map<String, ConfigKey> BY_NAME =
            KEYS.stream().collect(Collectors.toMap(ConfigKey::name, k -> k, (a, b) -> a, LinkedHashMap::new));

    private ConfigSchema() {
    }

    private static ConfigKey key(String name, Kind kind, Function<TrainConfig, Object> getter) {
        return new ConfigKey(name, kind, List.of(), null, getter);
    }

    private static ConfigKey dateKey(String name, Function<TrainConfig, Object> getter) {
        return new ConfigKey(name, Kind.CHOICE, org.intformer.data.DateEncoding.IDS, null, getter);
    }

    private static ConfigKey enumKey(String name, Class<? extends Enum<?>> type, Function<TrainConfig, Object> getter) {
        return new ConfigKey(name, Kind.ENUM, List.of(), type, getter);
    }

    /** The key called {@code name}, or null. */
    public static ConfigKey find(String name) {
        return BY_NAME.get(name);
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The configuration as an ordered map of plain values (enums as their lower-case spelling). */
    public static Map<String, Object> toMap(TrainConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (ConfigKey key : KEYS) {
            Object value = key.valueOf(config);
            map.put(key.name(), value instanceof TrainConfig.Choice c ? c.id() : value);
        }
        return map;
    }

    /**
     * Returns {@code base} with the keys in {@code values} (any subset) replaced, converting each value to
     * its key's type. Does not validate combinations; see {@link TrainConfig#validate()}.
     *
     * @param origin where the values came from, for error messages
     * @throws UserError for an unknown key or a value of the wrong type
     */
    public static TrainConfig overlay(TrainConfig base, Map<String, ?> values, Origin origin) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (ConfigKey key : KEYS) {
            merged.put(key.name(), key.valueOf(base));
        }
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            ConfigKey key = BY_NAME.get(entry.getKey());
            if (key == null) {
                throw new UserError(origin.unknownKey(entry.getKey(), closest(entry.getKey()), names()));
            }
            merged.put(key.name(), convert(key, entry.getValue(), origin));
        }
        return build(merged);
    }

    private static TrainConfig build(Map<String, Object> v) {
        return new TrainConfig(
                (String) v.get("data"), (String) v.get("time-column"), (String) v.get("target"),
                (String) v.get("features"), (Integer) v.get("lookback"), (Integer) v.get("horizon"),
                (String) v.get("split"), (Integer) v.get("synthetic-rows"), (Integer) v.get("synthetic-channels"),
                (Integer) v.get("d-model"), (Integer) v.get("heads"), (Integer) v.get("layers"),
                (Integer) v.get("ffn"), (TrainConfig.Norm) v.get("norm"),
                (TrainConfig.Activation) v.get("activation"), (TrainConfig.Head) v.get("head"),
                (Boolean) v.get("relative"), (Integer) v.get("patch"), (Double) v.get("dropout"),
                (Integer) v.get("epochs"), (Integer) v.get("batch"), (Double) v.get("lr"),
                (Double) v.get("beta1"), (Double) v.get("beta2"), (Double) v.get("adam-eps"),
                (Double) v.get("weight-decay"), (TrainConfig.Schedule) v.get("schedule"),
                (Integer) v.get("step-size"), (Double) v.get("gamma"), (Integer) v.get("patience"),
                (Long) v.get("seed"), (Integer) v.get("threads"), (Long) v.get("max-params"),
                (Integer) v.get("bits"), (Integer) v.get("weight-bits"), (Integer) v.get("act-bits"),
                (Integer) v.get("io-bits"), (TrainConfig.Scheme) v.get("scheme"),
                (TrainConfig.Granularity) v.get("granularity"), (TrainConfig.Observer) v.get("observer"),
                (Integer) v.get("qat-epochs"), (Double) v.get("qat-lr"), (Double) v.get("lsq-lr"),
                (Boolean) v.get("linear-path"), (String) v.get("layer-bits"), (Double) v.get("distill"),
                (Integer) v.get("qat-patience"), (String) v.get("train-series"), (Integer) v.get("epoch-windows"),
                (String) v.get("weight-average"), (String) v.get("qat-weight-average"), (Double) v.get("ema-decay"),
                new InterSeriesConfig((String) v.get("model"), (Boolean) v.get("cross-series"), (Integer) v.get("cross-layers"),
                        (Boolean) v.get("cross-residual"), (Integer) v.get("cross-finetune"),
                        (Double) v.get("cross-finetune-lr"),
                        (Boolean) v.get("series-embedding"), (Boolean) v.get("positional-encoding"),
                        (String) v.get("hour-of-day"), (String) v.get("day-of-week"), (String) v.get("day-of-year"),
                        (String) v.get("month-of-year"), (String) v.get("holidays"), (Integer) v.get("season"),
                        (Boolean) v.get("ablation")));
    }

    /** Converts one raw value to the Java type of {@code key}; the error names the key and the expected type. */
    static Object convert(ConfigKey key, Object raw, Origin origin) {
        if (raw == null) {
            if (key.kind() == Kind.PATH) {
                return null;
            }
            throw new UserError(origin.at(key.name()) + ": expected " + key.kind().description() + ", got null");
        }
        Object value = switch (key.kind()) {
            case STRING -> isScalar(raw) ? scalarText(raw) : null;
            case PATH -> isScalar(raw) ? emptyToNull(scalarText(raw)) : null;
            case CHOICE -> raw instanceof String s ? choice(key, s, origin) : null;
            case ENUM -> raw instanceof String s ? enumConstant(key, s, origin) : null;
            case INT -> {
                Long l = toLong(raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
                yield l == null ? null : (Object) Integer.valueOf(l.intValue());
            }
            case LONG -> toLong(raw, Long.MIN_VALUE, Long.MAX_VALUE);
            case DOUBLE -> toDouble(raw);
            case BOOLEAN -> toBoolean(raw);
        };
        if (value == null && !(key.kind() == Kind.PATH && isScalar(raw))) {
            throw new UserError(origin.at(key.name()) + ": expected " + key.kind().description()
                    + ", got " + describe(raw));
        }
        return value;
    }

    private static boolean isScalar(Object raw) {
        return raw instanceof String || raw instanceof Number || raw instanceof Boolean;
    }

    private static String scalarText(Object raw) {
        if (raw instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return raw.toString();
    }

    private static String emptyToNull(String s) {
        return s.isBlank() ? null : s;
    }

    private static String choice(ConfigKey key, String raw, Origin origin) {
        for (String c : key.choices()) {
            if (c.equalsIgnoreCase(raw.trim())) {
                return c;
            }
        }
        throw new UserError(origin.at(key.name()) + ": unknown value '" + raw + "' (valid: "
                + String.join(", ", key.choices()) + ")");
    }

    private static Object enumConstant(ConfigKey key, String raw, Origin origin) {
        Enum<?>[] constants = key.enumType().getEnumConstants();
        for (Enum<?> c : constants) {
            if (c.name().equalsIgnoreCase(raw.trim())) {
                return c;
            }
        }
        String valid = Arrays.stream(constants).map(c -> ((TrainConfig.Choice) c).id())
                .collect(Collectors.joining(", "));
        throw new UserError(origin.at(key.name()) + ": unknown value '" + raw + "' (valid: " + valid + ")");
    }

    /** An integral value within [min, max], or null if {@code raw} is not one. */
    private static Long toLong(Object raw, long min, long max) {
        BigDecimal exact;
        try {
            if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                exact = BigDecimal.valueOf(((Number) raw).longValue());
            } else if (raw instanceof BigInteger b) {
                exact = new BigDecimal(b);
            } else if (raw instanceof BigDecimal b) {
                exact = b;
            } else if (raw instanceof Double || raw instanceof Float) {
                double d = ((Number) raw).doubleValue();
                if (!Double.isFinite(d)) {
                    return null;
                }
                exact = BigDecimal.valueOf(d);
            } else if (raw instanceof String s) {
                exact = new BigDecimal(s.trim().replace("_", ""));
            } else {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        try {
            long l = exact.longValueExact();
            return l >= min && l <= max ? l : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Double toDouble(Object raw) {
        double d;
        if (raw instanceof Number n) {
            d = n.doubleValue();
        } else if (raw instanceof String s) {
            try {
                // BigDecimal's grammar rejects "NaN", "Infinity" and hex floats, which Double.parseDouble allows.
                d = new BigDecimal(s.trim()).doubleValue();
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(d) ? d : null;
    }

    private static Boolean toBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> {
                    return true;
                }
                case "false", "no", "off" -> {
                    return false;
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    static String describe(Object raw) {
        if (raw instanceof Map) {
            return "a mapping";
        }
        if (raw instanceof List) {
            return "a list";
        }
        if (raw instanceof String s) {
            return "'" + s + "'";
        }
        return String.valueOf(raw);
    }

    /**
     * The known key closest to a misspelt one, or null when none is close. Case, '-' and '_' are ignored
     * first, so {@code d_model} and {@code dModel} find {@code d-model}; then edit distance decides.
     */
    public static String closest(String unknown) {
        return closest(unknown, names());
    }

    /** As {@link #closest(String)}, among {@code candidates} (other sections' keys use the same suggestion rule). */
    public static String closest(String unknown, java.util.Collection<String> candidates) {
        String wanted = squash(unknown);
        return candidates.stream()
                .map(name -> Map.entry(name, squash(name).equals(wanted) ? 0 : 1 + editDistance(squash(name), wanted)))
                .filter(e -> e.getValue() <= Math.max(3, wanted.length() / 3))
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
