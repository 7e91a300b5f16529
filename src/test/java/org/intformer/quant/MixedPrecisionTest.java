package org.intformer.quant;

import java.util.LinkedHashMap;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.app.ModelSpecs;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.intformer.data.DataPipeline;
import org.intformer.data.FeatureMode;
import org.intformer.data.PreparedData;
import org.intformer.data.SplitSpec;
import org.intformer.data.SyntheticSeries;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.nn.Forecaster;
import org.intformer.tensor.Compute;
import org.intformer.tensor.Parallel;
import org.intformer.tensor.ScalarKernels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per-layer widths ({@code layer-bits}) reach the integer model: each Linear's weights and each tensor at its own width. */
class MixedPrecisionTest {
    static final PreparedData DATA = DataPipeline.prepare(SyntheticSeries.generate(3, 600, 2), FeatureMode.parse("S"), "OT",
            12, 3, SplitSpec.parse("0.7,0.15,0.15"));

    static IntModel convert(String layerBits, boolean linearPath) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lookback", 12);
        o.put("horizon", 3);
        o.put("patch", 3);
        o.put("d-model", 8);
        o.put("ffn", 16);
        o.put("layers", 2);
        o.put("bits", 4);
        o.put("linear-path", linearPath);
        o.put("layer-bits", layerBits);
        TrainConfig c = ConfigSchema.overlay(TrainConfig.defaults(), o, Origin.commandLine()).validate();
        Forecaster model = new Forecaster(ModelSpecs.of(c, DATA), 3);
        QuantConfig q = QuantConfig.of(c);
        QatModel qat = new QatModel(model, q, QatModel.inputGrid(DATA.train().x(), q), 30);
        qat.calibrate(DATA.train().x(), DATA.train().n(), new Compute(new ScalarKernels(), new Parallel(1)), 64);
        return QatConverter.convert(qat, Map.of());
    }

    static int weightBits(IntModel m, String layer) {
        return m.ops().stream().filter(op -> op instanceof IntOp.Linear l && l.name().equals(layer))
                .mapToInt(op -> ((IntOp.Linear) op).weightBits()).findFirst().orElseThrow();
    }

    @Test
    void widthsReachEveryLinearAndTensor() {
        IntModel m = convert("embed=8,layers.0.*=6,layers.1.ffn1=3,layers.1.probs=7,layers.1.scores=5,linear=8,head=2", true);
        assertThat(weightBits(m, "embed")).isEqualTo(8);
        assertThat(m.tensors().get("embed").bits()).isEqualTo(8);
        assertThat(weightBits(m, "layers.0.attn.q")).isEqualTo(6);
        assertThat(m.tensors().get("layers.0.attn.q").bits()).isEqualTo(6);
        assertThat(m.tensors().get("layers.0.add1").bits()).isEqualTo(6);
        assertThat(m.tensors().get("layers.0.probs").bits()).isEqualTo(6);
        assertThat(weightBits(m, "layers.1.ffn1")).isEqualTo(3);
        assertThat(m.tensors().get("layers.1.ffn1").bits()).isEqualTo(3);
        assertThat(weightBits(m, "layers.1.ffn2")).isEqualTo(4);
        assertThat(m.tensors().get("layers.1.ffn2").bits()).isEqualTo(4);
        assertThat(m.tensors().get("layers.1.probs").bits()).isEqualTo(7);
        assertThat(m.tensors().get("layers.1.probs").signed()).isFalse();
        assertThat(m.tensors().get("layers.1.scores").bits()).isEqualTo(5);
        assertThat(weightBits(m, "head")).isEqualTo(2);
        assertThat(weightBits(m, "linear")).isEqualTo(8);
        // Grids fixed by the input keep io-bits (+1 for relative ones) whatever layer-bits says.
        assertThat(m.tensors().get("head").bits()).isEqualTo(9);
        assertThat(m.tensors().get("linear").bits()).isEqualTo(9);
        assertThat(m.tensors().get("output").bits()).isEqualTo(8);
    }

    @Test
    void withoutEntriesEverythingIsAtBits() {
        IntModel m = convert("", false);
        for (IntOp op : m.ops()) {
            if (op instanceof IntOp.Linear l) {
                assertThat(l.weightBits()).as(l.name()).isEqualTo(4);
            }
        }
        assertThat(m.tensors().get("layers.1.norm2").bits()).isEqualTo(4);
    }

    @Test
    void unknownNamesAreUserErrors() {
        assertThatThrownBy(() -> convert("layers.2.*=8", false)).isInstanceOf(UserError.class)
                .hasMessageContaining("layer-bits: 'layers.2.*' names no layer or activation of this model");
        assertThatThrownBy(() -> convert("linear=8", false)).isInstanceOf(UserError.class)
                .hasMessageContaining("'linear'");
    }
}
