package org.intformer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One (variant, target) hardware result of a run report, in report order. */
record HardwareEntry(String variant, String target, Map<String, Object> hardware) {

    static List<HardwareEntry> all(Map<String, Object> report) {
        List<HardwareEntry> entries = new ArrayList<>();
        for (Map<String, Object> variant : Json.maps(report, "variants")) {
            String name = nameOf(variant);
            Json.map(variant, "hardware").forEach((target, hardware) -> {
                if (hardware instanceof Map<?, ?>) {
                    entries.add(new HardwareEntry(name, target, Json.map(hardware)));
                }
            });
        }
        return entries;
    }

    static String nameOf(Map<String, Object> variant) {
        String name = Json.str(variant, "name");
        if (name != null) {
            return name;
        }
        Double bits = Json.num(variant, "bits");
        return bits == null ? "variant" : "int" + bits.intValue();
    }

    String label() {
        return variant + " @ " + target;
    }

    Double num(String key) {
        return Json.num(hardware, key);
    }

    Map<String, Object> resources() {
        return Json.map(hardware, "resources");
    }

    /** Why the model does not fit this device (no design was built), or empty. */
    Map<String, Object> misfit() {
        return Json.map(hardware, "misfit");
    }

    /** This entry with the cost model's estimate as its resources (for a design that was not built). */
    HardwareEntry estimated() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(hardware);
        m.put("resources", Json.map(Json.map(hardware, "estimate"), "resources"));
        return new HardwareEntry(variant, target, m);
    }

    Map<String, Object> limits() {
        return Json.map(hardware, "limits");
    }

    /**
     * Used amount of a resource as compared against its limit. The XC7S15 BRAM limit counts 36 Kb blocks, and
     * two 18 Kb halves fill one, so bram18 is folded into bram36 whenever a bram36 limit exists.
     */
    Double used(String resource) {
        Map<String, Object> resources = resources();
        Double used = Json.num(resources, resource);
        if ("bram36".equals(resource)) {
            Double halves = Json.num(resources, "bram18");
            if (halves != null) {
                used = (used == null ? 0 : used) + halves / 2;
            }
        }
        return used;
    }

    /** Fraction of the device limit in use, or null when either number is missing. */
    Double utilisation(String resource) {
        Double used = used(resource);
        Double limit = Json.num(limits(), resource);
        return used == null || limit == null || limit <= 0 ? null : used / limit;
    }
}
