package org.intformer.hw.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Missing tools, failing tools and bad inputs give clear messages. */
class ToolsTest {
    private static final Tools MISSING = new Tools("intformer-no-such-yosys", "intformer-no-such-nextpnr",
            "intformer-no-such-icepack", Duration.ofMinutes(1));

    @Test
    void missingYosysNamesThePackage(@TempDir Path dir) throws Exception {
        SynthTestFiles.design("small", dir);
        assertThatThrownBy(() -> XilinxSynthesis.run(MISSING, dir, SynthTestFiles.SMALL_SOURCES, "intformer_top"))
                .isInstanceOf(UserError.class)
                .hasMessage("yosys not found (looked for 'intformer-no-such-yosys' on PATH): install the Debian "
                        + "package 'yosys' (apt-get install yosys) or set INTFORMER_YOSYS to its path");
    }

    @Test
    void missingNextpnrOrIcepackNamesThePackage(@TempDir Path dir) throws Exception {
        assumeTrue(Tools.available("yosys"));
        SynthTestFiles.design("small", dir);
        Tools noPnr = new Tools("yosys", "intformer-no-such-nextpnr", "icepack", Duration.ofMinutes(1));
        assertThatThrownBy(() -> Ice40Flow.run(noPnr, dir, SynthTestFiles.SMALL_SOURCES, "intformer_top", 0))
                .isInstanceOf(UserError.class).hasMessageContaining("nextpnr-ice40 not found")
                .hasMessageContaining("apt-get install nextpnr-ice40");
        Tools noPack = new Tools("yosys", "/bin/true", "/nonexistent/icepack", Duration.ofMinutes(1));
        assertThatThrownBy(() -> Ice40Flow.run(noPack, dir, SynthTestFiles.SMALL_SOURCES, "intformer_top", 0))
                .isInstanceOf(UserError.class).hasMessageContaining("icepack not found")
                .hasMessageContaining("apt-get install fpga-icestorm");
    }

    @Test
    void failingToolGivesTheEndOfItsLog(@TempDir Path dir) throws Exception {
        assumeTrue(Tools.available("sh"));
        Tools t = Tools.fromEnvironment();
        Path log = dir.resolve("out/tool.log");
        assertThatThrownBy(() -> t.runOrThrow(dir, log, List.of("sh", "-c",
                "for i in $(seq 1 30); do echo line $i; done; echo 'ERROR: syntax error' >&2; exit 3")))
                .isInstanceOf(Tools.ToolException.class)
                .hasMessageContaining("sh failed (exit 3)")
                .hasMessageContaining("line 30")
                .hasMessageContaining("ERROR: syntax error")
                .hasMessageNotContaining("line 5\n");
        assertThat(Files.readString(log)).contains("line 1\n");
    }

    @Test
    void yosysSyntaxErrorGivesTheLogTail(@TempDir Path dir) throws Exception {
        assumeTrue(Tools.available("yosys"));
        Files.writeString(dir.resolve("broken.v"), "module intformer_top(input clk);\n  wire x = ;\nendmodule\n");
        assertThatThrownBy(() -> XilinxSynthesis.run(dir, List.of("broken.v"), "intformer_top"))
                .isInstanceOf(Tools.ToolException.class)
                .hasMessageContaining("yosys failed (exit 1)")
                .hasMessageContaining("synth/xc7/yosys.log")
                .hasMessageContaining("broken.v:2: ERROR");
    }

    @Test
    void timeoutKillsTheTool(@TempDir Path dir) {
        assumeTrue(Tools.available("sleep"));
        Tools t = Tools.fromEnvironment().withTimeout(Duration.ofMillis(300));
        assertThatThrownBy(() -> t.run(dir, dir.resolve("sleep.log"), List.of("sleep", "30")))
                .isInstanceOf(Tools.ToolException.class).hasMessageContaining("did not finish");
    }

    @Test
    void badInputsAreUserErrors(@TempDir Path dir) throws Exception {
        SynthTestFiles.design("small", dir);
        assertThatThrownBy(() -> XilinxSynthesis.run(MISSING, dir.resolve("nope"), List.of("a.v"), "intformer_top"))
                .isInstanceOf(UserError.class).hasMessageContaining("design directory not found");
        assertThatThrownBy(() -> XilinxSynthesis.run(MISSING, dir, List.of("missing.v"), "intformer_top"))
                .isInstanceOf(UserError.class).hasMessageContaining("Verilog source not found");
        assertThatThrownBy(() -> XilinxSynthesis.run(MISSING, dir, List.of("a b.v"), "intformer_top"))
                .isInstanceOf(UserError.class).hasMessageContaining("unsupported source file name");
        assertThatThrownBy(() -> XilinxSynthesis.run(MISSING, dir, List.of(), "intformer_top"))
                .isInstanceOf(UserError.class).hasMessageContaining("no Verilog sources");
        assertThatThrownBy(() -> XilinxSynthesis.run(MISSING, dir, SynthTestFiles.SMALL_SOURCES, "top; shell"))
                .isInstanceOf(UserError.class).hasMessageContaining("invalid top module name");
        assertThatThrownBy(() -> Ice40Flow.run(MISSING, dir, SynthTestFiles.SMALL_SOURCES, "intformer_top", -5))
                .isInstanceOf(UserError.class).hasMessageContaining("clock");
    }

    @Test
    void theTailOfALogThatCannotBeReadSaysSo(@TempDir Path dir) {
        assertThat(Tools.tail(dir.resolve("missing.log"), 5)).contains("missing.log").contains("cannot be read");
    }

    @Test
    void shimRejectsInoutAndMissingClock() {
        assertThatThrownBy(() -> IoShim.verilog("t", List.of(new IoShim.Port("clk", "input", 1),
                new IoShim.Port("pad", "inout", 1)))).isInstanceOf(UserError.class).hasMessageContaining("inout");
        assertThatThrownBy(() -> IoShim.verilog("t", List.of(new IoShim.Port("x", "input", 3))))
                .isInstanceOf(UserError.class).hasMessageContaining("no 1-bit input 'clk'");
    }

    @Test
    void shimWithOneBitChainsIsValidVerilog(@TempDir Path dir) throws Exception {
        String v = IoShim.verilog("core1", List.of(new IoShim.Port("clk", "input", 1),
                new IoShim.Port("a", "input", 1), new IoShim.Port("y", "output", 1)));
        assertThat(v).contains("in_sr <= sin;").contains("out_sr <= 1'b0;");
        assumeTrue(Tools.available("iverilog"));
        Files.writeString(dir.resolve("shim.v"), v);
        Files.writeString(dir.resolve("core1.v"), "module core1(input clk, input a, output reg y);\n"
                + "always @(posedge clk) y <= a;\nendmodule\n");
        Process p = new ProcessBuilder("iverilog", "-g2005", "-o", "sim", "shim.v", "core1.v").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
