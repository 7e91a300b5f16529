package org.intformer.hw;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The output of {@link VerilogGenerator#generate}.
 *
 * @param dir            directory holding the sources and memory files (simulate and synthesize from there:
 *                       {@code $readmemh} paths are relative)
 * @param top            top module name ({@code intformer_top})
 * @param sources        Verilog sources of the design (not the testbench)
 * @param memFiles       ROM images read with {@code $readmemh}
 * @param lanes          MAC lanes P
 * @param expectedCycles cycles per inference of the static schedule, from the cycle {@code start} is sampled to
 *                       the cycle {@code done} is high, inclusive (what the testbench measures)
 * @param summary        facts for reports: MACs, bound, steps, buffer sizes, widths
 */
public record GeneratedDesign(Path dir, String top, List<Path> sources, List<Path> memFiles, int lanes,
                              long expectedCycles, Map<String, Object> summary) {
    public GeneratedDesign {
        sources = List.copyOf(sources);
        memFiles = List.copyOf(memFiles);
        summary = Map.copyOf(summary);
    }
}
