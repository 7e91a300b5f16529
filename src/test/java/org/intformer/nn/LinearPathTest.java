package org.intformer.nn;

import java.util.SplittableRandom;
import org.intformer.data.Baselines;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.LinearBaseline;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.SyntheticSeries;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.train.Inference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The linear path: started at the least-squares fit, the untrained model forecasts exactly what the linear baseline does. */
class LinearPathTest {
    static final Compute COMPUTE = new Compute(new ScalarKernels(), new Parallel(1));

    @ParameterizedTest
    @CsvSource({"S,true,flatten", "S,false,gap", "MS,true,last", "M,true,flatten", "M,false,last"})
    void untrainedModelIsTheLeastSquaresFit(String features, boolean relative, String head) {
        PreparedData data = DataPipeline.prepare(SyntheticSeries.generate(2, 900, 3), FeatureMode.parse(features), "OT",
                16, 4, SplitSpec.parse("0.7,0.15,0.15"));
        ModelSpec spec = new ModelSpec(data.train().inC(), data.train().outputInInput(), 16, 4, 8, 2, 1, 16,
                ModelSpec.Norm.BATCH, ModelSpec.Activation.RELU, ModelSpec.Head.valueOf(head.toUpperCase()), relative, 4,
                0f, true);
        Forecaster model = new Forecaster(spec, 7);
        LinearBaseline fit = Baselines.linear(data.train());
        model.initLinearPath(fit);
        float[] expected = fit.predict(data.test());
        float[] got = Inference.predict(model, COMPUTE, data.test().x(), data.test().n(), 64);
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).as("forecast %d", i).isCloseTo(expected[i], within(1e-4f));
        }
        assertThat(spec.parameterCount()).isEqualTo(new ModelSpec(spec.inChannels(), spec.outputSources(), 16, 4, 8, 2, 1,
                16, spec.norm(), spec.activation(), spec.head(), relative, 4, 0f).parameterCount()
                + (long) 16 * spec.inChannels() * spec.outputs() + spec.outputs());
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void thePathLearnsAtItsOwnRateAndItsGradientIsTheLinearLayers(boolean relative) {
        PreparedData data = DataPipeline.prepare(SyntheticSeries.generate(2, 400, 1), FeatureMode.parse("S"), "OT",
                8, 2, SplitSpec.parse("0.7,0.15,0.15"));
        ModelSpec spec = new ModelSpec(1, new int[]{0}, 8, 2, 4, 1, 1, 8, ModelSpec.Norm.BATCH, ModelSpec.Activation.RELU,
                ModelSpec.Head.LAST, relative, 2, 0f, true);
        Forecaster model = new Forecaster(spec, 3);
        assertThat(model.learningRateFactor("linear.weight")).isEqualTo(Forecaster.LINEAR_PATH_LR);
        assertThat(model.learningRateFactor("head.weight")).isEqualTo(1.0);
        // d(loss)/d(path weight[i, k]) for loss = sum of outputs is the window value i, whatever the rest does.
        float[] x = java.util.Arrays.copyOf(data.train().x(), 3 * 8);
        Graph g = new Graph(COMPUTE, true);
        var y = model.forward(g, x, 3, new SplittableRandom(1));
        g.backward(org.intformer.tensor.LossOps.mse(g, y, new float[y.size()]));
        float[] grad = model.parameters().get("linear.weight").grad();
        float[] dy = new float[y.size()];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = 2f * y.data()[i] / dy.length;
        }
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 2; k++) {
                double expect = 0;
                for (int b = 0; b < 3; b++) {
                    expect += x[b * 8 + i] * dy[b * 2 + k];
                }
                assertThat((double) grad[i * 2 + k]).isCloseTo(expect, within(1e-5));
            }
        }
    }
}
