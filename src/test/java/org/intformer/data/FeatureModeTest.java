package org.intformer.data;

import org.intformer.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureModeTest {
    private static final List<String> COLS = List.of("a", "b", "OT");

    @Test
    void parsesAnyCase() {
        assertThat(FeatureMode.parse("s")).isEqualTo(FeatureMode.S);
        assertThat(FeatureMode.parse(" Ms ")).isEqualTo(FeatureMode.MS);
        assertThat(FeatureMode.parse("M")).isEqualTo(FeatureMode.M);
    }

    @Test
    void rejectsOthers() {
        assertThatThrownBy(() -> FeatureMode.parse("SM")).isInstanceOf(UserError.class)
                .hasMessageContainingAll("'SM'", "S", "MS", "M");
    }

    @Test
    void channels() {
        assertThat(FeatureMode.S.inputColumns(COLS, 2)).containsExactly(2);
        assertThat(FeatureMode.S.outputColumns(COLS, 2)).containsExactly(2);
        assertThat(FeatureMode.MS.inputColumns(COLS, 2)).containsExactly(0, 1, 2);
        assertThat(FeatureMode.MS.outputColumns(COLS, 2)).containsExactly(2);
        assertThat(FeatureMode.M.inputColumns(COLS, 0)).containsExactly(0, 1, 2);
        assertThat(FeatureMode.M.outputColumns(COLS, 0)).containsExactly(0, 1, 2);
    }
}
