package org.intformer.integer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.intformer.quant.SmallInterSeries.options;

import java.util.List;
import java.util.Map;
import org.intformer.app.IntegerEvaluation;
import org.intformer.data.WindowSet;
import org.intformer.quant.SmallInterSeries;
import org.junit.jupiter.api.Test;

/**
 * Integer models as the converter writes them, not hand-built ones, against the independent reference
 * interpreter: the inter-series model with the residual context (two projections and an Add before the context
 * token, with and without date features), bit for bit on every tensor and saturation count of every seventh
 * test window.
 */
class ConvertedInterSeriesReferenceTest {

    @Test
    void residualContextModelsMatchTheReferenceBitForBit() {
        for (Map<String, Object> o : List.of(
                options("head", "flatten", "patch", 4, "heads", 2, "cross-residual", true, "day-of-week", "onehot", "bits", 8),
                options("head", "gap", "patch", 3, "heads", 2, "cross-residual", true, "cross-layers", 2, "bits", 4))) {
            SmallInterSeries small = SmallInterSeries.train(o);
            IntModel model = small.integer();
            assertThat(model.ops()).anyMatch(op -> op instanceof IntOp.Linear l && l.name().equals("context.cross"));
            WindowSet ws = small.data().test();
            for (int i = 0; i < ws.n(); i += 7) {
                InterpreterTest.assertMatchesReference(model, IntegerEvaluation.inputs(model, ws, i));
            }
        }
    }
}
