package org.intformer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainConfigTest {

    private static TrainConfig with(Map<String, ?> values) {
        return ConfigSchema.overlay(TrainConfig.defaults(), values, Origin.commandLine());
    }

    @Test
    void defaultsAreValidAndAsDocumented() {
        TrainConfig c = TrainConfig.defaults().validate();
        assertThat(c.data()).isNull();
        assertThat(c.lookback()).isEqualTo(96);
        assertThat(c.dModel()).isEqualTo(32);
        assertThat(c.head()).isEqualTo(TrainConfig.Head.LAST);
        assertThat(c.linearPath()).isTrue();
        assertThat(c.layerBits()).isEmpty();
        assertThat(c.distill()).isZero();
        assertThat(c.relative()).isTrue();
        assertThat(c.adamEps()).isEqualTo(1e-9);
        assertThat(c.resolvedFfn()).isEqualTo(128);
        assertThat(c.patch()).isEqualTo(8);
        assertThat(c.resolvedThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.splitRatios()).isNull();
    }

    @Test
    void explicitFfnAndThreadsAreKept() {
        TrainConfig c = with(Map.of("ffn", 24, "threads", 3));
        assertThat(c.resolvedFfn()).isEqualTo(24);
        assertThat(c.resolvedThreads()).isEqualTo(3);
    }

    @Test
    void splitRatiosAreParsed() {
        assertThat(with(Map.of("split", "0.7, 0.1,0.2")).validate().splitRatios()).containsExactly(0.7, 0.1, 0.2);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(Map.of("lookback", 0), "lookback"),
                Arguments.of(Map.of("horizon", -1), "horizon"),
                Arguments.of(Map.of("synthetic-rows", 0), "synthetic-rows"),
                Arguments.of(Map.of("synthetic-channels", 0), "synthetic-channels"),
                Arguments.of(Map.of("heads", 0), "heads"),
                Arguments.of(Map.of("layers", 0), "layers"),
                Arguments.of(Map.of("patch", 0), "patch"),
                Arguments.of(Map.of("batch", 0), "batch"),
                Arguments.of(Map.of("step-size", 0), "step-size"),
                Arguments.of(Map.of("epochs", -1), "epochs"),
                Arguments.of(Map.of("patience", -1), "patience"),
                Arguments.of(Map.of("threads", -1), "threads"),
                Arguments.of(Map.of("ffn", -1), "ffn"),
                Arguments.of(Map.of("max-params", -5), "max-params"),
                Arguments.of(Map.of("d-model", 16, "heads", 3), "not divisible by heads"),
                Arguments.of(Map.of("d-model", 15, "heads", 1), "must be even"),
                Arguments.of(Map.of("lookback", 96, "patch", 5), "not divisible by patch"),
                Arguments.of(Map.of("dropout", 1.0), "dropout"),
                Arguments.of(Map.of("dropout", -0.1), "dropout"),
                Arguments.of(Map.of("lr", 0.0), "lr"),
                Arguments.of(Map.of("beta1", 1.0), "beta1"),
                Arguments.of(Map.of("beta2", -0.5), "beta2"),
                Arguments.of(Map.of("adam-eps", 0.0), "adam-eps"),
                Arguments.of(Map.of("weight-decay", -1.0), "weight-decay"),
                Arguments.of(Map.of("gamma", 0.0), "gamma"),
                Arguments.of(Map.of("split", "0.7,0.3"), "split"),
                Arguments.of(Map.of("split", "0.7,0.3,0.2"), "split"),
                Arguments.of(Map.of("split", "0.7,x,0.2"), "split"),
                Arguments.of(Map.of("target", " "), "target"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void validateNamesTheKeyInOneLine(Map<String, ?> values, String expected) {
        TrainConfig config = with(values);
        assertThatThrownBy(config::validate).isInstanceOf(UserError.class)
                .hasMessageContaining(expected).hasMessageNotContaining("\n");
    }

    @Test
    void unknownEnumValuesListTheValidOnes() {
        assertThatThrownBy(() -> with(Map.of("norm", "group"))).isInstanceOf(UserError.class)
                .hasMessage("option --norm: unknown value 'group' (valid: batch, layer)");
        assertThatThrownBy(() -> with(Map.of("features", "X"))).isInstanceOf(UserError.class)
                .hasMessageContaining("valid: S, MS, M");
        assertThatThrownBy(() -> with(Map.of("schedule", "linear"))).hasMessageContaining("step, cosine, none");
    }

    @Test
    void enumsAndFeaturesAreCaseInsensitive() {
        TrainConfig c = with(Map.of("norm", "LAYER", "activation", "Gelu", "head", "last", "features", "ms"));
        assertThat(c.norm()).isEqualTo(TrainConfig.Norm.LAYER);
        assertThat(c.activation()).isEqualTo(TrainConfig.Activation.GELU);
        assertThat(c.head()).isEqualTo(TrainConfig.Head.LAST);
        assertThat(c.features()).isEqualTo("MS");
    }

    @Test
    void quantizationBitsAreCheckedAndFallBackToBits() {
        assertThat(with(Map.of("bits", 4)).resolvedWeightBits()).isEqualTo(4);
        assertThat(with(Map.of("bits", 4, "act-bits", 6)).resolvedActBits()).isEqualTo(6);
        for (String key : new String[] {"bits", "weight-bits", "act-bits"}) {
            assertThatThrownBy(() -> with(Map.of(key, 9)).validate()).isInstanceOf(UserError.class)
                    .hasMessage(key + " = 9: must be between 2 and 8 bits");
            assertThatThrownBy(() -> with(Map.of(key, 1)).validate()).isInstanceOf(UserError.class).hasMessageContaining(key);
        }
        assertThatThrownBy(() -> with(Map.of("io-bits", 17)).validate()).isInstanceOf(UserError.class).hasMessageContaining("io-bits");
        assertThatThrownBy(() -> with(Map.of("qat-lr", 0)).validate()).isInstanceOf(UserError.class).hasMessageContaining("qat-lr");
        assertThatThrownBy(() -> with(Map.of("observer", "median"))).isInstanceOf(UserError.class).hasMessageContaining("observer");
    }

    @Test
    void directlyConstructedBadFeaturesAreCaught() {
        TrainConfig d = TrainConfig.defaults();
        TrainConfig bad = new TrainConfig(d.data(), d.timeColumn(), d.target(), "Q", d.lookback(), d.horizon(),
                d.split(), d.syntheticRows(), d.syntheticChannels(), d.dModel(), d.heads(), d.layers(), d.ffn(),
                d.norm(), d.activation(), d.head(), d.relative(), d.patch(), d.dropout(), d.epochs(), d.batch(),
                d.lr(), d.beta1(), d.beta2(), d.adamEps(), d.weightDecay(), d.schedule(), d.stepSize(), d.gamma(),
                d.patience(), d.seed(), d.threads(), d.maxParams(), d.bits(), d.weightBits(), d.actBits(), d.ioBits(),
                d.scheme(), d.granularity(), d.observer(), d.qatEpochs(), d.qatLr(), d.lsqLr(), d.linearPath(), d.layerBits(), d.distill(),
                d.qatPatience(), d.trainSeries(), d.epochWindows(), d.weightAverage(), d.qatWeightAverage(), d.emaDecay(),
                d.interSeries());
        assertThatThrownBy(bad::validate).isInstanceOf(UserError.class).hasMessageContaining("features");
    }

    @Test
    void trainSeriesIsParsedAndCheckedAgainstTheFeatures() {
        assertThat(TrainConfig.defaults().trainSeries()).isEqualTo("target");
        assertThat(TrainConfig.defaults().pooledTraining()).isFalse();
        TrainConfig all = with(Map.of("train-series", "ALL")).validate();
        assertThat(all.trainSeries()).isEqualTo("all");
        assertThat(all.pooledTraining()).isTrue();
        assertThat(ConfigSchema.toMap(all)).containsEntry("train-series", "all");
        assertThatThrownBy(() -> with(Map.of("train-series", "some"))).isInstanceOf(UserError.class)
                .hasMessage("option --train-series: unknown value 'some' (valid: target, all, all-then-target)");
        TrainConfig then = with(Map.of("train-series", "all-then-target")).validate();
        assertThat(then.pooledTraining()).isTrue();
        assertThat(then.fineTunesOnTarget()).isTrue();
        assertThat(all.fineTunesOnTarget()).isFalse();
        assertThatThrownBy(() -> with(Map.of("train-series", "all-then-target", "features", "MS")).validate())
                .isInstanceOf(UserError.class).hasMessageContaining("train-series = all-then-target needs features S");
        for (String features : new String[] {"MS", "M"}) {
            assertThatThrownBy(() -> with(Map.of("train-series", "all", "features", features)).validate())
                    .isInstanceOf(UserError.class).hasMessageContainingAll("train-series = all", "features S", features)
                    .hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> with(Map.of("train-series", "all", "features", "M", "model", "inter-series")).validate())
                .isInstanceOf(UserError.class).hasMessageContaining("train-series = all");
        assertThat(with(Map.of("train-series", "target", "features", "MS")).validate().pooledTraining()).isFalse();
    }
}
