package org.intformer.hw;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The output of {@link VerilogGenerator#generate}: the files written and the design they print.
 *
 * @param dir      directory holding the sources and memory files (simulate and synthesize from there:
 *                 {@code $readmemh} paths are relative)
 * @param top      top module name ({@code intformer_top})
 * @param sources  Verilog sources of the design (not the testbench)
 * @param memFiles ROM images read with {@code $readmemh}
 * @param design   the design
 */
public record GeneratedDesign(Path dir, String top, List<Path> sources, List<Path> memFiles, Design design) {
    public GeneratedDesign {
        sources = List.copyOf(sources);
        memFiles = List.copyOf(memFiles);
    }

    /** MAC lanes P. */
    public int lanes() {
        return design.lanes();
    }

    /**
     * Cycles per inference of the static schedule, from the cycle {@code start} is sampled to the cycle
     * {@code done} is high, inclusive (what the testbench measures).
     */
    public long expectedCycles() {
        return design.cycles();
    }

    /** Facts for reports: MACs, bound, steps, buffer sizes, widths. */
    public Map<String, Object> summary() {
        return design.summary();
    }
}
