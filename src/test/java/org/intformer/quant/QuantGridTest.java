package org.intformer.quant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantGridTest {
    @Test
    void rangesOfSignedAndUnsignedBits() {
        assertThat(QuantGrid.signed(8, 0.1, 0)).isEqualTo(new QuantGrid(0.1, 0, -128, 127));
        assertThat(QuantGrid.unsigned(4, 0.1, 3)).isEqualTo(new QuantGrid(0.1, 3, 0, 15));
        assertThat(QuantGrid.signedLo(31)).isEqualTo(-(1 << 30));
        assertThat(QuantGrid.signedHi(2)).isEqualTo(1);
    }

    @Test
    void symmetricUsesTheLargerMagnitude() {
        QuantGrid g = QuantGrid.symmetric(-2.54, 1.0, 8);
        assertThat(g.scale()).isEqualTo(2.54 / 127);
        assertThat(g.zeroPoint()).isZero();
        assertThat(g.quantize(-2.54)).isEqualTo(-127);
        assertThat(g.quantize(-100)).isEqualTo(-128);
    }

    @Test
    void asymmetricWidensToZeroAndPlacesTheZeroPoint() {
        QuantGrid g = QuantGrid.asymmetric(-1.0, 3.0, 8);
        assertThat(g.scale()).isEqualTo(4.0 / 255);
        // z = roundHalfAway(−128 + 1/S) = roundHalfAway(−64.25) = −64
        assertThat(g.zeroPoint()).isEqualTo(-64);
        assertThat(g.dequantize(g.quantize(0.0))).isZero();
        QuantGrid positive = QuantGrid.asymmetric(2.0, 5.0, 8);
        assertThat(positive.scale()).isEqualTo(5.0 / 255);
        assertThat(positive.zeroPoint()).isEqualTo(-128);
        QuantGrid negative = QuantGrid.asymmetric(-5.0, -2.0, 8);
        assertThat(negative.zeroPoint()).isEqualTo(127);
    }

    @Test
    void degenerateRangesGetTheMinimumScale() {
        assertThat(QuantGrid.symmetric(0, 0, 8).scale()).isEqualTo(QuantGrid.MIN_SCALE);
        assertThat(QuantGrid.asymmetric(0, 0, 4).scale()).isEqualTo(QuantGrid.MIN_SCALE);
        assertThat(QuantGrid.guardScale(-1)).isEqualTo(QuantGrid.MIN_SCALE);
    }

    @Test
    void rejectsInvalidGrids() {
        assertThatThrownBy(() -> new QuantGrid(0, 0, -1, 1)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new QuantGrid(1, 5, -1, 1)).hasMessageContaining("zero point");
        assertThatThrownBy(() -> new QuantGrid(1, 0, 1, 1)).hasMessageContaining("empty");
        assertThatThrownBy(() -> QuantGrid.symmetric(1, 0, 8)).hasMessageContaining("range");
        assertThatThrownBy(() -> QuantGrid.signed(1, 1, 0)).hasMessageContaining("bits");
    }

    @Test
    void hugeValuesClampWithoutIntOverflow() {
        QuantGrid g = new QuantGrid(1e-8, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(g.quantize(1e30)).isEqualTo(Integer.MAX_VALUE);
        assertThat(g.quantize(-1e30)).isEqualTo(Integer.MIN_VALUE);
    }
}
