package org.intformer.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.intformer.UserError;

/**
 * Per-layer bit widths (mixed precision), the {@code layer-bits} key: {@code NAME=BITS} entries separated by
 * commas, e.g. {@code "embed=8,layers.0.ffn1=4,layers.*.attn.*=6"}. A NAME is a linear layer, whose weights
 * and output activation take the width, or an activation point (docs/INTEGER.md names them: the QAT point of
 * the same name; {@code layers.i.scores} and {@code layers.i.probs} for attention). {@code *} matches any
 * characters. When several entries match a name, the last one wins. Grids fixed by the input (the input, a
 * relative forecast, the output) keep io-bits whatever is written here.
 */
public final class LayerBits {
    public static final LayerBits NONE = new LayerBits(new LinkedHashMap<>());

    /** Widest weights the integer model holds; activations go to 8 bits here too (as act-bits). */
    public static final int MAX_BITS = 8;

    private final Map<String, Integer> entries;
    private final List<Map.Entry<String, Pattern>> patterns = new ArrayList<>();

    private LayerBits(Map<String, Integer> entries) {
        this.entries = entries;
        entries.keySet().forEach(name -> patterns.add(Map.entry(name, glob(name))));
    }

    /**
     * Parses the key's text; an empty text is {@link #NONE}.
     *
     * @throws UserError naming the key and the bad entry
     */
    public static LayerBits parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Integer> entries = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            String entry = part.trim();
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new UserError("layer-bits: '" + entry + "' is not NAME=BITS (e.g. embed=8,layers.0.ffn1=4)");
            }
            String name = entry.substring(0, eq).trim();
            if (!name.matches("[A-Za-z0-9_.*]+")) {
                throw new UserError("layer-bits: bad name '" + name + "' (letters, digits, '.', '_' and '*' only)");
            }
            int bits;
            try {
                bits = Integer.parseInt(entry.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new UserError("layer-bits: '" + entry + "': bits must be an integer");
            }
            if (bits < 2 || bits > MAX_BITS) {
                throw new UserError("layer-bits: '" + entry + "': bits must be in 2.." + MAX_BITS);
            }
            entries.remove(name);
            entries.put(name, bits);
        }
        return new LayerBits(entries);
    }

    /** The width of {@code name}: the last matching entry's, else {@code fallback}. */
    public int bits(String name, int fallback) {
        int b = fallback;
        for (Map.Entry<String, Pattern> p : patterns) {
            if (p.getValue().matcher(name).matches()) {
                b = entries.get(p.getKey());
            }
        }
        return b;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries in order, as written. */
    public Map<String, Integer> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    /**
     * Checks that every entry matches at least one of {@code names} (a model's layers and activation points).
     *
     * @throws UserError naming the first entry that matches nothing, with the valid names
     */
    public void requireKnown(Collection<String> names) {
        for (var p : patterns) {
            if (names.stream().noneMatch(n -> p.getValue().matcher(n).matches())) {
                throw new UserError("layer-bits: '" + p.getKey() + "' names no layer or activation of this model (valid: "
                        + String.join(", ", names) + ")");
            }
        }
    }

    /** The text form, parseable by {@link #parse}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerBits l && entries.equals(l.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    private static Pattern glob(String name) {
        return Pattern.compile(java.util.Arrays.stream(name.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*")));
    }
}
