package org.intformer.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.intformer.data.WindowSet;
import org.intformer.nn.AttentionRecorder;
import org.intformer.nn.InterSeriesForecaster;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;

/**
 * Where the inter-series model's cross-series attention looks, over a split's windows: per cross-series layer and
 * head, the [N, N] attention probabilities (row: the series that attends, column: the series attended to)
 * averaged over the windows, and per window which series each one attends to most.
 *
 * @param layers  the cross-series attention layers, in order
 * @param heads   attention heads per layer
 * @param series  the series names, in channel order
 * @param mean    per layer, per head, the mean probabilities [N·N] (row-major)
 * @param argmax  per layer, per head, per window, the most-attended series of each series [n][N]
 */
public record CrossSeriesAttention(List<String> layers, int heads, List<String> series, List<double[][]> mean,
                                   List<int[][][]> argmax) {

    public static final int BATCH = 256;

    /** Runs {@code model} over every window of {@code ws}; null when the model has no cross-series layers. */
    public static CrossSeriesAttention of(InterSeriesForecaster model, WindowSet ws, List<String> series, Compute compute) {
        int cross = model.spec().activeCrossLayers();
        if (cross == 0 || ws.n() == 0) {
            return null;
        }
        int heads = model.spec().encoder().heads();
        int n = model.spec().series();
        List<String> layers = new ArrayList<>();
        List<double[][]> mean = new ArrayList<>();
        List<int[][][]> argmax = new ArrayList<>();
        for (int i = 0; i < cross; i++) {
            layers.add("cross.layers." + i + ".attn");
            mean.add(new double[heads][n * n]);
            argmax.add(new int[heads][ws.n()][n]);
        }
        AttentionRecorder recorder = new AttentionRecorder("cross.");
        float[] inputs = ws.inputs();
        int stride = ws.inputStride();
        for (int start = 0; start < ws.n(); start += BATCH) {
            int b = Math.min(BATCH, ws.n() - start);
            model.forward(new Graph(compute, false), Arrays.copyOfRange(inputs, start * stride, (start + b) * stride), b,
                    new SplittableRandom(0), recorder);
            for (int l = 0; l < cross; l++) {
                double[] p = recorder.probabilities().get(layers.get(l));
                for (int w = 0; w < b; w++) {
                    for (int j = 0; j < heads; j++) {
                        int base = (w * heads + j) * n * n;
                        for (int r = 0; r < n; r++) {
                            int best = 0;
                            for (int c = 0; c < n; c++) {
                                double v = p[base + r * n + c];
                                mean.get(l)[j][r * n + c] += v / ws.n();
                                best = v > p[base + r * n + best] ? c : best;
                            }
                            argmax.get(l)[j][start + w][r] = best;
                        }
                    }
                }
            }
        }
        return new CrossSeriesAttention(layers, heads, series, mean, argmax);
    }

    /**
     * The report section: {@code {layers: [{layer, heads: [[[row of N] × N] per head]}], series, windows}} plus,
     * per layer and head, for each series the series it attends to most in the most windows.
     */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> perLayer = new ArrayList<>();
        int n = series.size();
        for (int l = 0; l < layers.size(); l++) {
            List<Object> headMaps = new ArrayList<>();
            List<Object> tops = new ArrayList<>();
            for (int j = 0; j < heads; j++) {
                List<double[]> rows = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    rows.add(Arrays.copyOfRange(mean.get(l)[j], r * n, (r + 1) * n));
                }
                headMaps.add(rows);
                Map<String, Object> top = new LinkedHashMap<>();
                for (int r = 0; r < n; r++) {
                    int[] counts = new int[n];
                    for (int[] window : argmax.get(l)[j]) {
                        counts[window[r]]++;
                    }
                    int best = 0;
                    for (int c = 1; c < n; c++) {
                        best = counts[c] > counts[best] ? c : best;
                    }
                    top.put(series.get(r), Map.of("series", series.get(best), "share", counts[best] / (double) argmax.get(l)[j].length));
                }
                tops.add(top);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", layers.get(l));
            m.put("heads", headMaps);
            m.put("most_attended", tops);
            perLayer.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("series", series);
        m.put("windows", argmax.isEmpty() ? 0 : argmax.get(0)[0].length);
        m.put("layers", perLayer);
        return m;
    }
}
