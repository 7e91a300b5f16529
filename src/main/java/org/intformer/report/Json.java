package org.intformer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lenient access to a report parsed from JSON. Reports come from different pipeline stages and older runs, so
 * a missing or mistyped optional value must read as "absent" (empty map, empty list, null) instead of failing
 * the whole page.
 */
final class Json {

    private Json() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return map(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static List<Object> list(Map<String, Object> parent, String key) {
        return list(parent.get(key));
    }

    /** The maps of a list, skipping entries that are not objects. */
    static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object item : list(parent, key)) {
            if (item instanceof Map<?, ?>) {
                result.add(map(item));
            }
        }
        return result;
    }

    /** A finite number, or null when absent, not a number or NaN/infinite. */
    static Double num(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        return null;
    }

    static Double num(Map<String, Object> parent, String key) {
        return num(parent.get(key));
    }

    static String str(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? null : String.valueOf(value);
    }

    static Boolean bool(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Boolean b ? b : null;
    }

    /** The numbers of a list; non-numbers become NaN so positions (time steps) stay aligned. */
    static double[] doubles(Object value) {
        List<Object> items = list(value);
        double[] result = new double[items.size()];
        for (int i = 0; i < result.length; i++) {
            Double d = num(items.get(i));
            result[i] = d == null ? Double.NaN : d;
        }
        return result;
    }

    /** Follows a path of keys through nested maps; null if any step is missing. */
    static Double num(Map<String, Object> root, String... path) {
        Map<String, Object> current = root;
        for (int i = 0; i < path.length - 1; i++) {
            current = map(current, path[i]);
        }
        return num(current, path[path.length - 1]);
    }
}
