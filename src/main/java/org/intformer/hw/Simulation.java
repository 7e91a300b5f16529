package org.intformer.hw;

import org.intformer.hw.synth.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.intformer.integer.IntModel;
import org.intformer.integer.Interpreter;
import org.intformer.integer.TensorSpec;

/**
 * Verifies a {@link GeneratedDesign} against the Java {@link Interpreter}: writes the windows and the expected
 * outputs as hex files, generates a Verilog-2005 testbench ({@code tb_intformer.v}) that writes each window,
 * pulses start, counts the cycles to done, reads every output and compares it, then runs it under Verilator
 * ({@code --binary --timing}) or Icarus Verilog and parses its last line
 * {@code RESULT windows=N mismatches=M cycles=C cycles_min=A cycles_max=B}.
 */
public final class Simulation {

    /** The simulators. */
    public enum Simulator {
        VERILATOR("verilator"), ICARUS("iverilog");

        private final String executable;

        Simulator(String executable) {
            this.executable = executable;
        }

        /** The compiler on the PATH, which is also the Debian package's name. */
        public String executable() {
            return executable;
        }

        /** "verilator" or "icarus", any case; {@code where} names the flag or key for the error. */
        public static Simulator parse(Object text, String where) {
            try {
                return valueOf(String.valueOf(text).trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new org.intformer.UserError(where + ": unknown simulator '" + text + "' (verilator, icarus)");
            }
        }
    }

    /**
     * The outcome of one simulation.
     *
     * @param windows            windows simulated
     * @param mismatches         output integers that differ from the interpreter's (0 is bit-exact)
     * @param cyclesPerInference cycles from start to done, identical for every window (else the maximum)
     * @param firstMismatch      the testbench's first MISMATCH line, or empty
     */
    public record SimResult(int windows, long mismatches, long cyclesPerInference, String firstMismatch) {
    }

    public static final String TESTBENCH = "tb_intformer.v";

    /** The simulated cycle count differs from the design's static schedule (a bug in one of them). */
    public static final class CycleMismatch extends IllegalStateException {
        public CycleMismatch(String message) {
            super(message);
        }
    }
    private static final Pattern RESULT = Pattern.compile(
            "RESULT windows=(\\d+) mismatches=(\\d+) cycles=(\\d+) cycles_min=(\\d+) cycles_max=(\\d+)");

    private Simulation() {
    }

    /** Whether {@code sim}'s executables are on the PATH. */
    public static boolean available(Simulator sim) {
        return Tools.available(sim.executable());
    }

    /**
     * Fails with a user error naming the package to install when one of {@code sims} is missing;
     * {@code alternative} (may be empty) is appended, e.g. how to run without simulating.
     */
    public static void requireInstalled(List<Simulator> sims, String alternative) {
        for (Simulator s : sims) {
            if (!available(s)) {
                throw new org.intformer.UserError(s.name().toLowerCase(java.util.Locale.ROOT) + " is not installed (apt-get install "
                        + s.executable() + ")" + alternative);
            }
        }
    }

    /**
     * What the host writes for one window: the window's integers, then each extra input's (IR version 2: the date
     * features), in the model's order, at consecutive addresses from 0 ({@link Storage#hostInputWords}).
     */
    public static int[] hostWords(List<int[]> inputs) {
        int n = 0;
        for (int[] x : inputs) {
            n += x.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] x : inputs) {
            System.arraycopy(x, 0, out, at, x.length);
            at += x.length;
        }
        return out;
    }

    /** The interpreter's inputs (the window, then each extra input) from the words the host writes. */
    static List<int[]> split(IntModel m, int[] words) {
        if (words.length != Storage.hostInputWords(m)) {
            throw new IllegalArgumentException("a window of " + words.length + " integers, the design reads "
                    + Storage.hostInputWords(m));
        }
        List<int[]> out = new ArrayList<>();
        int at = 0;
        List<String> names = new ArrayList<>();
        names.add(m.input());
        names.addAll(m.extraInputs());
        for (String name : names) {
            int size = m.tensor(name).size();
            out.add(java.util.Arrays.copyOfRange(words, at, at + size));
            at += size;
        }
        return out;
    }

    /**
     * Simulates {@code windows} (each the words the host writes: the input tensor's integers, row-major, then the extra
     * inputs', {@link #hostWords}) and compares the outputs.
     */
    public static SimResult run(GeneratedDesign d, IntModel m, List<int[]> windows, Simulator sim) {
        return run(d, m, windows, sim, false);
    }

    /**
     * As {@link #run(GeneratedDesign, IntModel, List, Simulator)}; with {@code debug} the testbench also compares,
     * after the first window, every activation buffer with the interpreter's intermediate tensor and prints
     * {@code TENSOR name mismatches=k} lines (Icarus only reads them hierarchically; the count is in the output).
     */
    public static SimResult run(GeneratedDesign d, IntModel m, List<int[]> windows, Simulator sim, boolean debug) {
        if (debug) {
            // shared buffers are overwritten by later tensors: debug simulates the same schedule with one buffer per tensor
            d = VerilogGenerator.write(d.design().unshared(), d.dir());
        }
        try {
            Path dir = d.dir();
            Interpreter interpreter = new Interpreter(m);
            TensorSpec in = m.inputSpec();
            TensorSpec out = m.outputSpec();
            StringBuilder inHex = new StringBuilder();
            StringBuilder expHex = new StringBuilder();
            Interpreter.Result first = null;
            for (int[] w : windows) {
                Interpreter.Result r = interpreter.run(split(m, w), debug && first == null);
                if (first == null) {
                    first = r;
                }
                for (int x : w) {
                    inHex.append(VerilogGenerator.hex(x, in.bits())).append('\n');
                }
                for (int y : r.output()) {
                    expHex.append(VerilogGenerator.hex(y, out.bits())).append('\n');
                }
            }
            Files.writeString(dir.resolve("tb_inputs.hex"), inHex.toString(), StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("tb_expected.hex"), expHex.toString(), StandardCharsets.US_ASCII);
            Storage debugStorage = debug ? d.design().storage() : null;
            if (debug) {
                for (Storage.Buffer b : debugStorage.buffers()) {
                    StringBuilder t = new StringBuilder();
                    // the input buffer holds every word the host writes (the window and the date features)
                    int[] expected = b == d.design().inputBuffer() ? windows.get(0) : first.tensors().get(b.tensor());
                    for (int x : expected) {
                        t.append(VerilogGenerator.hex(x, b.bits())).append('\n');
                    }
                    Files.writeString(dir.resolve("tb_dbg_" + b.id() + ".hex"), t.toString(), StandardCharsets.US_ASCII);
                }
            }
            String tb = testbench(m, windows.size(), d.expectedCycles(), debugStorage);
            if (d.design().weightMemory() == WeightMemory.SPRAM) {
                // weights in SPRAM are preloaded by the core's testbench (INTFORMER_PRELOAD_WEIGHTS); the board's
                // simulation loads them over the serial link instead (SimulatedBoard)
                tb = tb.replace(".out_data(out_data));", ".out_data(out_data), .w_we(1'b0), .w_addr(0), .w_data(0));");
            }
            Files.writeString(dir.resolve(TESTBENCH), tb, StandardCharsets.UTF_8);
            String output = sim == Simulator.ICARUS ? icarus(d) : verilator(d);
            Files.writeString(dir.resolve("sim_" + sim.name().toLowerCase() + ".log"), output, StandardCharsets.UTF_8);
            Matcher mr = RESULT.matcher(output);
            if (!mr.find()) {
                throw new IllegalStateException("simulation printed no RESULT line:\n" + tail(output));
            }
            String firstMismatch = "";
            for (String line : output.split("\n")) {
                if (line.startsWith("MISMATCH")) {
                    firstMismatch = line.trim();
                    break;
                }
            }
            long cyclesMin = Long.parseLong(mr.group(4));
            long cycles = Long.parseLong(mr.group(5));
            if (cyclesMin != d.expectedCycles() || cycles != d.expectedCycles()) {
                // the design's cycle count is what every report quotes: a simulation that disagrees is a failed run
                throw new CycleMismatch(sim + " simulated " + (cyclesMin == cycles ? cycles + " cycles" : cyclesMin + "-" + cycles
                        + " cycles") + " per inference, the design's schedule says " + d.expectedCycles() + " (log " + dir.resolve(
                        "sim_" + sim.name().toLowerCase() + ".log") + ")");
            }
            return new SimResult(Integer.parseInt(mr.group(1)), Long.parseLong(mr.group(2)), cycles, firstMismatch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    static String testbench(IntModel m, int windows, long expectedCycles, Storage debug) {
        TensorSpec in = m.inputSpec();
        TensorSpec out = m.outputSpec();
        int hostWords = Storage.hostInputWords(m);
        int inAw = Widths.clog2(hostWords);
        int outAw = Widths.clog2(out.size());
        StringBuilder v = new StringBuilder();
        v.append("""
                // tb_intformer.v: generated by org.intformer.hw.Simulation. Writes each window, pulses start, counts
                // cycles to done, reads and compares every output with the Java interpreter's.
                `timescale 1ns/1ps
                module tb_intformer;
                localparam NW = %d, NIN = %d, NOUT = %d, INB = %d, OUTB = %d, EXPECTED_CYCLES = %d;
                reg clk = 1'b0;
                reg rst = 1'b1;
                reg start = 1'b0;
                reg in_we = 1'b0;
                reg [%d:0] in_addr = 0;
                reg [INB-1:0] in_data = 0;
                reg [%d:0] out_addr = 0;
                wire [OUTB-1:0] out_data;
                wire busy, done;
                intformer_top dut (.clk(clk), .rst(rst), .start(start), .busy(busy), .done(done), .in_we(in_we),
                    .in_addr(in_addr), .in_data(in_data), .out_addr(out_addr), .out_data(out_data));
                always #5 clk = ~clk;
                reg [INB-1:0] inputs [0:NW*NIN-1];
                reg [OUTB-1:0] expected [0:NW*NOUT-1];
                integer w, i, cycles, cmin, cmax, mismatches, timeout;
                initial begin
                    $readmemh("tb_inputs.hex", inputs);
                    $readmemh("tb_expected.hex", expected);
                    mismatches = 0; cmin = 0; cmax = 0; cycles = 0;
                    repeat (4) @(negedge clk);
                    rst = 1'b0;
                    @(negedge clk);
                    for (w = 0; w < NW; w = w + 1) begin
                        for (i = 0; i < NIN; i = i + 1) begin
                            in_we = 1'b1; in_addr = i; in_data = inputs[w*NIN + i];
                            @(negedge clk);
                        end
                        in_we = 1'b0;
                        start = 1'b1;
                        @(negedge clk);
                        start = 1'b0;
                        cycles = 1; timeout = 0;
                        while (!done && timeout == 0) begin
                            @(negedge clk);
                            cycles = cycles + 1;
                            if (cycles > 50000000) timeout = 1;
                        end
                        if (timeout) begin
                            $display("TIMEOUT window=%%0d", w);
                            mismatches = mismatches + NOUT;
                        end
                        if (w == 0 || cycles < cmin) cmin = cycles;
                        if (w == 0 || cycles > cmax) cmax = cycles;
                """.formatted(windows, hostWords, out.size(), in.bits(), out.bits(), expectedCycles, inAw - 1, outAw - 1));
        if (debug != null) {
            v.append("        if (w == 0) check_tensors;\n");
        }
        v.append("""
                        for (i = 0; i < NOUT; i = i + 1) begin
                            out_addr = i;
                            @(negedge clk);
                            if (out_data !== expected[w*NOUT + i]) begin
                                if (mismatches == 0)
                                    $display("MISMATCH window=%0d index=%0d got=%0d expected=%0d (hex %h vs %h)", w, i,
                                        $signed(out_data), $signed(expected[w*NOUT + i]), out_data, expected[w*NOUT + i]);
                                mismatches = mismatches + 1;
                            end
                        end
                    end
                    $display("RESULT windows=%0d mismatches=%0d cycles=%0d cycles_min=%0d cycles_max=%0d", NW, mismatches,
                        cycles, cmin, cmax);
                    if (cmin != cmax) $display("WARNING cycles vary between windows");
                    if (cmax != EXPECTED_CYCLES) $display("WARNING cycles %0d differ from the schedule's %0d", cmax, EXPECTED_CYCLES);
                    if (mismatches != 0) $fatal(1, "%0d mismatches", mismatches);
                    $finish;
                end
                """);
        if (debug != null) {
            v.append("task check_tensors;\n    integer j, bad;\n    begin\n");
            for (Storage.Buffer b : debug.buffers()) {
                String e = "dbg" + b.id();
                v.append("        bad = 0;\n");
                v.append("        for (j = 0; j < ").append(b.depth()).append("; j = j + 1) if (dut.buf").append(b.id())
                        .append("[j] !== ").append(e).append("[j]) begin if (bad == 0) $display(\"  first bad %0d: got %h expected %h\", j, dut.buf")
                        .append(b.id()).append("[j], ").append(e).append("[j]); bad = bad + 1; end\n");
                v.append("        $display(\"TENSOR ").append(b.tensor()).append(" mismatches=%0d\", bad);\n");
            }
            v.append("    end\nendtask\n");
            for (Storage.Buffer b : debug.buffers()) {
                v.append("reg [").append(b.bits() - 1).append(":0] dbg").append(b.id()).append(" [0:").append(b.depth() - 1)
                        .append("];\ninitial $readmemh(\"tb_dbg_").append(b.id()).append(".hex\", dbg").append(b.id()).append(");\n");
            }
        }
        v.append("endmodule\n");
        return v.toString();
    }

    private static String icarus(GeneratedDesign d) {
        List<String> cmd = new ArrayList<>(List.of("iverilog", "-g2005", "-DINTFORMER_PRELOAD_WEIGHTS", "-o", "tb.vvp", "-s",
                "tb_intformer", TESTBENCH));
        d.sources().forEach(s -> cmd.add(s.getFileName().toString()));
        String build = exec(d.dir(), cmd, 600);
        return build + exec(d.dir(), List.of("vvp", "-n", "tb.vvp"), 3600);
    }

    private static String verilator(GeneratedDesign d) {
        List<String> cmd = new ArrayList<>(List.of("verilator", "--binary", "--timing", "-Wno-fatal", "-Wno-lint", "-Wno-style",
                "+define+INTFORMER_PRELOAD_WEIGHTS", "--top-module", "tb_intformer", "-Mdir", "obj_verilator", "-O1", "--x-assign", "unique", "--x-initial", "unique",
                "-CFLAGS", "-O1", "-o", "tb_verilator", TESTBENCH));
        d.sources().forEach(s -> cmd.add(s.getFileName().toString()));
        String build = exec(d.dir(), cmd, 1200);
        Path exe = d.dir().toAbsolutePath().resolve("obj_verilator").resolve("tb_verilator");
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException("verilator build failed:\n" + tail(build));
        }
        return exec(d.dir(), List.of(exe.toString()), 3600);
    }

    /**
     * Runs {@code cmd} in {@code dir} and returns its output (stdout and stderr). The output goes to
     * {@code dir/exec-NAME.log} while it runs, so that the timeout is enforced even when the process keeps writing
     * or never closes its output; at the timeout the process and everything it started are killed.
     */
    static String exec(Path dir, List<String> cmd, long timeoutSeconds) {
        Path output = dir.resolve("exec-" + Path.of(cmd.get(0)).getFileName() + ".log");
        Process p = null;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill(p);
                throw new IllegalStateException(String.join(" ", cmd) + " timed out after " + timeoutSeconds
                        + " s and was killed; its last output:\n" + tail(Files.readString(output, StandardCharsets.UTF_8)));
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }

    private static void kill(Process p) {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
