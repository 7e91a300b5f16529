package org.intformer.hw.synth;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The serial I/O shim simulated under Icarus against what a host on an SPI-like link needs from it (IoShim's
 * documented protocol): after reset the core's inputs are 0; a host shifts the input word in on {@code sin},
 * MSB first, while the core's inputs stay at the last loaded word; one {@code sload} cycle applies the word to
 * the core and captures the core's outputs, which then leave on {@code sout}, MSB first, one bit per clock.
 * The core is a stand-in with the real accelerator's ports whose outputs the testbench sets.
 */
class IoShimSimulationTest {
    @TempDir
    Path dir;

    @Test
    void theAcceleratorsPortsThroughTheShim() throws Exception {
        simulate(IoShim.ports(SynthTestFiles.captured("ice40-small-ports.json"), "intformer_top"), 6);
    }

    @Test
    void oneBitChainsAndNoReset() throws Exception {
        simulate(List.of(new IoShim.Port("clk", "input", 1), new IoShim.Port("a", "input", 1),
                new IoShim.Port("y", "output", 1)), 4);
    }

    @Test
    void portsInAnyOrderAndWidth() throws Exception {
        simulate(List.of(new IoShim.Port("q", "output", 7), new IoShim.Port("x", "input", 3), new IoShim.Port("clk", "input", 1),
                new IoShim.Port("rst", "input", 1), new IoShim.Port("p", "output", 1), new IoShim.Port("z", "input", 12)), 5);
    }

    private void simulate(List<IoShim.Port> ports, int transfers) throws Exception {
        assumeTrue(Tools.available("iverilog") && Tools.available("vvp"), "iverilog not installed");
        List<IoShim.Port> ins = new ArrayList<>();
        List<IoShim.Port> outs = new ArrayList<>();
        boolean rst = false;
        for (IoShim.Port p : ports) {
            if (p.name().equals("rst")) {
                rst = true;
            } else if (p.direction().equals("input") && !p.name().equals("clk")) {
                ins.add(p);
            } else if (p.direction().equals("output")) {
                outs.add(p);
            }
        }
        int ni = IoShim.totalBits(ins);
        int no = IoShim.totalBits(outs);
        Files.writeString(dir.resolve("shim.v"), IoShim.verilog("core", ports));
        Files.writeString(dir.resolve("core.v"), stubCore(ports));
        Files.writeString(dir.resolve("tb.v"), testbench(ins, outs, ni, no, rst, transfers));
        Process build = new ProcessBuilder("iverilog", "-g2005", "-o", "tb.vvp", "-s", "tb", "tb.v", "shim.v", "core.v")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String buildLog = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor(60, TimeUnit.SECONDS) && build.exitValue() == 0).as(buildLog).isTrue();
        Process run = new ProcessBuilder("vvp", "-n", "tb.vvp").directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).contains("RESULT transfers=" + transfers + " output_errors=0 input_errors=0 glitches=0 reset_errors=0");
    }

    /** A core with the given ports: inputs are only observed, each output comes from a register the testbench sets. */
    private static String stubCore(List<IoShim.Port> ports) {
        StringBuilder v = new StringBuilder("module core(");
        List<String> decl = new ArrayList<>();
        for (IoShim.Port p : ports) {
            decl.add(p.direction() + " wire [" + (p.width() - 1) + ":0] " + p.name());
        }
        v.append(String.join(", ", decl)).append(");\n");
        for (IoShim.Port p : ports) {
            if (p.direction().equals("output")) {
                v.append("  reg [").append(p.width() - 1).append(":0] r_").append(p.name()).append(" = 0;\n");
                v.append("  assign ").append(p.name()).append(" = r_").append(p.name()).append(";\n");
            }
        }
        return v.append("endmodule\n").toString();
    }

    /** The input word is the inputs' concatenation with the first port in the low bits; the output word likewise. */
    private static String concat(List<IoShim.Port> ports, String prefix) {
        List<String> parts = new ArrayList<>();
        for (IoShim.Port p : ports) {
            parts.add(0, "shim.core." + prefix + p.name());
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private static String testbench(List<IoShim.Port> ins, List<IoShim.Port> outs, int ni, int no, boolean rst, int transfers) {
        SplittableRandom rng = new SplittableRandom(7);
        StringBuilder v = new StringBuilder();
        v.append("`timescale 1ns/1ps\nmodule tb;\n");
        v.append("reg clk = 0, rst = 1, sin = 0, sload = 0;\nwire sout;\n");
        v.append("intformer_io_shim shim(.clk(clk), ").append(rst ? ".rst(rst), " : "").append(".sin(sin), .sload(sload), .sout(sout));\n");
        v.append("always #5 clk = ~clk;\n");
        v.append("reg [").append(ni - 1).append(":0] applied = 0, word;\n");
        v.append("reg [").append(no - 1).append(":0] captured, got;\n");
        v.append("wire [").append(ni - 1).append(":0] seen = ").append(concat(ins, "")).append(";\n");
        v.append("integer i, output_errors = 0, input_errors = 0, glitches = 0, reset_errors = 0, checking = 0;\n");
        // between transfers and while shifting, the core must see exactly the last loaded word (0 after reset)
        v.append("always @(negedge clk) if (checking && seen !== applied) glitches = glitches + 1;\n");
        v.append("task transfer(input [").append(ni - 1).append(":0] w, input [").append(no - 1).append(":0] o);\n");
        v.append("  begin\n");
        v.append("    ").append(concat(outs, "r_")).append(" = o;\n");
        v.append("    for (i = ").append(ni - 1).append("; i >= 0; i = i - 1) begin sin = w[i]; @(negedge clk); end\n");
        v.append("    checking = 0; sload = 1; @(negedge clk); sload = 0;\n");
        v.append("    if (seen !== w) begin input_errors = input_errors + 1; $display(\"inputs %h, expected %h\", seen, w); end\n");
        v.append("    applied = w; checking = 1; captured = o;\n");
        v.append("    ").append(concat(outs, "r_")).append(" = ~o;\n"); // the capture must not follow later changes
        v.append("    for (i = ").append(no - 1).append("; i >= 0; i = i - 1) begin got[i] = sout; @(negedge clk); end\n");
        v.append("    if (got !== captured) begin output_errors = output_errors + 1; $display(\"outputs %h, expected %h\", got, captured); end\n");
        v.append("  end\nendtask\n");
        v.append("initial begin\n  repeat (3) @(negedge clk);\n  rst = 0;\n  @(negedge clk);\n");
        v.append("  if (seen !== 0) reset_errors = reset_errors + 1;\n  checking = 1;\n");
        for (int t = 0; t < transfers; t++) {
            v.append("  transfer(").append(literal(ni, rng)).append(", ").append(literal(no, rng)).append(");\n");
        }
        v.append("  $display(\"RESULT transfers=%0d output_errors=%0d input_errors=%0d glitches=%0d reset_errors=%0d\", ")
                .append(transfers).append(", output_errors, input_errors, glitches, reset_errors);\n  $finish;\nend\nendmodule\n");
        return v.toString();
    }

    private static String literal(int bits, SplittableRandom rng) {
        byte[] bytes = new byte[(bits + 7) / 8 + 1];
        rng.nextBytes(bytes);
        bytes[0] = 0;
        return bits + "'h" + new BigInteger(bytes).mod(BigInteger.ONE.shiftLeft(bits)).toString(16);
    }
}
