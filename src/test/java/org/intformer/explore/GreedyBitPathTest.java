package org.intformer.explore;

import java.util.List;
import java.util.Map;
import org.intformer.explore.GreedyBitPath.Probe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GreedyBitPathTest {
    static final List<Integer> DOWN = List.of(8, 6, 4);

    @Test
    void loweringTakesTheCheapestAccuracyPerEnergyFirstAndNeverAMoveThatSavesNothing() {
        List<String> units = List.of("a", "b", "c");
        List<Probe> probes = List.of(
                new Probe("a", 6, 0.010, -1.0), new Probe("a", 4, 0.100, -2.0),   // a: cheap to 6, dear to 4
                new Probe("b", 6, 0.001, -0.5), new Probe("b", 4, 0.004, -1.5),   // b: cheap all the way
                new Probe("c", 6, 0.000, 0.0), new Probe("c", 4, -0.001, 0.1));   // c: saves nothing, never lowered
        List<Map<String, Integer>> path = GreedyBitPath.walk(units, DOWN, probes);
        assertThat(path).hasSize(5);
        assertThat(path.get(0)).containsExactly(Map.entry("a", 8), Map.entry("b", 8), Map.entry("c", 8));
        // ratios: b 8→6 0.002, then b 6→4 (0.003 / 1.0), then a 8→6 0.01, then a 6→4 0.09
        assertThat(path.get(1)).containsEntry("b", 6).containsEntry("a", 8);
        assertThat(path.get(2)).containsEntry("b", 4).containsEntry("a", 8);
        assertThat(path.get(3)).containsEntry("a", 6);
        assertThat(path.get(4)).containsEntry("a", 4).containsEntry("b", 4).containsEntry("c", 8);
        assertThat(GreedyBitPath.layerBits(path.get(3), 8)).isEqualTo("a=6,b=4");
        assertThat(GreedyBitPath.layerBits(path.get(0), 8)).isEmpty();
    }

    @Test
    void raisingTakesFreeGainsFirstThenTheCheapestEnergyPerAccuracyAndNeverAUselessMove() {
        List<String> units = List.of("a", "b", "c", "d");
        List<Probe> probes = List.of(
                new Probe("a", 6, -0.010, 1.0), new Probe("a", 8, -0.012, 3.0),  // a: 6 buys a lot cheaply, 8 little
                new Probe("b", 6, -0.001, -0.1),                                  // b: a gain that saves energy
                new Probe("c", 6, 0.002, 0.5),                                    // c: wider is worse: never
                new Probe("d", 6, -0.004, 2.0));                                  // d: dear
        List<Map<String, Integer>> path = GreedyBitPath.walk(units, List.of(4, 6, 8), probes);
        assertThat(path.get(0)).containsEntry("a", 4).containsEntry("b", 4);
        assertThat(path.get(1)).containsEntry("b", 6).containsEntry("a", 4);
        assertThat(path.get(2)).containsEntry("a", 6);
        assertThat(path.get(3)).containsEntry("d", 6).containsEntry("a", 6);   // 500 µJ per MSE against a's 1000
        assertThat(path.get(4)).containsEntry("a", 8);
        assertThat(path).hasSize(5);
        assertThat(path.get(4)).containsEntry("c", 4);
        assertThat(GreedyBitPath.layerBits(path.get(4), 4)).isEqualTo("a=8,b=6,d=6");
    }

    @Test
    void aUnitWithoutAProbeAtAWidthStopsThere() {
        List<Map<String, Integer>> path = GreedyBitPath.walk(List.of("a"), DOWN, List.of(new Probe("a", 6, 0.1, -1.0)));
        assertThat(path).hasSize(2);
        assertThat(path.get(1)).containsEntry("a", 6);
    }

    @Test
    void anAccuracyGainIsLoweredFirst() {
        List<Map<String, Integer>> path = GreedyBitPath.walk(List.of("a", "b"), List.of(8, 4),
                List.of(new Probe("a", 4, 0.01, -10.0), new Probe("b", 4, -0.001, -0.1)));
        assertThat(path.get(1)).containsEntry("b", 4).containsEntry("a", 8);
    }
}
