package org.intformer.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.intformer.UserError;
import org.intformer.hw.Design;
import org.intformer.hw.GeneratedDesign;
import org.intformer.hw.WeightMemory;
import org.intformer.hw.Widths;
import org.intformer.integer.IntModel;
import org.intformer.integer.TensorSpec;

/**
 * Writes the board's top level around a generated accelerator: the PLL from the board's oscillator to the
 * clock (bypassed when the tools define {@code INTFORMER_SIM}), a reset synchronizer, the UART at the chosen
 * baud rate, the protocol end ({@code intformer_link.v}), the LEDs, and the PCF pin file. See docs/BOARD.md.
 */
public final class BoardTop {
    public static final String MODULE = "intformer_board";
    public static final String TOP_FILE = "intformer_board.v";
    public static final String PCF_FILE = "board.pcf";
    static final List<String> LIBRARY = List.of("intformer_uart.v", "intformer_link.v", "intformer_flash.v");
    /** Time the flash is given to leave deep power-down after its 0xAB (tRES1 is 3 us on the usual parts). */
    static final double FLASH_WAKE_SECONDS = 10e-6;
    public static final int DEFAULT_BAUD = 115_200;
    /** A frame with no byte for this long is cut off (on the board; simulations use a shorter one). */
    public static final double TIMEOUT_SECONDS = 0.1;

    /**
     * The board top's settings.
     *
     * @param board         the board
     * @param clockMhz      the accelerator's clock: the PLL's achieved output, or the oscillator without a PLL
     * @param pll           the PLL settings, null when the clock is the oscillator's
     * @param baud          the nominal baud rate
     * @param clocksPerBit  clock cycles per UART bit
     * @param timeoutCycles cycles without a byte that end an incomplete frame
     * @param weightsFromFlash the weights (in SPRAM) are read from the board's flash after reset
     */
    public record Settings(Board board, double clockMhz, Pll pll, int baud, int clocksPerBit, long timeoutCycles,
                           boolean weightsFromFlash) {

        /** Settings for {@code board} at {@code clockMhz} (the oscillator's frequency: no PLL) and {@code baud}. */
        public static Settings of(Board board, double clockMhz, int baud) {
            Pll pll = clockMhz == board.oscillatorMhz() ? null : Pll.solve(board.oscillatorMhz(), clockMhz);
            double clock = pll == null ? clockMhz : pll.outputMhz();
            int cpb = (int) Math.round(clock * 1e6 / baud);
            if (baud <= 0 || cpb < 4) {
                throw new UserError("baud rate " + baud + " is too high for a " + clock + " MHz clock (at least 4 cycles per bit)");
            }
            double error = Math.abs(clock * 1e6 / cpb - baud) / baud;
            if (error > 0.02) {
                throw new UserError(String.format(Locale.ROOT, "baud rate %d is %.1f%% off at %.3f MHz (%d cycles per bit); choose another",
                        baud, 100 * error, clock, cpb));
            }
            return new Settings(board, clock, pll, baud, cpb, Math.round(clock * 1e6 * TIMEOUT_SECONDS), false);
        }

        /** Settings for a simulation: {@code clocksPerBit} cycles per bit, a short timeout, no PLL. */
        public static Settings simulation(Board board, int clocksPerBit) {
            return new Settings(board, board.oscillatorMhz(), null, 0, clocksPerBit, 64L * 10 * clocksPerBit, false);
        }

        /** These settings with the weights read from the board's flash after reset. */
        public Settings withWeightsFromFlash() {
            if (board.spiFlash() == null) {
                throw new UserError("board " + board.name() + " has no SPI flash the design can read weights from (docs/BOARD.md)");
            }
            return new Settings(board, clockMhz, pll, baud, clocksPerBit, timeoutCycles, true);
        }

        long flashWakeCycles() {
            return (long) Math.ceil(clockMhz * 1e6 * FLASH_WAKE_SECONDS);
        }
    }

    private BoardTop() {
    }

    /**
     * Writes {@link #TOP_FILE}, the UART and link modules and {@link #PCF_FILE} into the accelerator's directory;
     * returns the Verilog sources of the whole board (the accelerator's first).
     */
    public static List<Path> write(GeneratedDesign core, Settings s) {
        IntModel model = core.design().model();
        TensorSpec in = model.inputSpec();
        TensorSpec out = model.outputSpec();
        if (core.design().weightMemory() == WeightMemory.SPRAM && core.design().weights().depth() > 65535) {
            throw new UserError("weights in SPRAM: " + core.design().weights().depth() + " words, the LOAD frame addresses at most 65535");
        }
        if (s.weightsFromFlash()) {
            if (core.design().weightMemory() != WeightMemory.SPRAM) {
                throw new UserError("weights from the flash: only weights in SPRAM are loaded (--weights spram); these are in block RAM");
            }
            long end = (long) s.board().spiFlash().weightsOffset() + WeightImage.of(core.design()).bytes().length;
            if (end > 1L << 24) {
                throw new UserError("the weight image ends at byte " + end + " of the flash, past the 16 MiB a 24-bit address reaches");
            }
        }
        if (in.bits() > 16 || out.bits() > 15) {
            throw new UserError("the serial protocol carries values of at most 16 bits (inputs) and 15 bits (outputs); the model has "
                    + in.bits() + " and " + out.bits());
        }
        Path dir = core.dir();
        try {
            List<Path> sources = new ArrayList<>(core.sources());
            for (String lib : LIBRARY) {
                try (InputStream r = BoardTop.class.getResourceAsStream(lib)) {
                    Path f = dir.resolve(lib);
                    Files.write(f, r.readAllBytes());
                    sources.add(f);
                }
            }
            Path top = dir.resolve(TOP_FILE);
            Files.writeString(top, verilog(core, s, ModelHash.of(model)), StandardCharsets.UTF_8);
            sources.add(top);
            Files.writeString(dir.resolve(PCF_FILE), pcf(s), StandardCharsets.US_ASCII);
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pcf(Settings s) {
        Board b = s.board();
        StringBuilder p = new StringBuilder("# " + b.title() + "\n# pins: " + b.pinoutSource() + "\n");
        p.append(String.format(Locale.ROOT, "set_io CLK %d\nset_frequency CLK %s\n", b.clockPin(), trim(b.oscillatorMhz())));
        p.append("set_io RX ").append(b.rxPin()).append("\nset_io TX ").append(b.txPin()).append('\n');
        if (b.resetButtonPin() > 0) {
            p.append("set_io BTN_N ").append(b.resetButtonPin()).append('\n');
        }
        led(p, "LED_BUSY", b.busyLed());
        led(p, "LED_ERROR", b.errorLed());
        for (int i = 0; i < b.driveHigh().size(); i++) {
            p.append("set_io HIGH").append(i).append(' ').append(b.driveHigh().get(i)).append('\n');
        }
        if (s.weightsFromFlash()) {
            Board.SpiFlash f = b.spiFlash();
            p.append("set_io FLASH_SCK ").append(f.sck()).append("\nset_io FLASH_SSB ").append(f.csn())
                    .append("\nset_io FLASH_MOSI ").append(f.mosi()).append("\nset_io FLASH_MISO ").append(f.miso()).append('\n');
        }
        return p.toString();
    }

    private static void led(StringBuilder p, String port, Board.Led led) {
        p.append("set_io ").append(port).append(' ').append(led.pin()).append('\n');
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String verilog(GeneratedDesign core, Settings s, long hash) {
        Board b = s.board();
        TensorSpec in = core.design().model().inputSpec();
        TensorSpec out = core.design().model().outputSpec();
        boolean rgb = b.busyLed().rgb() >= 0 || b.errorLed().rgb() >= 0;
        StringBuilder v = new StringBuilder();
        v.append("// ").append(TOP_FILE).append(": ").append(b.title()).append(" top level of ").append(core.top())
                .append(" (generated by intformer; docs/BOARD.md)\n");
        v.append(String.format(Locale.ROOT, "// clock %.3f MHz%s; UART %s, %d cycles per bit; model hash %08x%n",
                s.clockMhz(), s.pll() == null ? " (the oscillator)" : String.format(Locale.ROOT,
                        " from the %s MHz oscillator: DIVR %d, DIVF %d, DIVQ %d, FILTER_RANGE %d (as icepll)",
                        trim(b.oscillatorMhz()), s.pll().divr(), s.pll().divf(), s.pll().divq(), s.pll().filterRange()),
                s.baud() > 0 ? s.baud() + " baud" : "simulation rate", s.clocksPerBit(), hash));
        v.append("`timescale 1ns/1ps\nmodule ").append(MODULE).append(" (\n    input  wire CLK,\n    input  wire RX,\n    output wire TX,\n");
        if (b.resetButtonPin() > 0) {
            v.append("    input  wire BTN_N,\n");
        }
        for (int i = 0; i < b.driveHigh().size(); i++) {
            v.append("    output wire HIGH").append(i).append(",\n");
        }
        if (s.weightsFromFlash()) {
            v.append("    output wire FLASH_SCK,\n    output wire FLASH_SSB,\n    output wire FLASH_MOSI,\n    input  wire FLASH_MISO,\n");
        }
        v.append("    output wire LED_BUSY,\n    output wire LED_ERROR\n);\n");
        v.append("    wire clk;\n    wire locked;\n`ifdef INTFORMER_SIM\n    assign clk = CLK;\n    assign locked = 1'b1;\n`else\n");
        if (s.pll() == null) {
            v.append("    assign clk = CLK;\n    assign locked = 1'b1;\n");
        } else {
            Pll p = s.pll();
            v.append("    ").append(b.pllPad() ? "SB_PLL40_PAD" : "SB_PLL40_CORE").append(" #(\n")
                    .append("        .FEEDBACK_PATH(\"SIMPLE\"),\n")
                    .append(String.format(Locale.ROOT, "        .DIVR(4'd%d),%n        .DIVF(7'd%d),%n        .DIVQ(3'd%d),%n        .FILTER_RANGE(3'd%d)%n",
                            p.divr(), p.divf(), p.divq(), p.filterRange()))
                    .append("    ) pll (\n        .").append(b.pllPad() ? "PACKAGEPIN" : "REFERENCECLK")
                    .append("(CLK),\n        .PLLOUTGLOBAL(clk),\n        .LOCK(locked),\n        .RESETB(1'b1),\n        .BYPASS(1'b0)\n    );\n");
        }
        v.append("`endif\n");
        for (int i = 0; i < b.driveHigh().size(); i++) {
            v.append("    assign HIGH").append(i).append(" = 1'b1;\n");
        }
        v.append("    // reset: asserted asynchronously (PLL not locked").append(b.resetButtonPin() > 0 ? ", button pressed" : "")
                .append("), released synchronously after 4 cycles\n");
        v.append("    wire arst_n = locked").append(b.resetButtonPin() > 0 ? " & BTN_N" : "").append(";\n");
        v.append("    reg [3:0] rsync = 4'd0;\n    always @(posedge clk or negedge arst_n)\n"
                + "        if (!arst_n) rsync <= 4'd0;\n        else rsync <= {rsync[2:0], 1'b1};\n    wire rst = !rsync[3];\n\n");
        int inAw = Widths.clog2(in.size());
        int outAw = Widths.clog2(out.size());
        v.append("    wire rx_valid, tx_go, tx_busy, core_start, core_busy, core_done, in_we, link_idle, error_pulse;\n");
        v.append("    wire [7:0] rx_data, tx_data;\n");
        v.append("    wire [").append(inAw - 1).append(":0] in_addr;\n    wire [").append(in.bits() - 1).append(":0] in_data;\n");
        v.append("    wire [").append(outAw - 1).append(":0] out_addr;\n    wire [").append(out.bits() - 1).append(":0] out_data;\n");
        v.append("    intformer_uart_rx #(.CLKS_PER_BIT(").append(s.clocksPerBit()).append(")) uart_rx (.clk(clk), .rst(rst), .rx(RX), .valid(rx_valid), .data(rx_data));\n");
        v.append("    intformer_uart_tx #(.CLKS_PER_BIT(").append(s.clocksPerBit()).append(")) uart_tx (.clk(clk), .rst(rst), .go(tx_go), .data(tx_data), .busy(tx_busy), .tx(TX));\n");
        Design d = core.design();
        boolean spram = d.weightMemory() == WeightMemory.SPRAM;
        int wAw = Widths.clog2(d.weights().depth());
        v.append("    wire w_we;\n    wire [").append(wAw - 1).append(":0] w_addr;\n    wire [").append(d.weights().width() - 1)
                .append(":0] w_data;\n");
        boolean flash = s.weightsFromFlash();
        v.append("    wire fl_valid, fl_done;\n    wire [7:0] fl_data;\n");
        if (flash) {
            v.append(String.format(Locale.ROOT, "    // the weights from the flash after reset: %d bytes at 0x%06x%n", WeightImage.of(d).bytes().length,
                    b.spiFlash().weightsOffset()));
            v.append(String.format(Locale.ROOT, "    intformer_flash #(.ADDR(24'h%06x), .BYTES(%d), .WAKE(%d)) flash (.clk(clk), .rst(rst),%n"
                    + "        .sck(FLASH_SCK), .cs_n(FLASH_SSB), .mosi(FLASH_MOSI), .miso(FLASH_MISO), .valid(fl_valid), .data(fl_data), .done(fl_done));%n",
                    b.spiFlash().weightsOffset(), WeightImage.of(d).bytes().length, s.flashWakeCycles()));
        } else {
            v.append("    assign fl_valid = 1'b0;\n    assign fl_done = 1'b0;\n    assign fl_data = 8'd0;\n");
        }
        v.append(String.format(Locale.ROOT, "    intformer_link #(.IN_N(%d), .IN_BITS(%d), .IN_AW(%d), .OUT_N(%d), .OUT_BITS(%d), .OUT_AW(%d), .OUT_SIGNED(%d),%n"
                        + "        .MODEL_HASH(32'h%08x), .TIMEOUT(%d), .LANES(%d), .W_DEPTH(%d), .W_AW(%d), .W_BITS(%d), .W_BYTES(%d), .W_CRC(16'h%04x), .FLASH(%d)) link (%n",
                in.size(), in.bits(), inAw, out.size(), out.bits(), outAw, out.signed() ? 1 : 0, hash, s.timeoutCycles(), d.lanes(),
                spram ? d.weights().depth() : 0, wAw, d.weights().width(), d.weightWordBytes(), spram ? WeightImage.of(d).crc() : 0, flash ? 1 : 0));
        v.append("        .clk(clk), .rst(rst), .rx_valid(rx_valid), .rx_data(rx_data), .tx_go(tx_go), .tx_data(tx_data), .tx_busy(tx_busy),\n"
                + "        .core_start(core_start), .core_done(core_done), .in_we(in_we), .in_addr(in_addr), .in_data(in_data),\n"
                + "        .out_addr(out_addr), .out_data(out_data), .w_we(w_we), .w_addr(w_addr), .w_data(w_data), .idle(link_idle),\n"
                + "        .error_pulse(error_pulse), .fl_valid(fl_valid), .fl_data(fl_data), .fl_done(fl_done));\n");
        v.append("    ").append(core.top()).append(" core (.clk(clk), .rst(rst), .start(core_start), .busy(core_busy), .done(core_done),\n"
                + "        .in_we(in_we), .in_addr(in_addr), .in_data(in_data), .out_addr(out_addr), .out_data(out_data)")
                .append(spram ? ",\n        .w_we(w_we), .w_addr(w_addr), .w_data(w_data)" : "").append(");\n\n");
        long stretch = Math.max(1, Math.round(s.clockMhz() * 1e6 * 0.2));
        int sw = 64 - Long.numberOfLeadingZeros(stretch);
        v.append("    // LEDs: busy while a request is handled; error for 0.2 s after a rejected frame\n");
        v.append("    reg [").append(sw - 1).append(":0] err_hold = 0;\n");
        v.append("    always @(posedge clk) err_hold <= error_pulse ? ").append(sw).append("'d").append(stretch)
                .append(" : err_hold - (err_hold != 0);\n");
        v.append("    wire busy_on = !link_idle;\n    wire error_on = err_hold != 0;\n");
        if (rgb) {
            String[] pwm = {"1'b0", "1'b0", "1'b0"};
            pwm[b.busyLed().rgb()] = "busy_on";
            pwm[b.errorLed().rgb()] = "error_on";
            String[] pin = {"", "", ""};
            pin[b.busyLed().rgb()] = "LED_BUSY";
            pin[b.errorLed().rgb()] = "LED_ERROR";
            v.append("`ifdef INTFORMER_SIM\n    assign LED_BUSY = !busy_on;\n    assign LED_ERROR = !error_on;\n`else\n");
            v.append("    SB_RGBA_DRV #(.CURRENT_MODE(\"0b1\"), .RGB0_CURRENT(\"0b000001\"), .RGB1_CURRENT(\"0b000001\"), .RGB2_CURRENT(\"0b000001\")) rgb (\n")
                    .append("        .CURREN(1'b1), .RGBLEDEN(1'b1), .RGB0PWM(").append(pwm[0]).append("), .RGB1PWM(").append(pwm[1])
                    .append("), .RGB2PWM(").append(pwm[2]).append(")");
            for (int c = 0; c < 3; c++) {
                if (!pin[c].isEmpty()) {
                    v.append(", .RGB").append(c).append("(").append(pin[c]).append(")");
                }
            }
            v.append(");\n`endif\n");
        } else {
            v.append("    assign LED_BUSY = ").append(b.busyLed().activeLow() ? "!" : "").append("busy_on;\n");
            v.append("    assign LED_ERROR = ").append(b.errorLed().activeLow() ? "!" : "").append("error_on;\n");
        }
        v.append("endmodule\n");
        return v.toString();
    }
}
