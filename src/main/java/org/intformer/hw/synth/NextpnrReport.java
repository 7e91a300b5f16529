package org.intformer.hw.synth;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads what nextpnr-ice40 0.4 reports: the {@code --report} JSON ({@code utilization.{BEL: {used,
 * available}}}, {@code fmax.{clock: {achieved, constraint}}}) and, as a fallback or when it failed before
 * writing the report, its log ({@code Info: \t ICESTORM_LC:   437/ 5280     8%} and
 * {@code Info: Max frequency for clock 'clk': 65.28 MHz (PASS at 12.00 MHz)}).
 */
public final class NextpnrReport {
    private static final Pattern UTIL = Pattern.compile("^Info:\\s+([A-Z0-9_]+):\\s+(\\d+)/\\s*(\\d+)\\s+\\d+%\\s*$");
    private static final Pattern FMAX = Pattern.compile(
            "Max frequency for clock\\s+'([^']*)':\\s+([0-9.]+) MHz");

    /** One BEL type's use. */
    public record Util(int used, int available) {
    }

    /**
     * @param utilisation BEL type to use (ICESTORM_LC, ICESTORM_RAM, ICESTORM_DSP, ICESTORM_SPRAM, SB_IO, ...)
     * @param fmaxByClock achieved Fmax per clock net, MHz (the final, post-route figures)
     * @param source      the file(s) the figures were read from, for error messages
     */
    public record Parsed(Map<String, Util> utilisation, Map<String, Double> fmaxByClock, String source) {
        /**
         * How many of a BEL type the design uses. nextpnr lists every BEL type of the device, used or not, so a type
         * that is not there is a parse miss, and an error naming the file: never "0 used, fits".
         */
        public int used(String bel) {
            Util u = utilisation.get(bel);
            if (u == null) {
                throw new IllegalStateException(source + ": no utilisation figure for " + bel
                        + " (nextpnr's 'Device utilisation' table was not found or not understood)");
            }
            return u.used();
        }

        /** The lowest Fmax of all clocks, NaN when there is none (a design without clocked logic). */
        public double fmaxMhz() {
            return fmaxByClock.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }
    }

    private NextpnrReport() {
    }

    /** Parses the {@code --report} JSON; {@code source} names the file in error messages. */
    public static Parsed fromReportJson(String json, String source) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, Util> util = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("utilization").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            util.put(e.getKey(), new Util(count(e.getValue(), "used", e.getKey(), source),
                    count(e.getValue(), "available", e.getKey(), source)));
        }
        Map<String, Double> fmax = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("fmax").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().has("achieved")) {
                JsonNode achieved = e.getValue().get("achieved");
                if (!achieved.isNumber()) {
                    throw new IOException(source + ": fmax." + e.getKey() + ".achieved is " + achieved + ", not a number");
                }
                fmax.put(e.getKey(), achieved.doubleValue());
            }
        }
        return new Parsed(util, fmax, source);
    }

    private static int count(JsonNode bel, String field, String type, String source) throws IOException {
        JsonNode n = bel.get(field);
        if (n == null || !n.canConvertToExactIntegral() || !n.canConvertToInt()) {
            throw new IOException(source + ": utilization." + type + "." + field + " is " + n + ", not a count");
        }
        return n.intValue();
    }

    /**
     * Parses the log ({@code source} names the file in error messages). Utilisation is the last "Device utilisation" table; Fmax is the last figure per clock
     * (nextpnr prints one after placement and one after routing). Pseudo-clocks nextpnr invents for
     * constant drivers ({@code $PACKER_GND_NET}, {@code $PACKER_VCC_NET}) are ignored.
     */
    public static Parsed fromLog(String log, String source) {
        Map<String, Util> util = new LinkedHashMap<>();
        Map<String, Double> fmax = new LinkedHashMap<>();
        for (String line : log.split("\\r?\\n")) {
            Matcher u = UTIL.matcher(line);
            if (u.matches()) {
                util.put(u.group(1), new Util(Integer.parseInt(u.group(2)), Integer.parseInt(u.group(3))));
                continue;
            }
            Matcher f = FMAX.matcher(line);
            if (f.find() && !f.group(1).contains("$PACKER_")) {
                fmax.put(f.group(1), Double.parseDouble(f.group(2)));
            }
        }
        return new Parsed(util, fmax, source);
    }
}
