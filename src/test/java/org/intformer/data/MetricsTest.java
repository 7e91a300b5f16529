package org.intformer.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {

    @Test
    void handComputed() {
        Metrics m = Metrics.of(new float[] {1, 2, 3, 4}, new float[] {1, 0, 4, 4});
        assertThat(m.mse()).isEqualTo(5.0 / 4);
        assertThat(m.mae()).isEqualTo(3.0 / 4);
        assertThat(m.rmse()).isCloseTo(Math.sqrt(1.25), within(1e-15));
    }

    @Test
    void originalUnitsScaleByTheOutputColumnsStd() {
        // two output channels (columns 0 and 1), horizon 1, two windows
        WindowSet ws = new WindowSet(new float[] {0, 0, 0, 0}, new float[] {1, 1, 2, 2}, 2, 1, 1,
                new int[] {0, 1}, new int[] {0, 1}, 1);
        StandardScaler scaler = StandardScaler.of(new double[] {10, 20}, new double[] {2, 3});
        float[] pred = {0, 1, 2, 4};   // channel 0 errors: -1, 0; channel 1 errors: 0, 2
        Metrics c0 = Metrics.originalUnits(pred, ws, scaler, 0);
        assertThat(c0.mse()).isCloseTo(4.0 / 2, within(1e-12));   // (-1·2)² / 2
        assertThat(c0.mae()).isCloseTo(1.0, within(1e-12));
        Metrics target = Metrics.targetOriginalUnits(pred, ws, scaler, 1);
        assertThat(target.mse()).isCloseTo(36.0 / 2, within(1e-12));   // (2·3)² / 2
    }
}
