package org.intformer.board;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.UserError;
import org.intformer.hw.CostModel;
import org.intformer.hw.Design;
import org.intformer.hw.GeneratedDesign;
import org.intformer.hw.HwOptions;
import org.intformer.hw.VerilogGenerator;
import org.intformer.hw.WeightMemory;
import org.intformer.hw.synth.HwReport;
import org.intformer.hw.synth.Ice40Flow;
import org.intformer.hw.synth.Target;
import org.intformer.hw.synth.Tools;
import org.intformer.integer.IntModel;
import org.intformer.io.AtomicFiles;
import org.intformer.io.Json;

/**
 * {@code intformer board}: the accelerator of a model in its board top, through the open iCE40 flow with the
 * board's pins, to {@code DIR/board.bin} and {@code DIR/report.json}.
 */
public final class BoardBuild {
    public static final String BITSTREAM = "board.bin";
    public static final String REPORT = "report.json";
    /** The weights' flash image (with {@code --weights-from flash}), written at the board's weights offset. */
    public static final String FLASH_WEIGHTS = "weights.bin";
    /**
     * The default clock: a PLL output below the routed Fmax of the paper configuration's board top on the
     * iCEBreaker (README "On a board": 35.1 MHz at 4 lanes with the lean datapath this clock selects, 32.1 MHz with
     * the weights in SPRAM); 42 MHz gave 33.2 MHz routed with the earlier datapath.
     */
    public static final double DEFAULT_CLOCK_MHZ = 30;

    /** What the build produced; {@code bitstream} is null when the design does not fit. */
    public record Result(Map<String, Object> report, Path bitstream, String flashCommand, List<String> weightsFlashCommands) {
    }

    private BoardBuild() {
    }

    public static Result run(IntModel model, Board board, int lanes, double clockMhz, int baud, Path out) {
        return run(model, board, lanes, WeightMemory.BRAM, clockMhz, baud, out);
    }

    /** The build with the weights placed as {@code weights} says (AUTO: block RAM when it fits, else SPRAM). */
    public static Result run(IntModel model, Board board, int lanes, WeightMemory weights, double clockMhz, int baud, Path out) {
        return run(model, board, lanes, weights, false, clockMhz, baud, out);
    }

    /**
     * As above; with {@code fromFlash} the weights (in SPRAM) are read from the board's flash after reset.
     * <p>With auto lanes (0) placement has the last word: the cost model's choice is built first, and when nextpnr
     * finds that it does not fit, the next smaller lane count, until one fits (the report's {@code lanes_search}).
     * <p>With the auto clock ({@link #AUTO_CLOCK}) the build starts at {@link #DEFAULT_CLOCK_MHZ}; when the routed Fmax
     * is below the clock, it is built again at the PLL output just below {@link #CLOCK_MARGIN} of that Fmax, at most
     * {@link #CLOCK_RETRIES} times (the report's {@code clock_search}), so the bitstream runs at a clock it meets.
     */
    public static Result run(IntModel model, Board board, int lanes, WeightMemory weights, boolean fromFlash, double clockMhz,
                             int baud, Path out) {
        boolean autoClock = clockMhz == AUTO_CLOCK;
        BoardTop.Settings first = settings(board, weights, fromFlash, autoClock ? DEFAULT_CLOCK_MHZ : clockMhz, baud);
        Result r;
        if (lanes > 0) {
            r = build(model, board, lanes, weights, fromFlash, first, out, null, autoClock ? List.of() : null);
        } else {
            int start = Design.of(model, new HwOptions(0, Target.ICE40UP5K, weights, first.clockMhz())).lanes();
            r = firstThatFits(start, (p, tried) -> build(model, board, p, weights, fromFlash, first, out, tried,
                    autoClock ? List.of() : null));
        }
        if (!autoClock) {
            return r;
        }
        Map<?, ?> chosen = (Map<?, ?>) r.report().get("board");
        int p = ((Number) chosen.get("lanes")).intValue();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> laneTries = chosen.get("lanes_search") instanceof Map<?, ?> m
                ? (List<Map<String, Object>>) ((Map<String, Object>) m).get("tried") : null;
        return meetTiming(r, board.oscillatorMhz(), (mhz, tried) -> build(model, board, p, weights, fromFlash,
                settings(board, weights, fromFlash, mhz, baud), out, laneTries, tried));
    }

    /** {@code clockMhz} for {@link #run}: start at {@link #DEFAULT_CLOCK_MHZ} and lower the clock until timing is met. */
    public static final double AUTO_CLOCK = 0;
    /** The auto clock's target: this share of the routed Fmax it failed (nextpnr's Fmax moves with its constraint). */
    static final double CLOCK_MARGIN = 0.97;
    /** Rebuilds the auto clock may take after the first build. */
    static final int CLOCK_RETRIES = 2;

    /** One build of a clock search at {@code clockMhz}: {@code tried} is what the search tried before it. */
    interface ClockBuild {
        Result build(double clockMhz, List<Map<String, Object>> tried);
    }

    /**
     * {@code first}, or when it fits but misses its clock, a rebuild at the PLL output below {@link #CLOCK_MARGIN} of its
     * routed Fmax, while timing is missed, at most {@link #CLOCK_RETRIES} times; the last build is the result.
     */
    static Result meetTiming(Result first, double oscillatorMhz, ClockBuild build) {
        List<Map<String, Object>> tried = new java.util.ArrayList<>();
        Result r = first;
        for (int retry = 0; retry < CLOCK_RETRIES; retry++) {
            Map<?, ?> b = (Map<?, ?>) r.report().get("board");
            if (!Boolean.TRUE.equals(b.get("fits")) || Boolean.TRUE.equals(b.get("timing_met")) || !(b.get("fmax_mhz") instanceof Number f)) {
                return r;
            }
            double limit = CLOCK_MARGIN * f.doubleValue();
            if (limit < Pll.MIN_OUT_MHZ) {
                return r;
            }
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("clock_mhz", b.get("clock_mhz"));
            attempt.put("fmax_mhz", f);
            tried.add(attempt);
            r = build.build(Pll.atMost(oscillatorMhz, limit).outputMhz(), List.copyOf(tried));
        }
        return r;
    }

    /** One build of a lane search: {@code tried} is what the search tried before it (listed in the report). */
    interface LaneBuild {
        Result build(int lanes, List<Map<String, Object>> tried);
    }

    /**
     * Builds with {@code first} lanes, then with each smaller auto candidate while the design does not fit; the last
     * build (fitting, or one lane) is the result.
     */
    static Result firstThatFits(int first, LaneBuild build) {
        List<Map<String, Object>> tried = new java.util.ArrayList<>();
        for (int p = first; ; ) {
            Result r = build.build(p, List.copyOf(tried));
            Map<?, ?> b = (Map<?, ?>) r.report().get("board");
            int next = CostModel.nextAutoCandidate(p);
            if (Boolean.TRUE.equals(b.get("fits")) || next == 0) {
                return r;
            }
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("lanes", p);
            attempt.put("fits", false);
            attempt.put("over_limit", b.get("over_limit"));
            tried.add(attempt);
            p = next;
        }
    }

    private static BoardTop.Settings settings(Board board, WeightMemory weights, boolean fromFlash, double clockMhz, int baud) {
        BoardTop.Settings s = BoardTop.Settings.of(board, clockMhz, baud);
        if (fromFlash) {
            s = s.withWeightsFromFlash();
            if (weights == WeightMemory.BRAM) {
                throw new UserError("--weights-from flash loads weights into SPRAM: use it with --weights spram (or auto)");
            }
        }
        return s;
    }

    /**
     * One build with {@code lanes} lanes; {@code triedOrNull}: the lane search before it (null for explicit lanes);
     * {@code clockTriesOrNull}: the clock search before it (null for an explicit clock).
     */
    private static Result build(IntModel model, Board board, int lanes, WeightMemory weights, boolean fromFlash,
                                BoardTop.Settings s, Path out, List<Map<String, Object>> triedOrNull,
                                List<Map<String, Object>> clockTriesOrNull) {
        // built for the board's clock: at the default 30 MHz the iCE40 datapath adds in whole words (README, "On a board")
        Design design = Design.of(model, new HwOptions(lanes, Target.ICE40UP5K, weights, s.clockMhz()));
        GeneratedDesign core = VerilogGenerator.write(design, out.resolve("rtl"));
        List<Path> sources = BoardTop.write(core, s);
        Ice40Flow.Result flow;
        try {
            flow = Ice40Flow.run(Tools.fromEnvironment(), core.dir(),
                    sources.stream().map(p -> core.dir().relativize(p).toString()).toList(), BoardTop.MODULE, s.clockMhz(),
                    BoardTop.PCF_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path bin = null;
        if (flow.bitstream() != null) {
            bin = out.resolve(BITSTREAM);
            AtomicFiles.write(bin, read(flow.bitstream()));
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", board.name());
        b.put("title", board.title());
        b.put("clock_mhz", s.clockMhz());
        b.put("pll", s.pll() == null ? null : Map.of("divr", s.pll().divr(), "divf", s.pll().divf(), "divq", s.pll().divq(),
                "filter_range", s.pll().filterRange(), "method", "icepll's search (SIMPLE feedback)"));
        b.put("fmax_mhz", Double.isNaN(flow.fmaxMhz()) ? null : Math.round(flow.fmaxMhz() * 100) / 100.0);
        b.put("timing_met", flow.fits() && flow.timingMet());
        b.put("fits", flow.fits());
        b.put("over_limit", flow.overLimit());
        b.put("resources", HwReport.resources(Target.ICE40UP5K, flow.resources()));
        b.put("weights", design.weightMemory().id());
        if (design.weightMemory() == WeightMemory.SPRAM) {
            WeightImage w = WeightImage.of(design);
            Map<String, Object> load = new LinkedHashMap<>();
            load.put("words", w.words());
            load.put("word_bits", w.wordBits());
            load.put("word_bytes", w.wordBytes());
            load.put("sprams", design.weightSprams());
            load.put("crc16", String.format("%04x", w.crc()));
            load.put("frames", w.payloads(WeightImage.WORDS_PER_FRAME).size());
            load.put("wire_bytes", w.wireBytes(WeightImage.WORDS_PER_FRAME));
            load.put("seconds_at_baud", Math.round(1e4 * (w.wireBytes(WeightImage.WORDS_PER_FRAME)
                    + w.payloads(WeightImage.WORDS_PER_FRAME).size() * (long) Frame.wireBytes(DeviceStatus.BYTES)) * LinkTiming.BITS_PER_BYTE
                    / (double) s.baud()) / 1e4);
            load.put("method", "LOAD frames and their STATUS replies at 10 bit times per byte; computed, not measured");
            b.put("weight_load", load);
            b.put("weights_from", fromFlash ? "flash" : "serial link");
        }
        List<String> weightsFlash = List.of();
        if (fromFlash) {
            byte[] image = WeightImage.of(design).bytes();
            AtomicFiles.write(out.resolve(FLASH_WEIGHTS), image);
            weightsFlash = board.spiFlash().commands(out.resolve(FLASH_WEIGHTS));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("image", FLASH_WEIGHTS);
            f.put("offset", board.spiFlash().weightsOffset());
            f.put("bytes", image.length);
            f.put("pins", Map.of("sck", board.spiFlash().sck(), "cs_n", board.spiFlash().csn(), "mosi", board.spiFlash().mosi(),
                    "miso", board.spiFlash().miso()));
            f.put("commands", weightsFlash);
            b.put("weights_flash", f);
        }
        b.put("lanes", design.lanes());
        if (triedOrNull != null) {
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("chosen_by", triedOrNull.isEmpty() ? "cost model, confirmed by placement" : "placement");
            search.put("tried", triedOrNull);
            b.put("lanes_search", search);
        }
        if (clockTriesOrNull != null) {
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("chosen_by", clockTriesOrNull.isEmpty() ? "the default" : "below the routed Fmax of the build before");
            search.put("tried", clockTriesOrNull);
            b.put("clock_search", search);
        }
        b.put("cycles", design.cycles());
        b.put("baud", s.baud());
        b.put("clocks_per_bit", s.clocksPerBit());
        b.put("model_hash", String.format("%08x", ModelHash.of(model)));
        b.put("pins", Map.of("clk", board.clockPin(), "rx", board.rxPin(), "tx", board.txPin(),
                "led_busy", board.busyLed().pin(), "led_error", board.errorLed().pin()));
        b.put("timing", flow.timing() == null ? null : flow.timing().toMap());
        // latency at the clock the design meets: the PLL's, or the routed Fmax if lower; none when it did not route
        b.put("link", LinkTiming.of(model, s.baud(), design.cycles(), flow.fits() ? Math.min(s.clockMhz(), flow.fmaxMhz()) : Double.NaN).toMap());
        String flash = bin == null ? null : board.flashCommand(bin);
        b.put("flash_command", flash);
        b.put("bitstream", bin == null ? null : BITSTREAM);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("board", b);
        Json.writeAtomically(out.resolve(REPORT), report);
        return new Result(report, bin, flash, weightsFlash);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
