package org.intformer.hw.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the output of yosys {@code stat -json} (yosys 0.23 layout). */
public final class YosysStats {
    private static final ObjectMapper JSON = new ObjectMapper();

    private YosysStats() {
    }

    /** Cell counts of the whole design from a {@code stat -json} file. */
    public static Map<String, Integer> cells(Path statJson) throws IOException {
        return cells(Files.readString(statJson));
    }

    /**
     * Cell counts of the whole design: the {@code design} section (hierarchy totals) when yosys wrote one,
     * else the only module. Submodule instances (cell types that are module names) are dropped.
     */
    public static Map<String, Integer> cells(String statJson) throws IOException {
        JsonNode root = JSON.readTree(statJson);
        JsonNode modules = root.path("modules");
        JsonNode section = root.path("design");
        if (section.isMissingNode()) {
            if (modules.size() != 1) {
                throw new IOException("yosys stat -json: no 'design' section and " + modules.size()
                        + " modules; cannot tell the totals");
            }
            section = modules.elements().next();
        }
        JsonNode byType = section.path("num_cells_by_type");
        if (!byType.isObject()) {
            throw new IOException("yosys stat -json: no num_cells_by_type");
        }
        Map<String, Integer> cells = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = byType.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey();
            if (modules.has(type) || modules.has("\\" + type)) {
                continue;
            }
            if (type.startsWith("$")) {
                // yosys' own cells left unmapped (e.g. $mul): the device cells would not count them
                throw new IOException("yosys stat -json: the netlist still has unmapped yosys cells of type " + type
                        + "; resource counts would leave them out");
            }
            if (!e.getValue().canConvertToExactIntegral() || !e.getValue().canConvertToInt()) {
                throw new IOException("yosys stat -json: count of " + type + " is " + e.getValue() + ", not a count");
            }
            cells.put(type.startsWith("\\") ? type.substring(1) : type, e.getValue().intValue());
        }
        return cells;
    }
}
