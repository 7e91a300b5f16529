package org.intformer.hw.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static timing of an XC7S15 netlist without a vendor tool: yosys {@code sta} on the netlist {@code synth_xilinx}
 * wrote, with the 7-series cell delays yosys ships ({@code read_verilog -lib -specify +/xilinx/cells_sim.v}), gives
 * the logic-only arrival of the worst path (the same measurement as {@code ../shared/bench/xc7_sta.sh}); a routing
 * allowance ({@link Timing#XC7_ROUTING_FACTOR}) turns it into an estimated critical path. Outputs in
 * {@code DIR/synth/xc7/}: {@code top.json} (the netlist's top module only: yosys rejects a re-read cell library),
 * {@code sta.ys}, {@code sta.log}.
 */
public final class XilinxTiming {
    private static final Pattern ARRIVAL = Pattern.compile("Latest arrival time in '[^']*' is (\\d+):");
    private static final Pattern CELL = Pattern.compile("^\\s+(\\d+)\\s+(\\S+)\\s+\\(([A-Za-z0-9_$]+)\\.([^)]*)\\)\\s*$");

    private XilinxTiming() {
    }

    /** Times the netlist {@code net.json} (written by {@link XilinxSynthesis}) of {@code dir}. */
    public static Timing run(Tools tools, Path dir, String top) throws IOException {
        Path out = dir.resolve(XilinxSynthesis.OUT_DIR);
        ObjectMapper json = new ObjectMapper();
        JsonNode net = json.readTree(out.resolve("net.json").toFile());
        JsonNode module = net.path("modules").path(top);
        ObjectNode only = json.createObjectNode();
        only.set("creator", net.path("creator"));
        only.putObject("modules").set(top, module);
        json.writeValue(out.resolve("top.json").toFile(), only);
        String script = String.join("\n", "read_verilog -lib -specify +/xilinx/cells_sim.v", "read_verilog -lib +/xilinx/cells_xtra.v",
                "read_json " + XilinxSynthesis.OUT_DIR + "/top.json", "hierarchy -top " + top, "sta", "");
        Files.writeString(out.resolve("sta.ys"), script);
        Path log = out.resolve("sta.log");
        tools.runOrThrow(dir, log, List.of(tools.yosys(), "-s", XilinxSynthesis.OUT_DIR + "/sta.ys"));
        return parse(Files.readString(log), module);
    }

    /** The path yosys {@code sta} printed (end first), named by the netlist's registers. */
    static Timing parse(String log, JsonNode module) throws Tools.ToolException {
        Matcher a = ARRIVAL.matcher(log);
        if (!a.find()) {
            throw new Tools.ToolException("yosys sta printed no arrival time");
        }
        double logicNs = Integer.parseInt(a.group(1)) / 1000.0;
        List<String[]> cells = new ArrayList<>();      // {cell, type, arc}, end first
        for (String line : log.substring(a.end()).split("\\r?\\n", -1)) {
            if (line.isBlank()) {
                if (!cells.isEmpty()) {
                    break;
                }
                continue;
            }
            Matcher c = CELL.matcher(line);
            if (c.matches()) {
                cells.add(new String[] {c.group(2), c.group(3), c.group(4)});
            }
        }
        String end = cells.isEmpty() ? "?" : name(module, cells.get(0));
        String start = "?";
        for (int i = cells.size() - 1; i >= 0; i--) {
            String type = cells.get(i)[1];
            if (!type.equals("BUFG") && !type.equals("IBUF") && !type.equals("BUFGCTRL")) {
                start = name(module, cells.get(i));
                break;
            }
        }
        return Timing.xc7(logicNs, start, end);
    }

    /** A register's name (the net its output drives), else the cell type and pin. */
    private static String name(JsonNode module, String[] cell) {
        JsonNode c = module.path("cells").path(cell[0]);
        JsonNode q = c.path("connections").path("Q");
        if (q.isArray() && q.size() > 0) {
            String best = null;
            for (var it = module.path("netnames").fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().startsWith("$")) {
                    continue;
                }
                JsonNode bits = e.getValue().path("bits");
                for (int i = 0; i < bits.size(); i++) {
                    if (bits.get(i).equals(q.get(0))) {
                        String n = e.getKey() + (bits.size() > 1 ? "[" + i + "]" : "");
                        if (best == null || n.length() < best.length()) {
                            best = n;
                        }
                    }
                }
            }
            if (best != null) {
                return best.replace("\\", "") + " (" + cell[1] + ")";
            }
        }
        return cell[1] + "." + cell[2];
    }
}
