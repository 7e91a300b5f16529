package org.intformer.hw;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.hw.synth.HwReport;
import org.intformer.hw.synth.Resources;
import org.intformer.hw.synth.Target;

/**
 * What {@link CostModel} predicts for one integer model on one target, without running any tool.
 *
 * @param target    the device
 * @param lanes     MAC lanes P the generator would use
 * @param cycles    cycles per inference of the generated design (exact: the generator's own schedule)
 * @param macs      multiply-accumulates per inference
 * @param resources predicted counts in the units of the target's synthesis report
 * @param fits      whether the predicted counts fit the device's limits
 */
public record CostEstimate(Target target, int lanes, long cycles, long macs, Resources resources, boolean fits) {

    /** The predicted resources under the keys of {@code hardware.resources} in report.json. */
    public Map<String, Integer> resourceMap() {
        return HwReport.resources(target, resources);
    }

    /** {@code hardware.estimate}: the prediction alone (no synthesis ran). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lanes", lanes);
        m.put("cycles", cycles);
        m.put("resources", resourceMap());
        m.put("fits", fits);
        m.put("source", "CostModel (docs/SYNTHESIS.md, cost model)");
        return m;
    }

    /**
     * {@code hardware.cost_model}: the prediction next to what synthesis reported, with the relative error
     * (estimate − actual) / actual per resource (null where the actual count is 0 and the estimate is not).
     */
    public Map<String, Object> against(Map<String, ?> actual) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cycles", cycles);
        Map<String, Integer> est = resourceMap();
        m.put("resources", est);
        Map<String, Object> err = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : est.entrySet()) {
            Object a = actual.get(e.getKey());
            if (a instanceof Number n) {
                double act = n.doubleValue();
                // No relative error against a zero count unless both are zero (an if, not a ternary: a ternary
                // would unbox the null).
                Double error = null;
                if (act != 0) {
                    error = Math.round((e.getValue() - act) / act * 1e4) / 1e4;
                } else if (e.getValue() == 0) {
                    error = 0.0;
                }
                err.put(e.getKey(), error);
            }
        }
        m.put("error", err);
        return m;
    }
}
