package org.intformer.pipeline;

import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.config.Origin;
import org.intformer.hw.Simulation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineOptionsTest {
    private static final Origin FILE = new Origin("run.yaml", Map.of("pipeline", 7));

    @Test
    void sectionValuesOverrideTheDefaults() {
        PipelineOptions p = PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("bit-widths", List.of(8, 6, 4),
                "targets", List.of("XC7S15"), "lanes", "auto", "windows", 20, "simulators", "icarus", "synth", false), FILE);
        assertThat(p.bits()).containsExactly(8, 6, 4);
        assertThat(p.targets()).containsExactly("xc7s15");
        assertThat(p.lanes()).isZero();
        assertThat(p.windows()).isEqualTo(20);
        assertThat(p.simulators()).containsExactly(Simulation.Simulator.ICARUS);
        assertThat(p.synth()).isFalse();
        assertThat(p.toMap()).containsEntry("lanes", "auto").containsEntry("bit_widths", List.of(8, 6, 4));
    }

    @Test
    void theDefaultTargetsAreBothDevices() {
        // a device the demo model does not fit is reported by the run, not an abort (RunCommandTest)
        assertThat(PipelineOptions.defaults().targets()).containsExactly("xc7s15", "ice40up5k");
    }

    @Test
    void flagsGiveCommaListsAsText() {
        PipelineOptions p = PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("bit-widths", List.of("6", "3"),
                "lanes", "12"), Origin.commandLine());
        assertThat(p.bits()).containsExactly(6, 3);
        assertThat(p.lanes()).isEqualTo(12);
    }

    @Test
    void impossibleValuesAreOneLineErrorsNamingTheKey() {
        assertThatThrownBy(() -> PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("bit-widths", List.of(9)), FILE))
                .isInstanceOf(UserError.class).hasMessageContaining("9 is out of range 2-8");
        assertThatThrownBy(() -> PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("bit-widths", List.of(4, 4)), FILE))
                .isInstanceOf(UserError.class).hasMessageContaining("repeats");
        assertThatThrownBy(() -> PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("targets", List.of("artix7")), FILE))
                .isInstanceOf(UserError.class).hasMessageContaining("artix7");
        assertThatThrownBy(() -> PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("windows", "many"), FILE))
                .isInstanceOf(UserError.class).hasMessageContaining("run.yaml:7: key 'pipeline.windows'");
        assertThatThrownBy(() -> PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("lanez", 4), FILE))
                .isInstanceOf(UserError.class).hasMessageContaining("unknown key").hasMessageContaining("lanes");
        assertThatThrownBy(() -> PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("simulators", List.of("modelsim")),
                Origin.commandLine())).isInstanceOf(UserError.class).hasMessageContaining("option --simulators");
        assertThatThrownBy(() -> PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("synth", "maybe"), FILE))
                .isInstanceOf(UserError.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> PipelineOptions.overlay(PipelineOptions.defaults(), Map.of("simulators", List.of()), FILE))
                .isInstanceOf(UserError.class).hasMessageContaining("windows: 0");
    }
}
