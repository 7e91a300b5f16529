package org.intformer.hw.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The routed critical path nextpnr-ice40 reports ({@code --report}: {@code critical_paths[].path[]}, segments typed
 * clk-to-q, logic, routing, setup): the path's cells' share is the logic delay, the rest routing; its start and end
 * are the first and last cells, named after the nets nextpnr derived them from.
 */
public final class NextpnrTiming {
    private NextpnrTiming() {
    }

    /** The timing of the slowest clock's critical path; null when the report has none. */
    public static Timing fromReport(String reportJson, double fmaxMhz) throws IOException {
        JsonNode paths = new ObjectMapper().readTree(reportJson).path("critical_paths");
        JsonNode worst = null;
        double worstDelay = -1;
        for (JsonNode p : paths) {
            // clock-domain paths only (from and to a clock edge), not the I/O paths
            if (!p.path("from").asText().startsWith("posedge") || !p.path("to").asText().startsWith("posedge")) {
                continue;
            }
            double total = 0;
            for (JsonNode seg : p.path("path")) {
                total += seg.path("delay").asDouble();
            }
            if (total > worstDelay) {
                worstDelay = total;
                worst = p;
            }
        }
        if (worst == null) {
            return null;
        }
        double logic = 0;
        String start = null;
        String end = null;
        for (JsonNode seg : worst.path("path")) {
            if (!seg.path("type").asText().equals("routing")) {
                logic += seg.path("delay").asDouble();
            }
            if (start == null) {
                start = cell(seg.path("to").path("cell").asText());
            }
            end = cell(seg.path("to").path("cell").asText()) + "." + seg.path("to").path("port").asText();
        }
        double path = Double.isNaN(fmaxMhz) ? worstDelay : 1000.0 / fmaxMhz;
        return new Timing(Timing.NEXTPNR, path, logic, Double.isNaN(fmaxMhz) ? 1000.0 / worstDelay : fmaxMhz, start, end, false, "");
    }

    /** nextpnr names a cell after the net its flip-flop or LUT drives: "sm_sum_SB_DFFE_Q_12_D_SB_LUT4_O_LC" -> "sm_sum". */
    static String cell(String name) {
        int cut = name.indexOf("_SB_");
        return cut > 0 ? name.substring(0, cut) : name;
    }
}
