package org.intformer.hw;

/**
 * How yosys 0.23 {@code synth_ice40} maps the generator's memories to the UP5K's 4 Kb block RAMs, from its own rules
 * ({@code ice40/brams.txt}: SB_RAM40_4K, 2048×2 … 256×16, cost 64; {@code memory_libmap}'s choice of the cheapest
 * candidate, a deep ROM's address rows laid side by side as data, soft logic at 1/64 per ROM bit), the same
 * algorithm {@link XilinxMapping} reproduces for 7-series block RAM.
 */
final class Ice40Mapping {
    static final int EBR_COST = 64;
    /**
     * {@code memory_libmap}'s cost of a ROM bit in soft logic on a LUT4 device: a LUT holds 16 bits (the 7-series
     * figure, 1/64, is a LUT6's). Checked on the paper configuration: its 25 × 738 bias and 38 × 391 multiplier ROMs go
     * to 5 EBRs each (27 in all), which 1/64 would have left in logic.
     */
    static final double ROM_LOGIC_COST_PER_BIT = 1.0 / 16;
    static final int[] WIDTHS = {2, 4, 8, 16};

    private Ice40Mapping() {
    }

    /** EBRs of one {@code width × depth} memory ({@code rom}: rows may share a word). */
    static int ebr(int width, int depth, boolean rom) {
        return (int) Math.round(best(width, depth, rom)[0]);
    }

    /** {units, cost} of the cheapest EBR configuration. */
    private static double[] best(int width, int depth, boolean rom) {
        if (width <= 0) {
            return new double[] {0, 0};
        }
        double[] best = null;
        for (int w : WIDTHS) {
            int d = 4096 / w;
            int rows = XilinxMapping.ceil(Math.max(1, depth), d);
            int units = rom ? XilinxMapping.ceil((long) rows * width, w) : XilinxMapping.ceil(width, w) * rows;
            double cost = units * EBR_COST + (double) width * (rows - 1) / 2 + XilinxMapping.BRAM_BASE_COST;
            if (best == null || cost < best[1]) {
                best = new double[] {units, cost};
            }
        }
        return best;
    }

    /** A ROM without a style attribute: EBRs when cheaper than soft logic, else 0. */
    static int autoRom(int width, int depth) {
        double[] b = best(width, depth, true);
        double logic = (double) width * depth * ROM_LOGIC_COST_PER_BIT;
        return width <= 0 || b[1] >= logic ? 0 : (int) Math.round(b[0]);
    }
}
