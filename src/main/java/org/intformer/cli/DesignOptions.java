package org.intformer.cli;

import java.nio.file.Path;
import org.intformer.hw.HwOptions;
import org.intformer.hw.WeightMemory;
import picocli.CommandLine.Option;

/** The options `hw` and `board` share: the model, the MAC lanes and where the weights live (a picocli mixin). */
final class DesignOptions {
    @Option(names = "--model", required = true, paramLabel = "INTEGER_MODEL", description = "Integer model file (.iqm).")
    Path model;

    @Option(names = "--lanes", defaultValue = "auto", paramLabel = "P", description = "Parallel MAC lanes, or auto (default: auto).")
    String lanes;

    @Option(names = "--weights", defaultValue = "auto", paramLabel = "WHERE",
            description = "Where the weights live: bram (ROMs in the bitstream), spram (iCE40: loaded over the serial link, "
                    + "`intformer device load`), auto (bram when the block RAMs fit, else spram; default: ${DEFAULT-VALUE}).")
    String weights;

    int lanes() {
        return HwOptions.parseLanes(lanes, "--lanes");
    }

    WeightMemory weights() {
        return WeightMemory.parse(weights, "--weights");
    }
}
