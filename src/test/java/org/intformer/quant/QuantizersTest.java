package org.intformer.quant;

import org.intformer.config.TrainConfig;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Graph;
import org.intformer.tensor.LossOps;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.intformer.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QuantizersTest {
    private final Compute compute = new Compute(new ScalarKernels(), new Parallel(1));

    @AfterEach
    void close() {
        compute.close();
    }

    private Graph train() {
        return new Graph(compute, true);
    }

    private Graph eval() {
        return new Graph(compute, false);
    }

    private static Tensor batch(float... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void minMaxKeepsTheRunningExtremes() {
        ActivationQuantizer a = ActivationQuantizer.of("x", 8, true, TrainConfig.Scheme.ASYMMETRIC, TrainConfig.Observer.MINMAX, 0.01);
        assertThatThrownBy(a::grid).hasMessageContaining("x:");
        a.apply(train(), batch(-1f, 2f));
        a.apply(train(), batch(-0.5f, 3f));
        a.apply(eval(), batch(-9f, 9f)); // evaluation does not observe
        assertThat(a.grid()).isEqualTo(QuantGrid.asymmetric(-1, 3, 8));
    }

    @Test
    void emaStartsAtTheFirstBatchThenMovesByMomentum() {
        ActivationQuantizer a = ActivationQuantizer.of("x", 8, true, TrainConfig.Scheme.SYMMETRIC, TrainConfig.Observer.EMA, 0.25);
        double mn = -1;
        double mx = 1;
        a.apply(train(), batch(-1f, 1f));
        float[][] batches = {{-3f, 2f}, {0.5f, 4f}, {-2f, -1f}};
        for (float[] b : batches) {
            a.apply(train(), batch(b));
            mn = 0.75 * mn + 0.25 * b[0];
            mx = 0.75 * mx + 0.25 * b[1];
            assertThat(a.grid()).isEqualTo(QuantGrid.symmetric(mn, mx, 8));
        }
    }

    @Test
    void forwardUsesTheGridUpdatedWithTheCurrentBatch() {
        ActivationQuantizer a = ActivationQuantizer.of("x", 4, true, TrainConfig.Scheme.SYMMETRIC, TrainConfig.Observer.MINMAX, 0.01);
        Tensor y = a.apply(train(), batch(-7f, 0.4f, 3.1f));
        QuantGrid g = QuantGrid.symmetric(-7, 3.1, 4);
        assertThat(y.data()).containsExactly((float) g.dequantize(g.quantize(-7f)), (float) g.dequantize(g.quantize(0.4f)),
                (float) g.dequantize(g.quantize(3.1f)));
    }

    @Test
    void lsqInitialisesFromTheFirstBatchKeepsTheZeroPointAndLearnsTheScale() {
        ActivationQuantizer a = ActivationQuantizer.of("x", 8, true, TrainConfig.Scheme.ASYMMETRIC, TrainConfig.Observer.LSQ, 0.01);
        assertThat(a.lsqLogScale()).isNull();
        Tensor x = Tensor.param(new float[] {-1f, 0.3f, 2.9f, 3f}, 4);
        a.apply(train(), x);
        a.observe(new float[] {-2f, 1f});
        assertThat(a.lsqLogScale()).as("calibration batches only observe").isNull();
        a.beginLearning();
        Graph g = train();
        Tensor y = a.apply(g, x);
        QuantGrid start = QuantGrid.asymmetric(-2, 3, 8);
        float logScale = (float) Math.log(start.scale());
        assertThat(a.lsqLogScale().data()[0]).isEqualTo(logScale);
        assertThat(a.grid()).isEqualTo(start.withScale(org.intformer.tensor.FastMath.exp(logScale)));
        assertThat(a.grid().scale()).isCloseTo(start.scale(), org.assertj.core.data.Offset.offset(1e-7));
        g.backward(LossOps.mse(g, y, new float[] {0, 0, 0, 0}));
        assertThat(a.lsqLogScale().grad()).isNotNull();
        assertThat(x.grad()).isNotNull();
        a.lsqLogScale().data()[0] = (float) Math.log(0.05);
        a.apply(train(), batch(-50f, 50f)); // later batches do not move the grid
        assertThat(a.grid()).isEqualTo(new QuantGrid(org.intformer.tensor.FastMath.exp((float) Math.log(0.05)),
                start.zeroPoint(), -128, 127));
    }

    @Test
    void fixedAndSharedGridsFollowTheirSource() {
        QuantGrid grid = QuantGrid.signed(9, 0.01, 0);
        ActivationQuantizer fixed = ActivationQuantizer.fixed("out", grid);
        fixed.apply(train(), batch(100f));
        assertThat(fixed.grid()).isEqualTo(grid);
        assertThat(fixed.bits()).isEqualTo(9);
        ActivationQuantizer in = ActivationQuantizer.of("in", 8, true, TrainConfig.Scheme.ASYMMETRIC, TrainConfig.Observer.MINMAX, 0.01);
        ActivationQuantizer out = ActivationQuantizer.sharingScale("out", in, 9);
        in.apply(train(), batch(-2f, 1f));
        assertThat(out.grid()).isEqualTo(new QuantGrid(in.grid().scale(), 0, -256, 255));
        in.apply(train(), batch(-4f, 1f));
        assertThat(out.grid().scale()).isEqualTo(in.grid().scale());
        assertThat(out.bits()).isEqualTo(9);
    }

    @Test
    void weightQuantizerExportsTheIntegersItsForwardUsed() {
        float[] wd = new float[12];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int i = 0; i < wd.length; i++) {
            wd[i] = (float) (rng.nextDouble() * 2 - 1) * (1 + i % 3);
        }
        Tensor w = Tensor.param(wd, 4, 3);
        for (TrainConfig.Granularity gran : TrainConfig.Granularity.values()) {
            for (boolean lsq : new boolean[] {false, true}) {
                WeightQuantizer wq = new WeightQuantizer("w", 4, gran, lsq);
                Tensor y = wq.apply(train(), w);
                double[] s = wq.scales();
                int[] q = wq.quantized(w);
                assertThat(s).hasSize(gran == TrainConfig.Granularity.TENSOR ? 1 : 3);
                for (int i = 0; i < wd.length; i++) {
                    double si = s.length == 1 ? s[0] : s[i % 3];
                    assertThat(q[i]).isBetween(-8, 7);
                    assertThat(y.data()[i]).isEqualTo((float) (si * q[i]));
                }
                assertThat(wq.lsqLogScales() != null).isEqualTo(lsq);
            }
        }
        double[] perChannel = new WeightQuantizer("w", 4, TrainConfig.Granularity.CHANNEL, false).scales(w);
        for (int j = 0; j < 3; j++) {
            double max = 0;
            for (int r = 0; r < 4; r++) {
                max = Math.max(max, Math.abs(wd[r * 3 + j]));
            }
            assertThat(perChannel[j]).isEqualTo(max / 7);
        }
    }

    @Test
    void lsqWeightScalesStartAtMaxAbsAndReceiveGradients() {
        Tensor w = Tensor.param(new float[] {0.7f, -0.2f, 0.1f, -1.4f}, 2, 2);
        WeightQuantizer wq = new WeightQuantizer("w", 8, TrainConfig.Granularity.CHANNEL, true);
        Graph g = train();
        Tensor y = wq.apply(g, w);
        assertThat(wq.lsqLogScales().data()).containsExactly((float) Math.log(0.7f / 127.0), (float) Math.log(1.4f / 127.0));
        g.backward(LossOps.mse(g, y, new float[] {1, 1, 1, 1}));
        assertThat(wq.lsqLogScales().grad()).isNotNull();
    }

    @Test
    void biasesAreQuantizedAtInputTimesWeightScale() {
        int[] q = BiasQuantizer.quantizeBias(new float[] {0.5f, -0.25f, 0.3f}, 0.5, new double[] {0.01, 0.02, 0.004});
        // 0.5/0.005 = 100, −0.25/0.01 = −25, 0.3/0.002 = 150 (0.3f is slightly above 0.3)
        assertThat(q).containsExactly(100, -25, 150);
        assertThat(BiasQuantizer.quantizeBias(new float[] {1f, 2f}, 0.5, new double[] {0.5})).containsExactly(4, 8);
        assertThatThrownBy(() -> BiasQuantizer.quantizeBias(new float[] {0f, 100f}, 1e-6, new double[] {1e-6}))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("bias[1]");
        Tensor fq = BiasQuantizer.fakeQuant(eval(), Tensor.of(new float[] {0.5f, 0.3f}, 2), 0.5, new double[] {0.01, 0.004});
        assertThat(fq.data()[1]).isEqualTo((float) (150 * 0.002));
    }

    @Test
    void scoreObserverTracksTheReportedRanges() {
        ScoreObserver min = new ScoreObserver("s", 8, TrainConfig.Scheme.SYMMETRIC, TrainConfig.Observer.MINMAX, 0.1);
        assertThatThrownBy(min::grid).isInstanceOf(IllegalStateException.class);
        min.observe(-3, 2);
        min.observe(-1, 5);
        assertThat(min.grid()).isEqualTo(QuantGrid.symmetric(-3, 5, 8));
        ScoreObserver ema = ScoreObserver.of("s", QuantConfig.defaults(), 8);
        ema.observe(-3, 2);
        ema.observe(-1, 5);
        assertThat(ema.grid().scale()).isCloseTo((0.99 * 2 + 0.01 * 5 - (0.99 * -3 + 0.01 * -1)) / 255, within(1e-15));
    }

    @Test
    void theQatModelsInputIsEachValueQuantizedAndDequantizedOnTheInputGrid() {
        org.intformer.nn.ModelSpec spec = new org.intformer.nn.ModelSpec(1, new int[] {0}, 16, 4, 8, 1, 1, 16,
                org.intformer.nn.ModelSpec.Norm.BATCH, org.intformer.nn.ModelSpec.Activation.RELU, org.intformer.nn.ModelSpec.Head.LAST,
                false, 4, 0f);
        float[] windows = new float[4000];
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (float) r.nextGaussian();
        }
        QuantConfig config = QuantConfig.defaults();
        QuantGrid grid = QatModel.inputGrid(windows, config);
        QatModel qat = new QatModel(new org.intformer.nn.Forecaster(spec, 1), config, grid, 1.0);
        float[] values = windows.clone();
        values[3] = Float.NaN;
        values[4] = 1e9f; // clamped
        values[5] = (float) ((3 - grid.zeroPoint() + 0.5) * grid.scale()); // a half
        float[] q = qat.input(values);
        for (int i = 0; i < values.length; i++) {
            assertThat(Float.floatToRawIntBits(q[i])).as("value %s", values[i])
                    .isEqualTo(Float.floatToRawIntBits((float) grid.dequantize(grid.quantize(values[i]))));
        }
    }
}
