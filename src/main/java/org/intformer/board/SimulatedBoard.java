package org.intformer.board;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.intformer.hw.GeneratedDesign;
import org.intformer.hw.Simulation;

/**
 * The whole board top ({@link BoardTop}, PLL bypassed) under Verilator, as a {@link Transport}: the testbench
 * reads the bytes written here from its standard input and drives them onto the UART receive pin bit by bit,
 * decodes what the design sends on its transmit pin, and prints it back. A {@link #write} returns when the
 * design is quiet again (the link waiting for a frame and the transmitter idle), so every reply byte is then
 * available to {@link #read}.
 */
public final class SimulatedBoard implements Transport {
    public static final String TESTBENCH = "tb_board.v";
    static final String FLASH_HEX = "flash_weights.hex";

    private final Process process;
    private final Writer toSim;
    private final BufferedReader fromSim;
    private final List<Byte> received = new ArrayList<>();
    private long cycles;

    private SimulatedBoard(Process process) {
        this.process = process;
        this.toSim = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.fromSim = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /**
     * Builds the board top of {@code core} for {@code board} with {@code clocksPerBit} cycles per UART bit under
     * Verilator and starts it.
     */
    public static SimulatedBoard start(GeneratedDesign core, Board board, int clocksPerBit) {
        return start(core, board, clocksPerBit, null);
    }

    /**
     * As {@link #start(GeneratedDesign, Board, int)}, with the weights read from the board's flash after reset when
     * {@code flashImage} is not null: a behavioural SPI flash (wakes on 0xAB, READ 0x03; erased bytes read 0xFF)
     * holds {@code flashImage} at the board's weights offset.
     */
    public static SimulatedBoard start(GeneratedDesign core, Board board, int clocksPerBit, byte[] flashImage) {
        BoardTop.Settings s = BoardTop.Settings.simulation(board, clocksPerBit);
        if (flashImage != null) {
            s = s.withWeightsFromFlash();
        }
        List<Path> sources = BoardTop.write(core, s);
        Path dir = core.dir().toAbsolutePath();
        try {
            if (flashImage != null) {
                StringBuilder hex = new StringBuilder();
                for (byte x : flashImage) {
                    hex.append(String.format("%02x%n", x & 0xFF));
                }
                Files.writeString(dir.resolve(FLASH_HEX), hex);
            }
            Files.writeString(dir.resolve(TESTBENCH), testbench(board, clocksPerBit, flashImage == null ? -1 : flashImage.length));
            List<String> cmd = new ArrayList<>(List.of("verilator", "--binary", "--timing", "-Wno-fatal", "-Wno-lint",
                    "-Wno-style", "+define+INTFORMER_SIM", "--top-module", "tb_board", "-Mdir", "obj_board", "-O1",
                    "--x-assign", "unique", "--x-initial", "unique", "-CFLAGS", "-O1", "-o", "tb_board", TESTBENCH));
            sources.forEach(p -> cmd.add(p.getFileName().toString()));
            Process build = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("verilator_board.log").toFile()).start();
            if (!build.waitFor(1200, TimeUnit.SECONDS) || build.exitValue() != 0
                    || !Files.isExecutable(dir.resolve("obj_board/tb_board"))) {
                build.destroyForcibly();
                throw new IllegalStateException("verilator build of the board failed; see " + dir.resolve("verilator_board.log"));
            }
            Process p = new ProcessBuilder(dir.resolve("obj_board/tb_board").toString()).directory(dir.toFile())
                    .redirectError(dir.resolve("sim_board.err").toFile()).start();
            SimulatedBoard b = new SimulatedBoard(p);
            b.expectLine("READY");
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether Verilator is installed. */
    public static boolean available() {
        return Simulation.available(Simulation.Simulator.VERILATOR);
    }

    @Override
    public void write(byte[] bytes) {
        StringBuilder line = new StringBuilder().append(bytes.length);
        for (byte b : bytes) {
            line.append(' ').append(String.format("%02x", b & 0xFF));
        }
        try {
            toSim.write(line.append('\n').toString());
            toSim.flush();
            while (true) {
                String l = fromSim.readLine();
                if (l == null) {
                    throw new IllegalStateException("the board simulation ended unexpectedly");
                }
                if (l.startsWith("B ")) {
                    received.add((byte) Integer.parseInt(l.substring(2).trim(), 16));
                } else if (l.startsWith("Q ")) {
                    cycles = Long.parseLong(l.substring(2).trim());
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes the design has sent and nobody has read; never waits (the simulation runs inside {@link #write}). */
    @Override
    public int read(byte[] buf, int timeoutMillis) {
        int n = Math.min(buf.length, received.size());
        for (int i = 0; i < n; i++) {
            buf[i] = received.remove(0);
        }
        return n;
    }

    /** Simulated clock cycles since the start, at the end of the last {@link #write}. */
    public long cycles() {
        return cycles;
    }

    @Override
    public void close() {
        try {
            toSim.write("-1\n");
            toSim.flush();
        } catch (IOException e) {
            // the simulation has ended already
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A behavioural SPI flash (mode 0): asleep until a 0xAB command, then READ (0x03, 24-bit address) shifts bytes out
     * MSB first on the falling SCK edges; the image's {@code bytes} at {@code offset}, 0xFF elsewhere.
     */
    private static String flashModel(int offset, int bytes) {
        return String.format("""
                    wire FLASH_SCK, FLASH_SSB, FLASH_MOSI;
                    reg FLASH_MISO = 1'b0;
                    reg [7:0] fmem [0:%1$d];
                    initial $readmemh("%3$s", fmem);
                    reg [31:0] f_in = 0;
                    reg [31:0] f_cmd = 0;
                    integer f_n = 0;
                    integer f_k;
                    integer f_a;
                    reg f_awake = 1'b0;
                    always @(posedge FLASH_SSB) begin
                        if (f_n == 8 && f_in[7:0] == 8'hAB) f_awake = 1'b1;
                        f_n = 0;
                    end
                    always @(posedge FLASH_SCK) if (!FLASH_SSB) begin
                        f_in = {f_in[30:0], FLASH_MOSI};
                        f_n = f_n + 1;
                        if (f_n == 32) f_cmd = f_in;
                    end
                    always @(negedge FLASH_SCK) if (!FLASH_SSB && f_awake && f_n >= 32 && f_cmd[31:24] == 8'h03) begin
                        f_k = f_n - 32;
                        f_a = f_cmd[23:0] + f_k / 8 - %2$d;
                        FLASH_MISO <= f_a >= 0 && f_a < %4$d ? fmem[f_a][7 - f_k %% 8] : 1'b1;
                    end
                """, Math.max(bytes - 1, 0), offset, FLASH_HEX, bytes);
    }

    private void expectLine(String what) throws IOException {
        String l;
        while ((l = fromSim.readLine()) != null) {
            if (l.startsWith(what)) {
                return;
            }
        }
        throw new IllegalStateException("the board simulation ended before " + what);
    }

    static String testbench(Board b, int cpb, int flashBytes) {
        StringBuilder v = new StringBuilder();
        v.append("`timescale 1ns/1ps\n// ").append(TESTBENCH).append(": drives the board top's UART from stdin, prints what it sends\n");
        v.append("module tb_board;\n    reg CLK = 1'b0;\n    always #5 CLK = ~CLK;\n    reg RX = 1'b1;\n    wire TX, LED_BUSY, LED_ERROR;\n");
        v.append("    localparam CPB = ").append(cpb).append(";\n");
        if (b.resetButtonPin() > 0) {
            v.append("    reg BTN_N = 1'b1;\n");
        }
        v.append("    ").append(BoardTop.MODULE).append(" dut (.CLK(CLK), .RX(RX), .TX(TX)")
                .append(b.resetButtonPin() > 0 ? ", .BTN_N(BTN_N)" : "");
        for (int i = 0; i < b.driveHigh().size(); i++) {
            v.append(", .HIGH").append(i).append("()");
        }
        if (flashBytes >= 0) {
            v.append(", .FLASH_SCK(FLASH_SCK), .FLASH_SSB(FLASH_SSB), .FLASH_MOSI(FLASH_MOSI), .FLASH_MISO(FLASH_MISO)");
        }
        v.append(", .LED_BUSY(LED_BUSY), .LED_ERROR(LED_ERROR));\n");
        if (flashBytes >= 0) {
            v.append(flashModel(b.spiFlash().weightsOffset(), flashBytes));
        }
        v.append("""
                    reg [63:0] cycle = 0;
                    always @(posedge CLK) cycle <= cycle + 1;
                    reg ready = 1'b0;
                    reg [7:0] got;
                    integer k;
                    // the host's receiver: samples TX in the middle of each bit
                    initial begin : monitor
                        wait (ready);
                        forever begin
                            @(negedge TX);
                            repeat (CPB / 2) @(posedge CLK);
                            for (k = 0; k < 8; k = k + 1) begin
                                repeat (CPB) @(posedge CLK);
                                got[k] = TX;
                            end
                            $display("B %02x", got);
                            $fflush(32'h8000_0001);
                            repeat (CPB) @(posedge CLK);
                        end
                    end
                    task send(input [7:0] b);
                        integer j;
                        begin
                            RX = 1'b0;
                            repeat (CPB) @(posedge CLK);
                            for (j = 0; j < 8; j = j + 1) begin
                                RX = b[j];
                                repeat (CPB) @(posedge CLK);
                            end
                            RX = 1'b1;
                            repeat (CPB) @(posedge CLK);
                        end
                    endtask
                    integer n, i, r, b;
                    initial begin
                        repeat (20) @(posedge CLK);
                        while (!dut.link_idle) @(posedge CLK);   // a load from the flash first
                        ready = 1'b1;
                        $display("READY");
                        $fflush(32'h8000_0001);
                        forever begin
                            r = $fscanf(32'h8000_0000, "%d", n);
                            if (r != 1 || n < 0) $finish;
                            for (i = 0; i < n; i = i + 1) begin
                                r = $fscanf(32'h8000_0000, "%h", b);
                                send(b[7:0]);
                            end
                            repeat (2 * CPB) @(posedge CLK);
                            while (!(dut.link_idle && TX)) @(posedge CLK);
                            repeat (2 * CPB) @(posedge CLK);
                            $display("Q %0d", cycle);
                            $fflush(32'h8000_0001);
                        end
                    end
                endmodule
                """);
        return v.toString();
    }
}
