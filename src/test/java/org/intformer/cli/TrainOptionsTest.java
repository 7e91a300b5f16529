package org.intformer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.intformer.config.ConfigKey;
import org.intformer.config.ConfigSchema;
import org.intformer.config.Origin;
import org.intformer.config.TrainConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

class TrainOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        TrainOptions options;
    }

    private static TrainOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.options;
    }

    private static List<OptionSpec> configOptions() {
        return new CommandLine(new Probe()).getCommandSpec().options().stream()
                .filter(o -> !o.longestName().equals("--config")).toList();
    }

    @Test
    void everyConfigKeyHasAFlagOfTheSameNameAndNothingElse() {
        assertThat(configOptions()).extracting(o -> o.longestName().substring(2))
                .containsExactlyElementsOf(ConfigSchema.names());
    }

    @Test
    void everyDescriptionShowsTheCurrentDefault() {
        TrainConfig defaults = TrainConfig.defaults();
        Pattern shown = Pattern.compile("\\(default: ([^)]*)\\)");
        for (OptionSpec option : configOptions()) {
            ConfigKey key = ConfigSchema.find(option.longestName().substring(2));
            Matcher m = shown.matcher(String.join(" ", option.description()));
            assertThat(m.find()).as(key.name() + " shows a default").isTrue();
            if (key.valueOf(defaults) == null) {
                continue; // "data": the description names the synthetic data set instead of "null"
            }
            // The shown text, read as that key's value, must equal the real default.
            TrainConfig parsed = ConfigSchema.overlay(defaults, Map.of(key.name(), m.group(1)), Origin.commandLine());
            assertThat(key.valueOf(parsed)).as(key.name()).isEqualTo(key.valueOf(defaults));
        }
    }

    @Test
    void overridesHoldOnlyTheGivenFlags() {
        assertThat(parse().overrides()).isEmpty();
        TrainOptions options = parse("--config", "c.yaml", "--d-model", "32", "--lr", "0.01", "--norm", "layer",
                "--seed", "9");
        assertThat(options.overrides()).containsExactly(
                Map.entry("d-model", 32), Map.entry("norm", "layer"), Map.entry("lr", 0.01), Map.entry("seed", 9L));
        assertThat(options.configFile()).hasToString("c.yaml");
    }

    @Test
    void relativeIsNegatable() {
        assertThat(parse("--relative").overrides()).containsExactly(Map.entry("relative", true));
        assertThat(parse("--no-relative").overrides()).containsExactly(Map.entry("relative", false));
    }

    @Test
    void resolveAppliesTheFlags() {
        TrainConfig c = parse("--lookback", "48", "--patch", "4", "--head", "gap").resolve();
        assertThat(c.lookback()).isEqualTo(48);
        assertThat(c.patch()).isEqualTo(4);
        assertThat(c.head()).isEqualTo(TrainConfig.Head.GAP);
    }
}
