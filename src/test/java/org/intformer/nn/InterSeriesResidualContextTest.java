package org.intformer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.intformer.tensor.Compute;
import org.intformer.tensor.GradCheck;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The residual context (cross-residual): the cross-series output reaches the context through its own projection,
 * which starts at zero. A new model is exactly its ablation; its gradients match central finite differences.
 */
class InterSeriesResidualContextTest {
    private static final int N = 3;
    private static final int L = 8;
    private static final int H = 2;
    private static final int F = 2;
    private static final Compute COMPUTE = new Compute(new ScalarKernels(), new Parallel(1));

    private static InterSeriesSpec spec(boolean crossSeries) {
        ModelSpec encoder = new ModelSpec(N, IntStream.range(0, N).toArray(), L, H, 8, 2, 1, 16, ModelSpec.Norm.BATCH,
                ModelSpec.Activation.RELU, ModelSpec.Head.FLATTEN, true, 4, 0f);
        return new InterSeriesSpec(encoder, 1, crossSeries, true, true, true, F);
    }

    private static float[] windows(int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * spec(true).inputWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    @Test
    void aNewModelForecastsExactlyAsItsAblation() {
        InterSeriesForecaster model = new InterSeriesForecaster(spec(true), 3);
        InterSeriesForecaster ablation = new InterSeriesForecaster(spec(false), 5);
        Map<String, float[]> shared = new java.util.LinkedHashMap<>();
        ablation.state().keySet().forEach(k -> shared.put(k, model.state().get(k).data().clone()));
        ablation.load(shared);
        assertThat(model.parameters()).containsKeys("context.cross.weight", "context.cross.bias");
        assertThat(ablation.parameters()).doesNotContainKeys("context.cross.weight", "cross.layers.0.attn.q.weight");
        assertThat(model.parameterCount()).isEqualTo(model.parameters().values().stream().mapToLong(Tensor::size).sum());
        assertThat(model.parameterCount() - ablation.parameterCount())
                .isEqualTo(model.parameters().entrySet().stream().filter(e -> e.getKey().startsWith("cross.")
                        || e.getKey().startsWith("context.cross")).mapToLong(e -> e.getValue().size()).sum());
        float[] x = windows(5, 11);
        float[] a = model.forward(new Graph(COMPUTE, false), x, 5, new SplittableRandom(0), QuantHooks.NONE).data();
        float[] b = ablation.forward(new Graph(COMPUTE, false), x, 5, new SplittableRandom(0), QuantHooks.NONE).data();
        assertThat(a).containsExactly(b);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        InterSeriesForecaster model = new InterSeriesForecaster(spec(true), 7);
        SplittableRandom rng = new SplittableRandom(13);
        for (String k : List.of("context.cross.weight", "context.cross.bias")) {
            float[] w = model.parameters().get(k).data();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (rng.nextDouble() - 0.5);
            }
        }
        int batch = 4;
        float[] x = windows(batch, 17);
        List<Tensor> checked = Stream.of("context.cross.weight", "context.cross.bias", "context.weight",
                "cross.layers.0.attn.q.weight", "cross.layers.0.ffn2.bias", "series.embedding")
                .map(k -> model.parameters().get(k)).toList();
        GradCheck.check(checked, (g, unused) -> model.forward(g, x, batch, new SplittableRandom(0), QuantHooks.NONE), 2e-3);
    }
}
