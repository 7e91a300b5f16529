package org.intformer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Impossible weight-average settings: exit code 2 and one line naming the key, never a stack trace. */
class WeightAverageOptionsTest {
    @TempDir
    Path dir;

    private CommandsEndToEndTest.Run train(String... more) {
        return CommandsEndToEndTest.run(CommandsEndToEndTest.args(new String[] {"train", "--synthetic-rows", "300",
                "--lookback", "8", "--horizon", "2", "--d-model", "8", "--epochs", "1", "--quiet", "--out", dir.resolve("o").toString()}, more));
    }

    private static void assertUserError(CommandsEndToEndTest.Run r, String key) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("intformer: error: ").contains(key).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aDecayOutsideTheOpenUnitIntervalIsAUserError() {
        for (String d : new String[] {"0", "1", "1.5", "-0.1", "NaN"}) {
            assertUserError(train("--weight-average", "ema", "--ema-decay", d), "ema-decay");
        }
        // checked whether or not averaging is on: a config file's bad value is not silently ignored
        assertUserError(train("--ema-decay", "1"), "ema-decay");
    }

    @Test
    void anUnknownAverageIsAUserError() {
        assertUserError(train("--weight-average", "swa"), "weight-average");
        assertUserError(train("--qat-weight-average", "polyak"), "qat-weight-average");
    }

    @Test
    void theKeysAreAcceptedAndTrainingRuns() {
        CommandsEndToEndTest.Run r = train("--weight-average", "ema", "--ema-decay", "0.99");
        assertThat(r.code()).as(r.err()).isZero();
    }
}
