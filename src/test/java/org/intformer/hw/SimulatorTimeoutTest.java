package org.intformer.hw;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A simulator that hangs (prints, then never finishes and keeps its output open) is killed at the timeout. */
class SimulatorTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void aHangingSimulatorIsKilledAtItsTimeout() {
        String marker = "617.25"; // a sleep no other process on the machine has
        List<String> hanging = List.of("sh", "-c", "echo 'VCD info: dumping'; sleep " + marker + "; echo done");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> Simulation.exec(dir, hanging, 2)).hasMessageContaining("timed out")
                        .hasMessageContaining("2 s").hasMessageContaining("VCD info"));
        // nothing of it is left running
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (leftOver(marker) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(leftOver(marker)).isFalse();
    }

    @Test
    void aSimulatorThatFinishesInTimeGivesItsWholeOutput() {
        String out = Simulation.exec(dir, List.of("sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done"), 30);
        assertThat(out.lines()).hasSize(20000).last().isEqualTo("line 19999");
    }

    private static boolean leftOver(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(marker));
    }
}
