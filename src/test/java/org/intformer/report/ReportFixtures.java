package org.intformer.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic run and explore reports, shaped like the JSON the pipeline writes (mixed Integer/Long/Double
 * numbers, LinkedHashMap order), for the page tests and for rendering a screenshot by hand.
 */
final class ReportFixtures {

    private ReportFixtures() {
    }

    static Map<String, Object> runReport() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "run");
        report.put("config", config());
        report.put("pipeline", map("bits", List.of(8, 4), "targets", List.of("xc7s15", "ice40up5k"), "lanes", "auto",
                "verify_windows", 100, "simulators", List.of("verilator", "icarus"), "synth", true));
        report.put("data", map("rows", 17420, "train_windows", 8521, "val_windows", 2785, "test_windows", 2785,
                "columns", List.of("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT")));
        report.put("metrics", map("naive", splits(0.412, 0.398, 4.21), "linear", splits(0.301, 0.287, 3.58),
                "float", splits(0.214, 0.203, 3.01)));
        report.put("per_step", map("naive", curve(0.30, 0.50), "linear", curve(0.20, 0.38), "float", curve(0.12, 0.29),
                "int8", curve(0.125, 0.295), "int4", curve(0.14, 0.33)));
        report.put("variants", List.of(variant("int8", 8, 0.209, 0.2101, 16, 143.3, 9.1, 5470L, 19),
                variant("int4", 4, 0.236, 0.2398, 32, 98.6, 5.7, 6210L, 12)));
        report.put("forecasts", forecasts());
        report.put("stages", List.of(stage("data", "reused", 0.4), stage("train", "ran", 312.5),
                stage("qat-int8", "ran", 120.2), stage("qat-int4", "ran", 118.9), stage("convert", "ran", 1.3),
                stage("generate", "ran", 2.2), stage("verify", "ran", 45.0), stage("synth", "ran", 210.7)));
        return report;
    }

    private static Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", "/home/user/datasets/ETTh1.csv");
        config.put("features", "S");
        config.put("target", "OT");
        config.put("lookback", 96);
        config.put("horizon", 24);
        config.put("d-model", 16);
        config.put("heads", 2);
        config.put("layers", 1);
        config.put("ffn", 32);
        config.put("head", "flatten");
        config.put("patch", 8);
        config.put("bits", List.of(8, 4));
        config.put("lr", 0.001);
        config.put("seed", 42L);
        return config;
    }

    static Map<String, Object> metric(double mse, double rmseOriginal) {
        return map("mse", mse, "mae", Math.sqrt(mse) * 0.78, "rmse", Math.sqrt(mse), "rmse_original", rmseOriginal,
                "mae_original", rmseOriginal * 0.76, "windows", 2785);
    }

    private static Map<String, Object> splits(double val, double test, double rmseOriginal) {
        return map("val", metric(val, rmseOriginal * 0.95), "test", metric(test, rmseOriginal));
    }

    /** Error growing smoothly with the horizon step, like a real forecaster's. */
    private static List<Object> curve(double first, double last) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            values.add(first + (last - first) * Math.sqrt(i / 23.0));
        }
        return values;
    }

    private static Map<String, Object> variant(String name, int bits, double qat, double integer, int lanes,
            double latency, double energy, long lut, int dsp) {
        Map<String, Object> xc7 = new LinkedHashMap<>(map("target", "xc7s15", "lanes", lanes, "clock_mhz", 100.0,
                "cycles", (int) (latency * 100), "mac_bound_cycles", 9816, "latency_us", latency, "energy_uj", energy,
                "power_mw", energy / latency * 1000, "macs", 157056, "macs_per_cycle", 157056 / (latency * 100),
                "fits", true));
        xc7.put("resources", map("lut", lut, "ff", 2100, "dsp", dsp, "bram36", 1, "bram18", 16, "lutram", 40));
        xc7.put("limits", map("lut", 8000, "ff", 16000, "dsp", 20, "bram36", 10));
        xc7.put("timing", map("method", "yosys sta, logic only, plus routing allowance (estimate)", "critical_path_ns", 6.18,
                "logic_ns", 3.09, "fmax_mhz", 161.8, "start", "rq_main.s3", "end", "rq_main.t0.D", "estimate", true));
        xc7.put("verification", List.of(map("simulator", "verilator", "windows", 100, "mismatches", 0, "cycles", 14329),
                map("simulator", "icarus", "windows", 100, "mismatches", 0, "cycles", 14329)));
        xc7.put("cost_model", map("cycles", (int) (latency * 100), "resources", map("lut", 5400),
                "error", map("lut", -0.013, "ff", 0.021, "dsp", 0.0)));
        Map<String, Object> ice = new LinkedHashMap<>(map("target", "ice40up5k", "lanes", lanes / 2, "clock_mhz", 12.0,
                "fmax_mhz", 15.9, "cycles", (int) (latency * 180), "latency_us", latency * 15, "energy_uj", energy * 0.6,
                "power_mw", 3.1, "fits", bits == 4));
        ice.put("resources", map("lc", bits == 4 ? 4773 : 5630, "ebr", 30, "spram", 4, "dsp", 7, "ff", 1830));
        ice.put("limits", map("lc", 5280, "ebr", 30, "spram", 4, "dsp", 8));
        ice.put("timing", map("method", "nextpnr-ice40 (placed and routed)", "critical_path_ns", 62.89, "logic_ns", 20.5,
                "fmax_mhz", 15.9, "start", "sm_a", "end", "spm1.0.0_RAM.ADDRESS_0", "estimate", false));
        ice.put("verification", List.of(map("simulator", "verilator", "windows", 100, "mismatches", bits == 4 ? 0 : 2)));
        Map<String, Object> variant = new LinkedHashMap<>(map("name", name, "bits", bits, "weight_bits", bits,
                "act_bits", bits));
        variant.put("metrics", map("qat", splits(qat * 1.04, qat, 3.0), "integer", splits(integer * 1.04, integer, 3.02)));
        variant.put("integer", map("macs", 157056, "weight_bits_total", 4520 * bits,
                "agreement", map("identical_fraction", 0.9998, "max_abs_lsb", 1)));
        variant.put("hardware", map("xc7s15", xc7, "ice40up5k", ice));
        return variant;
    }

    private static Map<String, Object> forecasts() {
        List<Object> windows = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int index = 17 + 611 * w;
            List<Object> history = new ArrayList<>();
            for (int t = 0; t < 96; t++) {
                history.add(signal(index + t));
            }
            List<Object> actual = new ArrayList<>();
            List<Object> fl = new ArrayList<>();
            List<Object> i8 = new ArrayList<>();
            List<Object> i4 = new ArrayList<>();
            for (int t = 96; t < 120; t++) {
                double truth = signal(index + t);
                actual.add(truth);
                double smooth = signal(index + t) * 0.85 + 0.15 * signal(index + 95);
                fl.add(smooth + 0.3);
                i8.add(smooth + 0.35);
                i4.add(smooth + 0.6 * Math.sin(t));
            }
            windows.add(map("index", index, "history", history, "actual", actual,
                    "predicted", map("float", fl, "int8", i8, "int4", i4)));
        }
        return map("lookback", 96, "horizon", 24, "unit", "OT", "windows", windows);
    }

    /** A daily cycle plus a slower trend, roughly like an oil temperature series. */
    private static double signal(int t) {
        return 12 + 4 * Math.sin(2 * Math.PI * t / 24.0) + 2 * Math.sin(2 * Math.PI * t / 170.0) + 0.7 * Math.cos(t * 1.7);
    }

    private static Map<String, Object> stage(String name, String status, double seconds) {
        return map("name", name, "status", status, "seconds", seconds);
    }

    static Map<String, Object> exploreReport() {
        List<Object> points = new ArrayList<>();
        int[] dModels = {8, 16, 32};
        int[] patches = {4, 8, 16};
        int[] bits = {4, 6, 8};
        int n = 0;
        for (int d : dModels) {
            for (int p : patches) {
                for (int b : bits) {
                    if ((d + p + b) % 3 == 1) {
                        continue;
                    }
                    n++;
                    double size = d * (96.0 / p) * b;
                    double mse = 0.2 + 0.5 / d + 0.002 * p + 0.08 / b;
                    double lut = 900 + size * 4.1;
                    boolean fits = lut < 8000;
                    String status = n % 7 == 0 ? "pruned" : fits ? "done" : "infeasible";
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("id", String.format("p%02d", n));
                    point.put("params", map("d-model", d, "patch", p, "bits", b));
                    point.put("val_mse", mse * 1.03);
                    point.put("test_mse", "pruned".equals(status) ? null : mse);
                    point.put("energy_uj", size / 120.0);
                    point.put("latency_us", 20 + size / 9.0);
                    point.put("lut", Math.round(lut));
                    point.put("fits", fits);
                    point.put("pareto", false);
                    point.put("chosen", false);
                    point.put("status", status);
                    points.add(point);
                }
            }
        }
        markPareto(points);
        Map<String, Object> explore = new LinkedHashMap<>();
        explore.put("points", points);
        explore.put("chosen", chosenId(points));
        explore.put("search", map("strategy", "grid", "budget", 27, "objectives", List.of("test_mse", "energy_uj", "lut"),
                "target", "xc7s15"));
        explore.put("cost_model_error", map("points", 9, "worst_relative", map("lut", 0.064, "ff", 0.039, "dsp", 0.0),
                "failed", List.of(), "cycle_mismatches", List.of()));
        return explore;
    }

    /** Non-dominated over (test MSE, energy, LUTs) among the fitting done points, like the explorer does. */
    @SuppressWarnings("unchecked")
    private static void markPareto(List<Object> points) {
        String[] keys = {"test_mse", "energy_uj", "lut"};
        for (Object a : points) {
            Map<String, Object> pa = (Map<String, Object>) a;
            if (!"done".equals(pa.get("status"))) {
                continue;
            }
            boolean dominated = false;
            for (Object b : points) {
                Map<String, Object> pb = (Map<String, Object>) b;
                if (pb == pa || !"done".equals(pb.get("status"))) {
                    continue;
                }
                boolean noWorse = true;
                boolean better = false;
                for (String k : keys) {
                    double va = ((Number) pa.get(k)).doubleValue();
                    double vb = ((Number) pb.get(k)).doubleValue();
                    noWorse &= vb <= va;
                    better |= vb < va;
                }
                dominated |= noWorse && better;
            }
            pa.put("pareto", !dominated);
        }
    }

    /** The explorer picks a Pareto point; here the third cheapest one, a middle-of-the-front compromise. */
    @SuppressWarnings("unchecked")
    private static String chosenId(List<Object> points) {
        Map<String, Object> chosen = points.stream().map(p -> (Map<String, Object>) p)
                .filter(p -> Boolean.TRUE.equals(p.get("pareto")))
                .sorted(java.util.Comparator.comparingDouble(p -> ((Number) p.get("energy_uj")).doubleValue()))
                .skip(2).findFirst().orElseThrow();
        chosen.put("chosen", true);
        return (String) chosen.get("id");
    }

    /** A LinkedHashMap from alternating keys and values (Map.of has no order and refuses nulls). */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
