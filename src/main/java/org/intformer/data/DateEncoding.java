package org.intformer.data;

import java.util.List;
import java.util.Locale;
import org.intformer.UserError;

/** How one calendar field becomes features: not at all, a sin/cos pair on its cycle, or one flag per value. */
public enum DateEncoding {
    OFF, SINCOS, ONEHOT;

    /** The spellings accepted in configurations, in this order. */
    public static final List<String> IDS = List.of("off", "sincos", "onehot");

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "off", "sincos" or "onehot" in any case; {@code key} names the option in the error. */
    public static DateEncoding parse(String text, String key) {
        for (DateEncoding e : values()) {
            if (e.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return e;
            }
        }
        throw new UserError(key + " = '" + text + "': expected off, sincos or onehot");
    }

    /** Features this encoding gives a field with {@code values} distinct values. */
    int width(int values) {
        return switch (this) {
            case OFF -> 0;
            case SINCOS -> 2;
            case ONEHOT -> values;
        };
    }
}
