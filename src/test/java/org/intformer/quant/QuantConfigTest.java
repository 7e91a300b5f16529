package org.intformer.quant;

import java.util.stream.Stream;
import org.intformer.UserError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantConfigTest {
    private static final QuantConfig D = QuantConfig.defaults();

    @Test
    void defaultsAreValid() {
        assertThat(D.validate()).isSameAs(D);
        assertThat(new QuantConfig(2, 16, 2, D.scheme(), D.granularity(), D.observer(), 1.0).validate()).isNotNull();
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of(new QuantConfig(1, 8, 8, D.scheme(), D.granularity(), D.observer(), 0.01), "weight-bits: must be in 2..8, got 1"),
                Arguments.of(new QuantConfig(9, 8, 8, D.scheme(), D.granularity(), D.observer(), 0.01), "weight-bits: must be in 2..8, got 9"),
                Arguments.of(new QuantConfig(8, 17, 8, D.scheme(), D.granularity(), D.observer(), 0.01), "act-bits: must be in 2..16, got 17"),
                Arguments.of(new QuantConfig(8, 8, 1, D.scheme(), D.granularity(), D.observer(), 0.01), "io-bits: must be in 2..16, got 1"),
                Arguments.of(new QuantConfig(8, 8, 8, null, D.granularity(), D.observer(), 0.01), "scheme"),
                Arguments.of(new QuantConfig(8, 8, 8, D.scheme(), null, D.observer(), 0.01), "granularity"),
                Arguments.of(new QuantConfig(8, 8, 8, D.scheme(), D.granularity(), null, 0.01), "observer"),
                Arguments.of(new QuantConfig(8, 8, 8, D.scheme(), D.granularity(), D.observer(), 0.0), "ema-momentum"),
                Arguments.of(new QuantConfig(8, 8, 8, D.scheme(), D.granularity(), D.observer(), 1.5), "ema-momentum"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void rejectsWithAOneLineMessageNamingTheOption(QuantConfig c, String message) {
        assertThatThrownBy(c::validate).isInstanceOf(UserError.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
