package org.intformer.hw.synth;

import org.intformer.UserError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetTest {

    @Test
    void parsesNamesCaseInsensitively() {
        assertThat(Target.parse("xc7s15")).isEqualTo(Target.XC7S15);
        assertThat(Target.parse(" ICE40UP5K ")).isEqualTo(Target.ICE40UP5K);
        assertThat(Target.XC7S15.defaultClockMhz()).isEqualTo(100.0);
        assertThat(Target.ICE40UP5K.id()).isEqualTo("ice40up5k");
    }

    @Test
    void unknownTargetIsAUserError() {
        assertThatThrownBy(() -> Target.parse("xc7a35t")).isInstanceOf(UserError.class)
                .hasMessage("unknown target 'xc7a35t': expected xc7s15 or ice40up5k");
        assertThatThrownBy(() -> Target.parse(null)).isInstanceOf(UserError.class);
    }

    @Test
    void xc7VerdictAtTheLimits() {
        assertThat(Target.XC7S15.fits(Resources.xc7(8000, 16000, 20, 10, 0, 0))).isTrue();
        assertThat(Target.XC7S15.fits(Resources.xc7(7000, 16000, 20, 9, 2, 1000))).isTrue();  // 9 + 2/2 = 10
        assertThat(Target.XC7S15.overLimit(Resources.xc7(7000, 0, 0, 9, 3, 1001)))
                .containsExactly("lut 8001/8000 (100.0%)", "bram36 10.5/10 (105.0%)");
        assertThat(Target.XC7S15.fits(Resources.xc7(0, 16001, 0, 0, 0, 0))).isFalse();
        assertThat(Target.XC7S15.fits(Resources.xc7(0, 0, 21, 0, 0, 0))).isFalse();
        assertThat(Target.XC7S15.fits(Resources.xc7(3000, 0, 0, 0, 0, 2401))).isFalse();    // SLICEM LUTs
    }

    @Test
    void xc7IoIsReportedButNotBinding() {
        Resources r = Resources.xc7(100, 100, 1, 1, 0, 0).withIo(150);
        assertThat(Target.XC7S15.fits(r)).isTrue();
        assertThat(Target.XC7S15.usage(r)).anySatisfy(u -> {
            assertThat(u.resource()).isEqualTo("io");
            assertThat(u.binding()).isFalse();
            assertThat(u.within()).isFalse();
        });
    }

    @Test
    void ice40VerdictAtTheLimits() {
        assertThat(Target.ICE40UP5K.fits(Resources.ice40(5280, 5280, 30, 4, 8))).isTrue();
        assertThat(Target.ICE40UP5K.overLimit(Resources.ice40(5281, 10, 31, 5, 9)))
                .containsExactly("lc 5281/5280 (100.0%)", "dsp 9/8 (112.5%)", "ebr 31/30 (103.3%)",
                        "spram 5/4 (125.0%)");
        assertThat(Target.ICE40UP5K.fits(Resources.ice40(100, 100, 0, 0, 0).withIo(40))).isFalse();
    }
}
