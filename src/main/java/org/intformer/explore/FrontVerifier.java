package org.intformer.explore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.app.HwJob;
import org.intformer.hw.Simulation;
import org.intformer.config.Build;
import org.intformer.io.Fingerprints;
import org.intformer.io.Json;

/**
 * Generates, simulates (Verilator, 50 windows) and synthesizes chosen points, and measures the cost model on
 * them: per resource the worst relative error |estimate − real| / max(real, 1), and the points whose
 * simulated cycles differ from the estimate (which should be none: cycles come from the same schedule).
 */
final class FrontVerifier {
    static final int WINDOWS = 50;
    static final List<String> RESOURCES = List.of("lut", "ff", "dsp", "bram36", "bram18", "lc", "ebr");

    private FrontVerifier() {
    }

    /** Stored next to the hardware run, so a rerun does not synthesize the same model again. */
    static final String RECORD = "explore-hw.json";

    /** Status of a point's hardware record: verified (simulated and synthesized) or failed (see its "error"). */
    static final String VERIFIED = "verified";
    static final String FAILED = "failed";

    /**
     * The hardware record of one point, or {"error": ...} when a tool is missing or fails, or the design disagrees
     * with the interpreter. A failure does not stop the other points' runs; {@link #failures} lists it, and
     * explore exits non-zero. Reused when the integer model, target, lanes and code are the ones it was made for.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> verify(Path iqm, String target, int lanes, Path outDir, Path exploreDir) {
        String key = key(iqm, target, lanes);
        Path record = outDir.resolve(RECORD);
        if (Files.isRegularFile(record)) {
            try {
                Map<String, Object> stored = Json.MAPPER.readValue(record.toFile(), Map.class);
                if (key.equals(stored.get("key")) && stored.get("hardware") instanceof Map<?, ?> hw) {
                    return (Map<String, Object>) hw;
                }
            } catch (IOException e) {
                // unreadable: redo the hardware run
            }
        }
        Map<String, Object> hw = new LinkedHashMap<>();
        hw.put("dir", exploreDir.relativize(outDir).toString());
        try {
            Map<String, Object> report = HwJob.run(iqm, new HwJob.Options(target, lanes, WINDOWS,
                    List.of(Simulation.Simulator.VERILATOR), true, 0), outDir);
            hw.put("report", report.get("hardware"));
            hw.put("verification", report.get("verification"));
        } catch (RuntimeException e) {
            hw.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return hw; // not recorded: a failure is retried by the next run (a missing tool may be installed by then)
        }
        Json.writeAtomically(record, Map.of("key", key, "hardware", hw));
        return hw;
    }

    /** The model's content, the device, the lanes and the code that generates and reads the design. */
    private static String key(Path iqm, String target, int lanes) {
        return Fingerprints.file(iqm) + "/" + target + "/" + lanes + "/" + Build.codeHash();
    }

    /** "verified", "failed", or null for a point that had no hardware run. */
    static String status(Map<String, Object> hardware) {
        if (hardware == null) {
            return null;
        }
        return hardware.containsKey("error") || !(hardware.get("report") instanceof Map) ? FAILED : VERIFIED;
    }

    /**
     * Every point whose hardware run failed (stage "hardware") or whose simulated cycles differ from the schedule
     * (stage "cycles"), by point id: what explore lists on stderr, in explore.json, the CSV and the page.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> failures(Map<String, Map<String, Object>> hardware, Map<String, Object> costModelError) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        new java.util.TreeMap<>(hardware).forEach((id, hw) -> {
            if (FAILED.equals(status(hw))) {
                out.add(failure(id, "hardware", String.valueOf(hw.getOrDefault("error", "no hardware report"))));
            }
        });
        for (Map<String, Object> m : (List<Map<String, Object>>) costModelError.get("cycle_mismatches")) {
            out.add(failure((String) m.get("id"), "cycles", "simulated " + m.get("simulated") + " cycles per inference, the schedule "
                    + "(and the cost model) " + m.get("estimated")));
        }
        return out;
    }

    private static Map<String, Object> failure(String id, String stage, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("stage", stage);
        m.put("error", error);
        return m;
    }

    /**
     * Worst relative error per resource and cycle mismatches over the points that synthesized; {@code failed}
     * names the points whose hardware run failed, so the error is not read as covering them.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> costModelError(List<PointOutcome> points, Map<String, Map<String, Object>> hardware) {
        Map<String, Double> worst = new LinkedHashMap<>();
        Map<String, Double> worstAtTraining = new LinkedHashMap<>();
        int measured = 0;
        List<Map<String, Object>> cycleMismatches = new java.util.ArrayList<>();
        List<String> failed = new java.util.ArrayList<>();
        for (PointOutcome p : points) {
            Map<String, Object> hw = hardware.get(p.id());
            if (FAILED.equals(status(hw))) {
                failed.add(p.id());
            }
            if (hw == null || !(hw.get("report") instanceof Map<?, ?> report)) {
                continue;
            }
            measured++;
            Map<String, Object> real = (Map<String, Object>) ((Map<String, Object>) report).get("resources");
            // The cost model as it is now (the hw run's own estimate of the synthesized design), and the estimate
            // the exploration pruned and ranked with (made right after training, possibly by an older model).
            Object now = ((Map<String, Object>) report).get("cost_model");
            if (now instanceof Map<?, ?> cm && cm.get("resources") instanceof Map<?, ?> est) {
                mergeErrors(worst, real, (Map<String, Object>) est);
            }
            mergeErrors(worstAtTraining, real, p.toMap());
            for (Object v : (List<Object>) hw.getOrDefault("verification", List.of())) {
                Object simCycles = ((Map<String, Object>) v).get("cycles");
                if (simCycles instanceof Number n && p.cycles() != null && n.longValue() != p.cycles()) {
                    cycleMismatches.add(Map.of("id", p.id(), "estimated", p.cycles(), "simulated", n.longValue()));
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("points", measured);
        m.put("worst_relative", worst);
        m.put("worst_relative_at_training", worstAtTraining);
        m.put("cycle_mismatches", cycleMismatches);
        m.put("failed", failed);
        return m;
    }

    /**
     * Worst |estimate − synthesis| / max(synthesis, 1) per resource, plus block RAM as RAMB36 equivalents
     * (RAMB36 + RAMB18/2): a RAMB18 pair that became one RAMB36 is the same block RAM, not a 100 % miss.
     */
    private static void mergeErrors(Map<String, Double> worst, Map<String, Object> real, Map<String, Object> est) {
        if (real == null) {
            return;
        }
        for (String r : RESOURCES) {
            if (real.get(r) instanceof Number actual && est.get(r) instanceof Number e) {
                worst.merge(r, relative(e.doubleValue(), actual.doubleValue()), Math::max);
            }
        }
        if (real.get("bram36") instanceof Number a36 && real.get("bram18") instanceof Number a18
                && est.get("bram36") instanceof Number e36 && est.get("bram18") instanceof Number e18) {
            worst.merge("bram36_equivalent", relative(e36.doubleValue() + e18.doubleValue() / 2,
                    a36.doubleValue() + a18.doubleValue() / 2), Math::max);
        }
    }

    private static double relative(double estimate, double actual) {
        return Math.abs(estimate - actual) / Math.max(actual, 1);
    }
}
