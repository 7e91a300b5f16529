package org.intformer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.intformer.UserError;
import org.intformer.config.Build;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

class MainTest {

    @TempDir
    Path dir;

    /** Exit code and captured streams of one run. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result run(List<Supplier<Object>> commands, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(commands, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Result run(String... args) {
        return run(Main.SUBCOMMANDS, args);
    }

    /** A command that fails in the way its argument says, to exercise the error reporting. */
    @Command(name = "fail")
    static final class Fail implements Runnable {
        @Parameters
        String how;

        @Override
        public void run() {
            if (how.equals("user")) {
                throw new UserError("bad.csv:3: column 'OT' is not a number");
            }
            throw new IllegalStateException("broken invariant");
        }
    }

    private static final List<Supplier<Object>> WITH_FAIL = List.of(ConfigCommand::new, Fail::new);

    @Test
    void helpAndVersionExitZero() {
        Result help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: intformer").contains("config");
        assertThat(run("config", "--help").out()).contains("--d-model=D").contains("(default: 32)")
                .contains("--[no-]relative");
        Result version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out().strip()).isEqualTo("intformer " + Build.VERSION);
    }

    @Test
    void userErrorIsOneLineAndExitTwo() {
        Result r = run(WITH_FAIL, "fail", "user");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("intformer: error: bad.csv:3: column 'OT' is not a number");
    }

    @Test
    void invalidConfigValueIsAUserError() {
        Result r = run("config", "--d-model", "15");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("intformer: error: d-model = 15: must be even");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageErrorWithSuggestion() {
        Result r = run("config", "--dmodel", "32");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly(
                "intformer: error: Unknown options: '--dmodel', '32' (did you mean --d-model?)",
                "try 'intformer config --help'");
    }

    @Test
    void badOptionValueAndMissingCommandAreUsageErrors() {
        Result r = run("config", "--lookback", "many");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines().get(0)).isEqualTo("intformer: error: Invalid value for option '--lookback': 'many' is not an int");
        Result none = run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("intformer: error: missing command (one of: run, explore, train, qat, precision, export, hw, board, device, eval, predict, bench, bench-inference, config)");
        assertThat(run("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void internalErrorExitsOneWithStackTraceOnlyWhenDebugging() {
        Result quiet = run(WITH_FAIL, "fail", "bug");
        assertThat(quiet.code()).isEqualTo(1);
        assertThat(quiet.errLines().get(0))
                .isEqualTo("intformer: internal error: java.lang.IllegalStateException: broken invariant");
        assertThat(quiet.err()).doesNotContain("\tat ");
        Result debug = run(WITH_FAIL, "fail", "bug", "--debug");
        assertThat(debug.code()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat org.intformer.cli.MainTest$Fail.run");
        assertThat(run(WITH_FAIL, "--debug", "fail", "bug").err()).contains("\tat ");
    }

    @Test
    void configCommandPrintsTheResolvedConfigAsLoadableYaml() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "d-model: 32\nheads: 4\nnorm: layer\n");
        Result r = run("config", "--config", file.toString(), "--heads", "2", "--no-relative", "--norm", "BATCH");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("data: null\ntime-column: date\n")
                .contains("\nd-model: 32\nheads: 2\n").contains("\nnorm: batch\n").contains("\nrelative: false\n");
        Path printed = dir.resolve("printed.yaml");
        Files.writeString(printed, r.out());
        TrainConfig back = new ConfigLoader().load(printed, Map.of());
        assertThat(back.dModel()).isEqualTo(32);
        assertThat(back.heads()).isEqualTo(2);
        assertThat(back.relative()).isFalse();
    }

    @Test
    void configCommandReportsFileProblemsInOneLine() throws IOException {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "lookback: 24\ndmodel: 32\n");
        Result r = run("config", "--config", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("intformer: error: " + file + ":2: unknown key 'dmodel', did you mean 'd-model'?");
    }
}
