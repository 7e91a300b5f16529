package org.intformer.config;

import java.util.List;
import org.intformer.UserError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerBitsTest {
    @Test
    void emptyTextMeansNoOverrides() {
        assertThat(LayerBits.parse("")).isSameAs(LayerBits.NONE);
        assertThat(LayerBits.parse("  ").isEmpty()).isTrue();
        assertThat(LayerBits.NONE.bits("embed", 6)).isEqualTo(6);
    }

    @Test
    void exactNamesGlobsAndLastEntryWins() {
        LayerBits b = LayerBits.parse("layers.*=4, layers.0.ffn1=8 ,head=6");
        assertThat(b.bits("layers.0.ffn1", 2)).isEqualTo(8);
        assertThat(b.bits("layers.0.attn.q", 2)).isEqualTo(4);
        assertThat(b.bits("layers.1.norm2", 2)).isEqualTo(4);
        assertThat(b.bits("head", 2)).isEqualTo(6);
        assertThat(b.bits("embed", 7)).isEqualTo(7);
        // '.' is literal, not a regular-expression wildcard.
        assertThat(LayerBits.parse("layers.0.attn=5").bits("layers.0xattn", 8)).isEqualTo(8);
        // A later entry overrides an earlier one, also when it is the same name written again.
        assertThat(LayerBits.parse("embed=4,embed=8").bits("embed", 2)).isEqualTo(8);
        assertThat(LayerBits.parse("embed=8,*=4").bits("embed", 2)).isEqualTo(4);
    }

    @Test
    void textFormRoundTrips() {
        LayerBits b = LayerBits.parse("embed=8, layers.*.ffn?=4".replace("?", "1"));
        assertThat(b.toString()).isEqualTo("embed=8,layers.*.ffn1=4");
        assertThat(LayerBits.parse(b.toString())).isEqualTo(b);
    }

    @Test
    void badEntriesAreUserErrorsNamingTheKey() {
        assertThatThrownBy(() -> LayerBits.parse("embed")).isInstanceOf(UserError.class).hasMessageContaining("layer-bits: 'embed' is not NAME=BITS");
        assertThatThrownBy(() -> LayerBits.parse("embed=")).isInstanceOf(UserError.class).hasMessageContaining("NAME=BITS");
        assertThatThrownBy(() -> LayerBits.parse("embed=x")).isInstanceOf(UserError.class).hasMessageContaining("bits must be an integer");
        assertThatThrownBy(() -> LayerBits.parse("embed=9")).isInstanceOf(UserError.class).hasMessageContaining("2..8");
        assertThatThrownBy(() -> LayerBits.parse("embed=1")).isInstanceOf(UserError.class).hasMessageContaining("2..8");
        assertThatThrownBy(() -> LayerBits.parse("em bed=4")).isInstanceOf(UserError.class).hasMessageContaining("bad name");
        assertThatThrownBy(() -> LayerBits.parse("embed=4,,head=4")).isInstanceOf(UserError.class);
    }

    @Test
    void entriesMustNameSomethingOfTheModel() {
        List<String> names = List.of("embed", "layers.0.ffn1", "head");
        LayerBits.parse("embed=4,layers.*=6").requireKnown(names);
        assertThatThrownBy(() -> LayerBits.parse("embed=4,layers.1.*=6").requireKnown(names))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'layers.1.*' names no layer or activation of this model")
                .hasMessageContaining("embed, layers.0.ffn1, head");
    }

    @Test
    void theConfigurationValidatesTheSyntax() {
        TrainConfig d = TrainConfig.defaults();
        assertThat(ConfigSchema.overlay(d, java.util.Map.of("layer-bits", "embed=4"), Origin.commandLine()).validate().layerBits())
                .isEqualTo("embed=4");
        assertThatThrownBy(() -> ConfigSchema.overlay(d, java.util.Map.of("layer-bits", "embed=12"), Origin.commandLine()).validate())
                .isInstanceOf(UserError.class).hasMessageContaining("layer-bits");
    }
}
