package org.intformer.hw.synth;

import org.intformer.UserError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PowerModelTest {
    private static final Resources XC7 = Resources.xc7(2000, 3000, 8, 4, 2, 100);
    private static final Resources UP5K = Resources.ice40(2000, 1500, 20, 2, 8);

    @Test
    void arithmeticXc7() {
        PowerModel.PowerEstimate p = PowerModel.estimate(Target.XC7S15, XC7, 100, 10_000);
        // µW/MHz × count: lut 0.05×2000=100, lutram 0.1×100=10, ff (0.005+0.010)×3000=45, dsp 3×8=24,
        // bram 15×4 + 8×2 = 76 → 255 µW/MHz × 100 MHz = 25.5 mW
        assertThat(p.dynamicMw()).isCloseTo(25.5, within(1e-9));
        assertThat(p.staticMw()).isEqualTo(35.0);
        assertThat(p.powerMw()).isCloseTo(60.5, within(1e-9));
        assertThat(p.latencyUs()).isCloseTo(100.0, within(1e-12));      // 10,000 cycles at 100 MHz
        assertThat(p.energyUj()).isCloseTo(60.5 * 100e-6 * 1e3, within(1e-9)); // mW × s → mJ; ×1000 → µJ
        assertThat(p.breakdownMw()).containsKeys("static", "lut", "lutram", "ff", "clock", "dsp", "bram");
        double sum = p.breakdownMw().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(p.powerMw(), within(1e-9));
    }

    @Test
    void arithmeticUp5k() {
        PowerModel.PowerEstimate p = PowerModel.estimate(Target.ICE40UP5K, UP5K, 24, 48_000);
        // lc 0.02×2000=40, ff 0.006×1500=9, dsp 1×8=8, ebr 0.6×20=12, spram 3×2=6 → 75 µW/MHz × 24 = 1.8 mW
        assertThat(p.dynamicMw()).isCloseTo(1.8, within(1e-9));
        assertThat(p.powerMw()).isCloseTo(1.9, within(1e-9));
        assertThat(p.latencyUs()).isCloseTo(2000, within(1e-9));
        assertThat(p.energyUj()).isCloseTo(1.9 * 2000 / 1000, within(1e-9));
    }

    @Test
    void monotoneInEveryResourceClockAndCycles() {
        double base = PowerModel.estimate(Target.XC7S15, XC7, 100, 1000).energyUj();
        Resources[] more = {Resources.xc7(2001, 3000, 8, 4, 2, 100), Resources.xc7(2000, 3001, 8, 4, 2, 100),
                Resources.xc7(2000, 3000, 9, 4, 2, 100), Resources.xc7(2000, 3000, 8, 5, 2, 100),
                Resources.xc7(2000, 3000, 8, 4, 3, 100), Resources.xc7(2000, 3000, 8, 4, 2, 101)};
        for (Resources r : more) {
            assertThat(PowerModel.estimate(Target.XC7S15, r, 100, 1000).energyUj()).isGreaterThan(base);
        }
        assertThat(PowerModel.estimate(Target.XC7S15, XC7, 100, 1001).energyUj()).isGreaterThan(base);
        assertThat(PowerModel.estimate(Target.XC7S15, XC7, 120, 1000).powerMw())
                .isGreaterThan(PowerModel.estimate(Target.XC7S15, XC7, 100, 1000).powerMw());
        // a faster clock at the same cycle count spends less static energy: energy per inference drops
        assertThat(PowerModel.estimate(Target.XC7S15, XC7, 200, 1000).energyUj()).isLessThan(base);
        assertThat(PowerModel.estimate(Target.XC7S15, XC7, 100, 1000, 0.25).powerMw())
                .isGreaterThan(PowerModel.estimate(Target.XC7S15, XC7, 100, 1000).powerMw());
        double up = PowerModel.estimate(Target.ICE40UP5K, UP5K, 24, 1000).powerMw();
        for (Resources r : new Resources[]{Resources.ice40(2001, 1500, 20, 2, 8), Resources.ice40(2000, 1501, 20, 2, 8),
                Resources.ice40(2000, 1500, 21, 2, 8), Resources.ice40(2000, 1500, 20, 3, 8),
                Resources.ice40(2000, 1500, 20, 2, 9)}) {
            assertThat(PowerModel.estimate(Target.ICE40UP5K, r, 24, 1000).powerMw()).isGreaterThan(up);
        }
    }

    @Test
    void emptyDesignIsStaticPowerOnly() {
        PowerModel.PowerEstimate p = PowerModel.estimate(Target.ICE40UP5K, Resources.ice40(0, 0, 0, 0, 0), 12, 0);
        assertThat(p.powerMw()).isEqualTo(0.1);
        assertThat(p.energyUj()).isZero();
    }

    /**
     * The paper: XC7S15 at 100 MHz, 0.212 mJ in 2.82 ms (75 mW), 0.364 mJ in 4.61 ms (79 mW), 0.084 mJ in
     * 1.33 ms (63 mW). A design of the size such an accelerator plausibly has (≈3,000 LUT, 3,500 FF, a few DSPs,
     * most of the block RAM) lands within the model's ±50 %.
     */
    @Test
    void paperFigureIsWithinTheStatedUncertainty() {
        Resources paperLike = Resources.xc7(3000, 3500, 4, 8, 0, 200);
        PowerModel.PowerEstimate p = PowerModel.estimate(Target.XC7S15, paperLike, 100, 282_000);
        assertThat(p.latencyUs()).isCloseTo(2820, within(1e-9));
        double paperMj = 0.212;
        assertThat(p.energyMj()).isBetween(paperMj * (1 - PowerModel.UNCERTAINTY), paperMj * (1 + PowerModel.UNCERTAINTY));
        assertThat(p.powerMw()).isBetween(63 * 0.5, 79 * 1.5);
    }

    @Test
    void badArgumentsAreUserErrors() {
        assertThatThrownBy(() -> PowerModel.estimate(Target.XC7S15, XC7, 0, 10)).isInstanceOf(UserError.class)
                .hasMessageContaining("clock");
        assertThatThrownBy(() -> PowerModel.estimate(Target.XC7S15, XC7, Double.NaN, 10)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> PowerModel.estimate(Target.XC7S15, XC7, 100, -1)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> PowerModel.estimate(Target.XC7S15, XC7, 100, 1, 0)).isInstanceOf(UserError.class);
    }
}
