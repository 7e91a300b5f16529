package org.intformer.board;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.intformer.UserError;
import org.intformer.io.Json;

/**
 * A development board, read from its description file (one JSON file per board; the built-in ones are
 * {@code src/main/resources/org/intformer/board/boards/NAME.json}, and {@code --board} also takes a path):
 * the oscillator and how it reaches the PLL, the UART pins of the USB bridge, the LEDs, a reset button, pins
 * that must be driven high (a shared flash's chip select) and the flash command.
 *
 * @param name          short name ({@code --board})
 * @param title         the board's full name
 * @param pinoutSource  where the pin numbers come from
 * @param oscillatorMhz on-board oscillator
 * @param clockPin      package pin of the oscillator
 * @param pllPad        the oscillator pin is the PLL's pad (SB_PLL40_PAD), else the PLL takes it from the fabric (SB_PLL40_CORE)
 * @param rxPin         FPGA receive (from the USB bridge)
 * @param txPin         FPGA transmit
 * @param resetButtonPin active-low reset button, 0 if none
 * @param busyLed       lit while a request is being handled
 * @param errorLed      lit for a moment when a frame is rejected
 * @param driveHigh     pins the top drives high
 * @param flashCommand  command that writes the bitstream to the board's flash, {@code {bin}} for its path
 * @param spiFlash      the configuration flash as the design reads weights from it, null if the board has none it can use
 */
public record Board(String name, String title, String pinoutSource, double oscillatorMhz, int clockPin, boolean pllPad,
                    int rxPin, int txPin, int resetButtonPin, Led busyLed, Led errorLed, List<Integer> driveHigh,
                    String flashCommand, SpiFlash spiFlash) {

    /** The boards described in the resources. */
    public static final List<String> BUILT_IN = List.of("icebreaker", "upduino3");

    /**
     * An LED: on a package pin ({@code rgb} &lt; 0), or on a channel 0-2 of the UP5K's constant-current RGB
     * driver (SB_RGBA_DRV, pins 39, 40, 41), which is always active low.
     */
    public record Led(int pin, boolean activeLow, int rgb) {
    }

    /**
     * The SPI configuration flash wired to the FPGA's fabric pins after configuration (SPI mode 0, READ 0x03).
     *
     * @param sck           clock pin
     * @param csn           chip select pin (active low)
     * @param mosi          FPGA to flash (IO0)
     * @param miso          flash to FPGA (IO1)
     * @param weightsOffset byte address where the weight image goes, after the bitstream
     * @param commands      commands that write an image at an offset, {@code {offset}} and {@code {bin}} for its path
     */
    public record SpiFlash(int sck, int csn, int mosi, int miso, int weightsOffset, List<String> commands) {
        public SpiFlash {
            commands = List.copyOf(commands);
        }

        /** The commands that write {@code bin} at the weights' offset. */
        public List<String> commands(Path bin) {
            return commands.stream().map(c -> c.replace("{offset}", Integer.toString(weightsOffset)).replace("{bin}", bin.toString())).toList();
        }
    }

    public Board {
        driveHigh = List.copyOf(driveHigh);
    }

    /** The flash command for {@code bin}. */
    public String flashCommand(Path bin) {
        return flashCommand.replace("{bin}", bin.toString());
    }

    /** A built-in board by name, or a description file by path. */
    public static Board load(String nameOrPath) {
        String resource = "boards/" + nameOrPath + ".json";
        try (InputStream in = Board.class.getResourceAsStream(resource)) {
            if (in != null) {
                return parse(Json.MAPPER.readTree(in), nameOrPath);
            }
        } catch (IOException e) {
            throw new UserError("cannot read board " + nameOrPath + ": " + e.getMessage());
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new UserError("unknown board '" + nameOrPath + "': not one of " + BUILT_IN + " and not a board file");
        }
        try {
            return parse(Json.MAPPER.readTree(p.toFile()), p.toString());
        } catch (IOException e) {
            throw new UserError("board file " + p + ": " + e.getMessage());
        }
    }

    static Board parse(JsonNode n, String where) {
        String device = text(n, "device", where);
        if (!device.equals("ice40up5k") || !text(n, "package", where).equals("sg48")) {
            throw new UserError(where + ": only the iCE40 UP5K in the SG48 package is supported, got " + device);
        }
        JsonNode osc = node(n, "oscillator", where);
        String pll = text(osc, "pll", where + ".oscillator");
        if (!pll.equals("pad") && !pll.equals("core")) {
            throw new UserError(where + ": oscillator.pll must be pad or core, got " + pll);
        }
        JsonNode uart = node(n, "uart", where);
        JsonNode leds = node(n, "leds", where);
        List<Integer> high = new ArrayList<>();
        for (JsonNode h : n.path("drive_high")) {
            high.add(pin(h, where + ".drive_high"));
        }
        double mhz = node(osc, "mhz", where + ".oscillator").asDouble();
        if (!(mhz > 0)) {
            throw new UserError(where + ": oscillator.mhz must be positive");
        }
        Led busy = led(node(leds, "busy", where), where + ".leds.busy");
        Led error = led(node(leds, "error", where), where + ".leds.error");
        if ((busy.rgb() < 0) != (error.rgb() < 0) || busy.rgb() >= 0 && busy.rgb() == error.rgb()) {
            throw new UserError(where + ": the busy and error LEDs must both be pins or two different RGB channels");
        }
        return new Board(text(n, "name", where), text(n, "title", where), text(n, "pinout_source", where), mhz,
                pin(node(osc, "pin", where), where + ".oscillator.pin"), pll.equals("pad"),
                pin(node(uart, "rx", where), where + ".uart.rx"), pin(node(uart, "tx", where), where + ".uart.tx"),
                n.has("reset_button_n") ? pin(n.get("reset_button_n"), where + ".reset_button_n") : 0,
                busy, error,
                high, text(n, "flash", where), n.has("spi_flash") ? spiFlash(n.get("spi_flash"), where + ".spi_flash") : null);
    }

    private static SpiFlash spiFlash(JsonNode n, String where) {
        JsonNode off = node(n, "weights_offset", where);
        // the reader sends a 24-bit address: the image must end inside the first 16 MiB
        if (!off.canConvertToInt() || off.asInt() < 0 || off.asInt() >= 1 << 24) {
            throw new UserError(where + ": weights_offset must be a byte address below 16 MiB, got " + off);
        }
        List<String> cmds = new ArrayList<>();
        for (JsonNode c : node(n, "commands", where)) {
            cmds.add(c.asText());
        }
        return new SpiFlash(pin(node(n, "sck", where), where + ".sck"), pin(node(n, "cs_n", where), where + ".cs_n"),
                pin(node(n, "mosi", where), where + ".mosi"), pin(node(n, "miso", where), where + ".miso"), off.asInt(), cmds);
    }

    private static Led led(JsonNode n, String where) {
        if (n.has("rgb")) {
            int c = n.get("rgb").asInt(-1);
            if (c < 0 || c > 2) {
                throw new UserError(where + ": rgb must be a channel 0-2 of the RGB driver");
            }
            return new Led(39 + c, true, c);
        }
        return new Led(pin(node(n, "pin", where), where + ".pin"), n.path("active_low").asBoolean(false), -1);
    }

    private static int pin(JsonNode n, String where) {
        int p = n.asInt(-1);
        if (!n.isInt() || p < 1 || p > 48) {
            throw new UserError(where + ": a pin of the SG48 package is a number 1-48, got " + n);
        }
        return p;
    }

    private static JsonNode node(JsonNode n, String key, String where) {
        if (!n.hasNonNull(key)) {
            throw new UserError(where + ": missing '" + key + "'");
        }
        return n.get(key);
    }

    private static String text(JsonNode n, String key, String where) {
        return node(n, key, where).asText();
    }
}
