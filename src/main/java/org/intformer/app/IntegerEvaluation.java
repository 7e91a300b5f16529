package org.intformer.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.data.WindowSet;
import org.intformer.integer.HostQuantization;
import org.intformer.integer.IntModel;
import org.intformer.integer.Interpreter;
import org.intformer.integer.TensorSpec;

/**
 * Runs the golden integer interpreter over a split: the host quantizes each z-scored window at the model's
 * input grid, the interpreter computes the integer forecast, the host dequantizes it back to z-space.
 */
public final class IntegerEvaluation {
    /** Forecasts of one split: z-space values, the integer output codes, and clamps counted per op. */
    public record Run(float[] predictions, int[] codes, Map<String, Long> saturations) {
    }

    private IntegerEvaluation() {
    }

    public static Run run(IntModel model, WindowSet ws, int threads) {
        List<List<int[]>> windows = new ArrayList<>(ws.n());
        for (int i = 0; i < ws.n(); i++) {
            windows.add(inputs(model, ws, i));
        }
        List<Interpreter.Result> results = new Interpreter(model).runAllInputs(windows, threads);
        TensorSpec out = model.outputSpec();
        int per = out.size();
        float[] pred = new float[ws.n() * per];
        int[] codes = new int[ws.n() * per];
        for (int i = 0; i < results.size(); i++) {
            int[] q = results.get(i).output();
            System.arraycopy(q, 0, codes, i * per, per);
            double[] z = HostQuantization.dequantize(q, out);
            for (int j = 0; j < per; j++) {
                pred[i * per + j] = (float) z[j];
            }
        }
        return new Run(pred, codes, Interpreter.totalSaturations(results));
    }

    /**
     * What the host hands the integer model for window {@code i}: the z-scored values quantized at the input's
     * grid and, for a model with extra inputs (IR version 2), the window's date features at theirs.
     */
    public static List<int[]> inputs(IntModel model, WindowSet ws, int i) {
        List<int[]> inputs = new ArrayList<>();
        inputs.add(HostQuantization.quantize(doubles(ws.x(), i * ws.xStride(), ws.xStride()), model.inputSpec()));
        if (model.extraInputs().size() > 1 || (model.extraInputs().size() == 1 && ws.dateWidth() == 0)) {
            throw new UserError("the integer model reads " + model.extraInputs() + " besides its window, the data has "
                    + (ws.dateWidth() == 0 ? "no date features" : "only date features"));
        }
        if (!model.extraInputs().isEmpty()) {
            int stride = (ws.lookback() + ws.horizon()) * ws.dateWidth();
            TensorSpec dates = model.tensor(model.extraInputs().get(0));
            if (dates.size() != stride) {
                throw new UserError("the integer model reads " + dates.size() + " date feature values per window, the data has "
                        + stride);
            }
            inputs.add(HostQuantization.quantize(doubles(ws.dates(), i * stride, stride), dates));
        }
        return inputs;
    }

    private static double[] doubles(float[] values, int from, int count) {
        double[] d = new double[count];
        for (int j = 0; j < count; j++) {
            d[j] = values[from + j];
        }
        return d;
    }
}
