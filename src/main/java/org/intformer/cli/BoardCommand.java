package org.intformer.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.intformer.app.HwJob;
import org.intformer.board.Board;
import org.intformer.board.BoardBuild;
import org.intformer.board.BoardTop;
import org.intformer.integer.IntModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code intformer board}: a bitstream for a board, with the serial protocol around the accelerator. */
@Command(name = "board", description = {"Generate the accelerator of an integer model (.iqm) in a board's top level (PLL, "
        + "reset synchronizer, UART with the serial protocol of docs/BOARD.md, LEDs, the board's pins) and run yosys, "
        + "nextpnr-ice40 and icepack to DIR/board.bin and DIR/report.json. The flash command is printed, not run."})
final class BoardCommand implements Callable<Integer> {
    @Mixin
    DesignOptions design;

    @Option(names = "--board", defaultValue = "icebreaker", paramLabel = "BOARD",
            description = "icebreaker, upduino3, or a board description file (default: icebreaker).")
    String board;

    @Option(names = "--clock", defaultValue = "auto", paramLabel = "MHZ",
            description = "Accelerator clock in MHz, made by the PLL from the board's oscillator, or auto: "
                    + (int) BoardBuild.DEFAULT_CLOCK_MHZ + " MHz, lowered below the routed Fmax when that is lower (default: auto).")
    String clock;

    @Option(names = "--baud", defaultValue = "" + BoardTop.DEFAULT_BAUD, paramLabel = "B",
            description = "UART baud rate (default: ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--weights-from", defaultValue = "link", paramLabel = "SOURCE",
            description = "With the weights in SPRAM: link (LOAD frames after every power-up, `device load`) or flash (read "
                    + "from the board's SPI flash after reset, written there once from DIR/weights.bin; LOAD still overrides). Default: link.")
    String weightsFrom;


    @Option(names = "--out", defaultValue = "runs/board", paramLabel = "DIR", description = "Output directory (default: runs/board).")
    Path out;

    @Spec
    CommandSpec spec;

    /** {@code --clock}: MHz, or {@link BoardBuild#AUTO_CLOCK} for auto. */
    private double clockMhz() {
        if (clock.trim().equalsIgnoreCase("auto")) {
            return BoardBuild.AUTO_CLOCK;
        }
        try {
            double mhz = Double.parseDouble(clock.trim());
            if (mhz > 0 && !Double.isInfinite(mhz)) {
                return mhz;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new org.intformer.UserError("--clock must be a frequency in MHz or auto, got '" + clock + "'");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        int p = design.lanes();
        Path model = design.model;
        if (!weightsFrom.equals("link") && !weightsFrom.equals("flash")) {
            throw new org.intformer.UserError("--weights-from must be link or flash, got '" + weightsFrom + "'");
        }
        Board b = Board.load(board);
        org.intformer.integer.IntModel m = IntModelFile.read(model);
        HwJob.requireBoardSupported(m, model.toString());
        BoardBuild.Result r = BoardBuild.run(m, b, p, design.weights(), weightsFrom.equals("flash"), clockMhz(), baud, out);
        Map<String, Object> rb = (Map<String, Object>) r.report().get("board");
        var w = spec.commandLine().getOut();
        w.printf("%s: clock %s MHz (PLL), routed Fmax %s MHz, %s lanes, %s cycles per inference, weights in %s%n", b.title(),
                rb.get("clock_mhz"), rb.get("fmax_mhz"), rb.get("lanes"), rb.get("cycles"), rb.get("weights"));
        if (rb.get("lanes_search") instanceof Map<?, ?> search && search.get("tried") instanceof List<?> tried && !tried.isEmpty()) {
            for (Object t : tried) {
                Map<?, ?> attempt = (Map<?, ?>) t;
                w.printf("auto lanes: %s lanes did not fit the device after synthesis and placement (%s); fewer lanes tried%n",
                        attempt.get("lanes"), attempt.get("over_limit"));
            }
        }
        if (rb.get("clock_search") instanceof Map<?, ?> search && search.get("tried") instanceof List<?> tried) {
            for (Object t : tried) {
                Map<?, ?> attempt = (Map<?, ?>) t;
                w.printf("auto clock: %s MHz missed timing (routed Fmax %s MHz); built again below it%n",
                        attempt.get("clock_mhz"), attempt.get("fmax_mhz"));
            }
        }
        w.println("resources: " + rb.get("resources") + (Boolean.TRUE.equals(rb.get("fits")) ? " (fits)" : " (does NOT fit: " + rb.get("over_limit") + ")"));
        Map<String, Object> link = (Map<String, Object>) rb.get("link");
        w.printf("per window at %s baud: serial %s ms + compute %s ms = %s ms (computed from the frame bytes)%n", baud,
                link.get("serial_ms"), link.get("compute_ms") == null ? "-" : link.get("compute_ms"),
                link.get("total_ms") == null ? "-" : link.get("total_ms"));
        w.println("report: " + out.resolve(BoardBuild.REPORT));
        if (r.bitstream() == null) {
            w.println("no bitstream: the design does not fit the board's FPGA");
            return Main.EXIT_USER;
        }
        if (!Boolean.TRUE.equals(rb.get("timing_met"))) {
            w.printf("WARNING: the routed Fmax %s MHz is below the %s MHz clock; choose --clock at most the Fmax%n",
                    rb.get("fmax_mhz"), rb.get("clock_mhz"));
        }
        w.println("bitstream: " + r.bitstream());
        w.println("flash it with: " + r.flashCommand());
        if (!r.weightsFlashCommands().isEmpty()) {
            w.println("write the weights to the flash once (after the bitstream), with either of:");
            r.weightsFlashCommands().forEach(c -> w.println("  " + c));
            w.println("after every power-up the device reads them from the flash (`intformer device --port PORT status` says where they came from)");
        } else if ("spram".equals(rb.get("weights"))) {
            w.println("then, after every power-up, load the weights: intformer device --port PORT load --model " + model);
        }
        return Main.EXIT_OK;
    }
}
