package org.intformer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.intformer.hw.HwModels;
import org.intformer.integer.IntModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** User errors of {@code board} and {@code device}: exit code 2 and one line, before any tool runs. */
class BoardCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void unknownBoardBadClockAndBadBaudAreUserErrors() {
        Path m = dir.resolve("m.iqm");
        IntModelFile.write(m, HwModels.random(3));
        Run board = run("board", "--model", m.toString(), "--board", "nosuch", "--out", dir.resolve("o").toString());
        assertThat(board.code()).isEqualTo(2);
        assertThat(board.err()).contains("unknown board 'nosuch'").hasLineCount(1);
        Run clock = run("board", "--model", m.toString(), "--clock", "5", "--out", dir.resolve("o").toString());
        assertThat(clock.code()).isEqualTo(2);
        assertThat(clock.err()).contains("outside the iCE40 PLL's output range").hasLineCount(1);
        Run text = run("board", "--model", m.toString(), "--clock", "fast", "--out", dir.resolve("o").toString());
        assertThat(text.code()).isEqualTo(2);
        assertThat(text.err()).contains("--clock must be a frequency in MHz or auto, got 'fast'").hasLineCount(1);
        Run baud = run("board", "--model", m.toString(), "--baud", "20000000", "--out", dir.resolve("o").toString());
        assertThat(baud.code()).isEqualTo(2);
        assertThat(baud.err()).contains("too high").hasLineCount(1);
    }

    @Test
    void weightsThatCannotGoWhereTheyAreAskedAreUserErrors() {
        Path m = dir.resolve("m.iqm");
        IntModelFile.write(m, HwModels.random(3));
        Run where = run("board", "--model", m.toString(), "--weights", "flash", "--out", dir.resolve("o").toString());
        assertThat(where.code()).isEqualTo(2);
        assertThat(where.err()).contains("--weights: weights must be bram, spram or auto").hasLineCount(1);
        Run wide = run("board", "--model", m.toString(), "--lanes", "256", "--weights", "spram", "--out", dir.resolve("o").toString());
        assertThat(wide.code()).isEqualTo(2);
        assertThat(wide.err()).contains("SPRAMs").hasLineCount(1);
        Run xc7 = run("hw", "--model", m.toString(), "--target", "xc7s15", "--lanes", "2", "--weights", "spram", "--no-verify",
                "--out", dir.resolve("h").toString());
        assertThat(xc7.code()).isEqualTo(2);
        assertThat(xc7.err()).contains("has no SPRAM").hasLineCount(1);
    }

    @Test
    void aMissingSerialPortIsAUserError() {
        Run r = run("device", "--port", "/dev/intformer-no-such-port", "status");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot open serial port").hasLineCount(1);
        Run load = run("device", "--port", "/dev/intformer-no-such-port", "load", "--model", dir.resolve("m.iqm").toString());
        assertThat(load.code()).isEqualTo(2);
        assertThat(load.err()).contains("cannot open serial port").hasLineCount(1);
        Run none = run("device", "--port", "/dev/x");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("choose a subcommand");
    }
}
