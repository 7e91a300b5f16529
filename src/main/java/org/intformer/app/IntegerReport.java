package org.intformer.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.integer.RangeAnalysis;

/** The {@code integer} section of a report: size, accumulator widths, saturations, agreement. */
public final class IntegerReport {
    private IntegerReport() {
    }

    public static Map<String, Object> of(IntModel model, IntegerEvaluation.Run test, Map<String, Object> agreement) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ops", model.ops().size());
        long weightBits = 0;
        long weights = 0;
        for (IntOp op : model.ops()) {
            if (op instanceof IntOp.Linear l) {
                weights += l.weights().length();
                weightBits += (long) l.weights().length() * l.weightBits();
            }
        }
        m.put("weights", weights);
        m.put("weight_bits_total", weightBits);
        m.put("macs", model.macs());
        int maxBits = 0;
        Map<String, Object> accumulators = new LinkedHashMap<>();
        for (RangeAnalysis.Entry e : model.rangeAnalysis().entries()) {
            maxBits = Math.max(maxBits, e.bits());
            accumulators.put(e.op(), e.bits());
        }
        m.put("max_accumulator_bits", maxBits);
        m.put("accumulator_bits", accumulators);
        long total = test.saturations().values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> sat = new LinkedHashMap<>();
        sat.put("split", "test");
        sat.put("total", total);
        sat.put("per_op", test.saturations());
        m.put("saturations", sat);
        if (agreement != null) {
            m.put("agreement", agreement);
        }
        return m;
    }
}
