package org.intformer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void numbersReadNaturally() {
        assertThat(Format.num(14329.0)).isEqualTo("14,329");
        assertThat(Format.num(16)).isEqualTo("16");
        assertThat(Format.num(0.012345)).isEqualTo("0.01235");
        assertThat(Format.num(143.3)).isEqualTo("143.3");
        assertThat(Format.num(0.001)).isEqualTo("0.001000");
        assertThat(Format.num(0.5)).isEqualTo("0.5000");
        assertThat(Format.num(3.01)).isEqualTo("3.010");
        assertThat(Format.num(2.5e-5)).isEqualTo("2.500e-05");
        assertThat(Format.num(1.5e7)).isEqualTo("15,000,000");
        assertThat(Format.num(1.25e7)).isEqualTo("12,500,000");
        assertThat(Format.num(1.2345e7 + 0.5)).isEqualTo("1.235e+07");
        assertThat(Format.num((Double) null)).isEqualTo("–");
        assertThat(Format.num(Double.NaN)).isEqualTo("–");
        assertThat(Format.num("text")).isEqualTo("–");
    }

    @Test
    void measurementsKeepTheirPrecisionAndPercentagesTheirSign() {
        assertThat(Format.measure(3.0)).isEqualTo("3.000");
        assertThat(Format.measure(0.203)).isEqualTo("0.2030");
        assertThat(Format.percent(0.684)).isEqualTo("68.4 %");
        assertThat(Format.signedPercent(-0.013)).isEqualTo("-1.3 %");
        assertThat(Format.signedPercent(0.06)).isEqualTo("+6.0 %");
    }

    @Test
    void valuesOfAnyShape() {
        assertThat(Format.value(List.of(8, 4))).isEqualTo("[8, 4]");
        assertThat(Format.value(ReportFixtures.map("a", 1, "b", List.of("x")))).isEqualTo("{a: 1, b: [x]}");
        assertThat(Format.value(null)).isEqualTo("null");
        assertThat(Format.value(0.001)).isEqualTo("0.001");
        assertThat(Format.value(17420)).isEqualTo("17,420");
        assertThat(Format.value(2.5e-7)).isEqualTo("0.00000025");
        assertThat(Format.value(true)).isEqualTo("true");
    }
}
