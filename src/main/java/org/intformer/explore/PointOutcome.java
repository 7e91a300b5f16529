package org.intformer.explore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one (point, rung) produced. Metrics are null when the point never got that far (infeasible before
 * training, invalid). Stored in its own JSON file and read back unchanged on a rerun, so every field
 * survives the round trip exactly (Jackson writes doubles in their shortest exact form).
 *
 * @param status "done" (trained, fits), "infeasible" (predicted not to fit), "invalid" (rejected by training)
 */
public record PointOutcome(String id, int rung, String status, String reason, int epochs, int qatEpochs,
                           Double valMse, Double testMse, Double floatValMse, Double floatTestMse,
                           Double energyUj, Double latencyUs, Long cycles, Integer lanes,
                           Integer lut, Integer ff, Integer dsp, Integer bram36, Integer bram18, Integer lc, Integer ebr,
                           Boolean fits, double seconds) implements java.io.Serializable {

    public static final String DONE = "done";
    public static final String INFEASIBLE = "infeasible";
    public static final String INVALID = "invalid";
    public static final String PRUNED = "pruned";

    boolean trainedAndFits() {
        return DONE.equals(status) && Boolean.TRUE.equals(fits) && valMse != null;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("rung", rung);
        m.put("status", status);
        m.put("reason", reason);
        m.put("epochs", epochs);
        m.put("qat_epochs", qatEpochs);
        m.put("val_mse", valMse);
        m.put("test_mse", testMse);
        m.put("float_val_mse", floatValMse);
        m.put("float_test_mse", floatTestMse);
        m.put("energy_uj", energyUj);
        m.put("latency_us", latencyUs);
        m.put("cycles", cycles);
        m.put("lanes", lanes);
        m.put("lut", lut);
        m.put("ff", ff);
        m.put("dsp", dsp);
        m.put("bram36", bram36);
        m.put("bram18", bram18);
        m.put("lc", lc);
        m.put("ebr", ebr);
        m.put("fits", fits);
        m.put("seconds", seconds);
        return m;
    }

    static PointOutcome fromMap(Map<String, Object> m) {
        return new PointOutcome((String) m.get("id"), num(m, "rung").intValue(), (String) m.get("status"),
                (String) m.get("reason"), num(m, "epochs").intValue(), num(m, "qat_epochs").intValue(),
                dbl(m, "val_mse"), dbl(m, "test_mse"), dbl(m, "float_val_mse"), dbl(m, "float_test_mse"),
                dbl(m, "energy_uj"), dbl(m, "latency_us"), m.get("cycles") == null ? null : num(m, "cycles").longValue(),
                integer(m, "lanes"), integer(m, "lut"), integer(m, "ff"), integer(m, "dsp"), integer(m, "bram36"),
                integer(m, "bram18"), integer(m, "lc"), integer(m, "ebr"), (Boolean) m.get("fits"), num(m, "seconds").doubleValue());
    }

    private static Number num(Map<String, Object> m, String key) {
        return (Number) m.get(key);
    }

    private static Double dbl(Map<String, Object> m, String key) {
        return m.get(key) == null ? null : num(m, key).doubleValue();
    }

    private static Integer integer(Map<String, Object> m, String key) {
        return m.get(key) == null ? null : num(m, key).intValue();
    }
}
