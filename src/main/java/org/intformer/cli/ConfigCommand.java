package org.intformer.cli;

import java.util.concurrent.Callable;
import org.intformer.config.ConfigLoader;
import org.intformer.config.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code intformer config}: shows the configuration a training run with the same flags would use. */
@Command(name = "config",
        description = {"Print the resolved configuration as YAML: defaults, overlaid by --config FILE, "
                + "overlaid by the flags given.", "The output is itself a valid --config file."})
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TrainConfig config = options.resolve();
        spec.commandLine().getOut().print(ConfigLoader.toYaml(config));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
