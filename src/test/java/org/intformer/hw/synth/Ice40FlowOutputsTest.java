package org.intformer.hw.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The iCE40 flow on what its tools print, with stand-in tools that replay captured output (or output with a
 * line missing): a figure the flow cannot find is an error naming the file and the figure, never a zero or a
 * "timing met".
 */
class Ice40FlowOutputsTest {
    @TempDir
    Path dir;

    private Tools tools(String nextpnrLog, boolean withReport) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("fake-tools"));
        Files.writeString(bin.resolve("ports.json"), SynthTestFiles.captured("ice40-small-ports.json"));
        Files.writeString(bin.resolve("stat.json"), SynthTestFiles.captured("ice40-small-stat.json"));
        Files.writeString(bin.resolve("nextpnr.log"), nextpnrLog);
        if (withReport) {
            Files.writeString(bin.resolve("nextpnr-report.json"), SynthTestFiles.captured("ice40-small-nextpnr-report.json"));
        }
        Path yosys = script(bin, "yosys", """
                here=$(dirname "$0")
                case "$2" in
                  *ports.ys) cp "$here/ports.json" synth/ice40/ports.json ;;
                  *synth.ys) cp "$here/stat.json" synth/ice40/stat.json; echo '{}' > synth/ice40/design.json ;;
                esac
                """);
        Path nextpnr = script(bin, "nextpnr-ice40", """
                here=$(dirname "$0")
                while [ $# -gt 0 ]; do
                  case "$1" in --report) report=$2; shift ;; --asc) asc=$2; shift ;; esac
                  shift
                done
                cat "$here/nextpnr.log"
                if [ -f "$here/nextpnr-report.json" ]; then cp "$here/nextpnr-report.json" "$report"; fi
                echo asc > "$asc"
                """);
        Path icepack = script(bin, "icepack", "echo bitstream > \"$2\"\n");
        return new Tools(yosys.toString(), nextpnr.toString(), icepack.toString(), Duration.ofMinutes(1));
    }

    private static Path script(Path bin, String name, String body) throws Exception {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private Ice40Flow.Result run(Tools tools) throws Exception {
        SynthTestFiles.design("small", dir);
        return Ice40Flow.run(tools, dir, SynthTestFiles.SMALL_SOURCES, "intformer_top", 0);
    }

    @Test
    void capturedOutputGivesTheCapturedFigures() throws Exception {
        Ice40Flow.Result r = run(tools(SynthTestFiles.captured("ice40-small-nextpnr.log"), true));
        assertThat(r.resources().lc()).isEqualTo(437);
        assertThat(r.resources().io()).isEqualTo(5);
        assertThat(r.fmaxMhz()).isCloseTo(65.28, within(0.01));
        assertThat(r.timingMet()).isTrue();
        assertThat(r.fits()).isTrue();
    }

    @Test
    void aLogWithoutTheLogicCellCountIsAnErrorNotZeroCells() throws Exception {
        String log = SynthTestFiles.captured("ice40-small-nextpnr.log").replaceAll("(?m)^.*ICESTORM_LC:\\s+\\d+/.*\\R", "");
        assertThatThrownBy(() -> run(tools(log, false))).hasMessageContaining("ICESTORM_LC")
                .hasMessageContaining("nextpnr.log");
    }

    @Test
    void aRoutedDesignWithoutAnFmaxIsAnErrorNotTimingMet() throws Exception {
        String log = SynthTestFiles.captured("ice40-small-nextpnr.log").replaceAll("(?m)^.*Max frequency for clock.*\\R", "");
        assertThatThrownBy(() -> run(tools(log, false))).hasMessageContaining("Fmax").hasMessageContaining("nextpnr.log");
    }
}
