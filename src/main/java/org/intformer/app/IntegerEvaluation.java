package org.intformer.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        TensorSpec out = model.outputSpec();
        List<int[]> windows = quantizedWindows(ws, model.inputSpec(), ws.n());
        List<Interpreter.Result> results = new Interpreter(model).runAll(windows, threads);
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

    /** The first {@code count} windows of {@code ws}, quantized by the host at the input grid of {@code in}. */
    public static List<int[]> quantizedWindows(WindowSet ws, TensorSpec in, int count) {
        int stride = ws.xStride();
        int n = Math.min(count, ws.n());
        List<int[]> windows = new ArrayList<>(n);
        double[] window = new double[stride];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < stride; j++) {
                window[j] = ws.x()[i * stride + j];
            }
            windows.add(HostQuantization.quantize(window, in));
        }
        return windows;
    }
}
