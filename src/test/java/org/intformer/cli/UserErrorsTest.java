package org.intformer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bad input gives exit code 2 and one line on stderr naming the problem, never a stack trace. */
class UserErrorsTest {
    @TempDir
    Path dir;

    private static final String HEADER = "date,a,OT\n";

    private Path csv(String body) throws IOException {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, HEADER + body);
        return f;
    }

    private static String rows(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("2020-01-%02d %02d:00:00,%d,%d%n", 1 + i / 24, i % 24, i % 7, i % 5));
        }
        return sb.toString();
    }

    private static void assertUserError(CommandsEndToEndTest.Run r, String... fragments) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        String first = r.err().lines().findFirst().orElse("");
        assertThat(first).startsWith("intformer: error: ");
        for (String f : fragments) {
            assertThat(first).contains(f);
        }
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    private CommandsEndToEndTest.Run train(Path data, String... more) {
        return CommandsEndToEndTest.run(CommandsEndToEndTest.args(new String[] {"train", "--data", data.toString(),
                "--lookback", "8", "--horizon", "2", "--d-model", "8", "--epochs", "1", "--quiet", "--out", dir.resolve("o").toString()}, more));
    }

    @Test
    void missingFile() {
        assertUserError(train(dir.resolve("nope.csv")), "nope.csv");
    }

    @Test
    void missingTargetColumn() throws IOException {
        assertUserError(train(csv(rows(200)), "--target", "XYZ"), "XYZ");
    }

    @Test
    void nonNumericCell() throws IOException {
        assertUserError(train(csv(rows(10) + "2020-01-01 10:00:00,abc,1\n")), "line 12", "'a'", "abc");
    }

    @Test
    void nanCell() throws IOException {
        assertUserError(train(csv(rows(10) + "2020-01-01 10:00:00,NaN,1\n")), "line 12", "'a'");
    }

    @Test
    void emptyCell() throws IOException {
        assertUserError(train(csv(rows(10) + "2020-01-01 10:00:00,,1\n")), "line 12", "'a'");
    }

    @Test
    void nonIncreasingTimestamps() throws IOException {
        assertUserError(train(csv("2020-01-01 01:00:00,1,1\n2020-01-01 00:00:00,1,1\n")), "line 3", "date");
    }

    @Test
    void seriesTooShortForOneWindow() throws IOException {
        assertUserError(train(csv(rows(12))), "data.csv");
    }

    @Test
    void dModelNotDivisibleByHeads() throws IOException {
        assertUserError(train(csv(rows(200)), "--heads", "3"), "heads");
    }

    @Test
    void lookbackNotDivisibleByPatch() throws IOException {
        assertUserError(train(csv(rows(200)), "--patch", "3"), "patch");
    }

    @Test
    void modelLargerThanMaxParams() throws IOException {
        assertUserError(train(csv(rows(200)), "--max-params", "100"), "max-params");
    }

    @Test
    void unknownOption() {
        CommandsEndToEndTest.Run r = CommandsEndToEndTest.run("train", "--dmodel", "8");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--d-model").doesNotContain("\tat ");
    }

    @Test
    void corruptModelFile() throws IOException {
        Path bad = dir.resolve("model.ifm");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        assertUserError(CommandsEndToEndTest.run("eval", "--model", bad.toString()), "model.ifm");
    }

    /** A learning rate that blows the weights up: no model of untrained weights written as "best epoch 0". */
    @Test
    void trainingThatDiverges() throws IOException {
        // Without the linear path: its least-squares start fits these periodic rows exactly, leaving no gradient.
        assertUserError(train(csv(rows(300)), "--lr", "1e30", "--no-linear-path"), "diverged", "lr");
        assertThat(dir.resolve("o/model.ifm")).doesNotExist();
    }
}
