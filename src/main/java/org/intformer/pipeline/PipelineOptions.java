package org.intformer.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.Origin;
import org.intformer.hw.HwOptions;
import org.intformer.hw.synth.Target;
import org.intformer.hw.Simulation;

/**
 * What {@code intformer run} does after float training: the bit widths of the integer variants, the FPGA
 * targets, the lanes, how many test windows to simulate under which simulators, and whether to synthesize.
 * Read from the {@code pipeline:} section of the config file, then overridden by flags.
 *
 * @param bits       integer variants, each QAT at that many bits for weights and activations (2-8)
 * @param targets    devices to generate, verify and synthesize for; empty = integer models only
 * @param lanes      MAC lanes, 0 = auto
 * @param windows    test windows simulated per design; 0 skips simulation
 * @param simulators simulators that must each reproduce the interpreter bit for bit
 * @param synth      whether to synthesize (and on iCE40 place and route)
 */
public record PipelineOptions(List<Integer> bits, List<String> targets, int lanes, int windows,
                              List<Simulation.Simulator> simulators, boolean synth) {

    public static final String SECTION = "pipeline";
    static final List<String> KEYS = List.of("bit-widths", "targets", "lanes", "windows", "simulators", "synth");

    public PipelineOptions {
        bits = List.copyOf(bits);
        targets = List.copyOf(targets);
        simulators = List.copyOf(simulators);
        if (bits.isEmpty()) {
            throw new UserError("pipeline bit-widths: give at least one bit width");
        }
        for (int b : bits) {
            if (b < 2 || b > 8) {
                throw new UserError("pipeline bit-widths: " + b + " is out of range 2-8");
            }
        }
        if (bits.stream().distinct().count() != bits.size()) {
            throw new UserError("pipeline bit-widths: " + bits + " repeats a bit width");
        }
        for (String t : targets) {
            Target.parse(t); // validates the name
        }
        if (lanes < 0 || lanes > 256) {
            throw new UserError("pipeline lanes: " + lanes + " is not auto or 1-256");
        }
        if (windows < 0) {
            throw new UserError("pipeline windows: must not be negative, got " + windows);
        }
        if (windows > 0 && simulators.isEmpty()) {
            throw new UserError("pipeline simulators: give at least one simulator, or windows: 0 to skip simulation");
        }
    }

    /**
     * The demo pipeline: 8- and 4-bit variants on the XC7S15 and the iCE40 UP5K, 100 windows under Verilator,
     * synthesis on. A device the model does not fit at any lane count is a finding of the run, not a failure: with
     * the pipelined datapath the demo model does not fit the UP5K (the cost model predicts 5,916 and 6,234 of its
     * 5,280 logic cells at one lane), and the report says so with those figures (HwJob.runOrReportMisfit).
     * Icarus is not in the default list: it simulates these designs about 50 times slower than Verilator, and
     * the test suite already runs every design family under both.
     */
    public static PipelineOptions defaults() {
        return new PipelineOptions(List.of(8, 4), List.of(Target.XC7S15.id(), Target.ICE40UP5K.id()), 0, 100,
                List.of(Simulation.Simulator.VERILATOR), true);
    }

    /** {@code base} with the keys of a {@code pipeline:} section (or flags, same names) replaced. */
    public static PipelineOptions overlay(PipelineOptions base, Map<String, Object> values, Origin origin) {
        List<Integer> bits = base.bits;
        List<String> targets = base.targets;
        int lanes = base.lanes;
        int windows = base.windows;
        List<Simulation.Simulator> sims = base.simulators;
        boolean synth = base.synth;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            String where = where(origin, key);
            switch (key) {
                case "bit-widths" -> bits = list(v, where).stream().map(x -> integer(x, where)).toList();
                case "targets" -> targets = list(v, where).stream().map(x -> text(x, where).toLowerCase(Locale.ROOT)).toList();
                case "lanes" -> lanes = HwOptions.parseLanes(v, where);
                case "windows" -> windows = integer(v, where);
                case "simulators" -> sims = list(v, where).stream().map(x -> Simulation.Simulator.parse(x, where)).toList();
                case "synth" -> synth = bool(v, where);
                default -> throw new UserError(where + ": unknown key (one of " + String.join(", ", KEYS) + ")");
            }
        }
        return new PipelineOptions(bits, targets, lanes, windows, sims, synth);
    }

    /** For report.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bit_widths", bits);
        m.put("targets", targets);
        m.put("lanes", lanes == 0 ? "auto" : lanes);
        m.put("windows", windows);
        m.put("simulators", simulators.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        m.put("synth", synth);
        return m;
    }

    /** "option --bits" for flags, "run.yaml:12: key 'pipeline.bits'" for the file. */
    private static String where(Origin origin, String key) {
        if (origin.label() == null) {
            return "option --" + key;
        }
        Integer line = origin.lineOfKey().get(SECTION);
        return origin.label() + (line == null ? "" : ":" + line) + ": key '" + SECTION + "." + key + "'";
    }

    private static List<Object> list(Object v, String where) {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof String s) {
            List<Object> out = new ArrayList<>();
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        return List.of(v);
    }

    private static int integer(Object v, String where) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new UserError(where + ": expected a whole number, got '" + v + "'");
        }
    }

    private static String text(Object v, String where) {
        if (v == null || v instanceof Map || v instanceof List) {
            throw new UserError(where + ": expected a name, got " + v);
        }
        return String.valueOf(v).trim();
    }

    private static boolean bool(Object v, String where) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new UserError(where + ": expected true or false, got '" + v + "'");
    }
}
