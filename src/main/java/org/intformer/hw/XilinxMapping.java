package org.intformer.hw;

/**
 * How yosys {@code synth_xilinx} (0.23) maps the generator's memories and multipliers to 7-series primitives,
 * reproduced from its own rules so that DSP and block RAM counts are exact rather than fitted:
 * <ul>
 *   <li>block RAM: {@code memory_libmap} with {@code brams_xc4v.txt} picks, per memory, the cheapest tiling
 *       by RAMB18 (cost 129: TDP 16K×1 … 1K×18, SDP 512×36) or RAMB36 (cost 257: twice the depth, SDP 512×72);</li>
 *   <li>ROMs without a {@code rom_style} go to block RAM only when that is cheaper than soft logic, which
 *       {@code memory_libmap} prices at 1/64 per ROM bit (LUT RAM is pruned for ROMs);</li>
 *   <li>LUT RAM ({@code lutrams_xc5v.txt}, simple dual port): RAM32M holds 32×6, RAM64M 64×3, 4 LUTs each;
 *       deeper memories are tiled by 64 words;</li>
 *   <li>DSP48E1: {@code mul2dsp} with A ≤ 25, B ≤ 18 bits signed (the original operands swapped so A is the
 *       wider), wider A split in 17-bit slices, then each slice's wider B likewise; products narrower than 9
 *       bits stay in LUTs.</li>
 * </ul>
 */
final class XilinxMapping {
    static final int RAMB18_COST = 129;
    static final int RAMB36_COST = 257;
    /** memory_libmap's soft-logic cost of one ROM bit. */
    static final double ROM_LOGIC_COST_PER_BIT = 1.0 / 64;

    private XilinxMapping() {
    }

    /**
     * Block RAM primitives of one memory, and the words past the last whole row of primitives that yosys
     * leaves to soft logic (observed: a 1152 × 24 ROM is one 1K × 36 RAMB36 plus 128 words of LUTs).
     */
    record Bram(int b36, int b18, long logicBits) {
        double cost() {
            return b36 * RAMB36_COST + b18 * RAMB18_COST + logicBits * ROM_LOGIC_COST_PER_BIT;
        }

        Bram plus(Bram o) {
            return new Bram(b36 + o.b36, b18 + o.b18, logicBits + o.logicBits);
        }
    }

    static final Bram NONE = new Bram(0, 0, 0);

    /**
     * The cheapest tiling of a {@code width × depth} memory with RAMB18 (TDP 16K×1 … 1K×18, SDP 512×36) or
     * RAMB36 (twice the depth, SDP 512×72): in true-dual-port shapes whole rows of primitives and the
     * remaining words in logic, in simple-dual-port shapes as many rows as needed.
     */
    static Bram blockRam(int width, int depth) {
        Bram best = null;
        int[] widths = {1, 2, 4, 9, 18, 36};                  // RAMB18 port widths (byte = 9 bits with parity)
        int[] depths18 = {16384, 8192, 4096, 2048, 1024, 512};
        for (int full = 0; full <= 1; full++) {
            for (int i = 0; i < widths.length; i++) {
                best = cheaper(best, tile(full == 1, full == 1 || i < widths.length - 1, width, depth, widths[i], depths18[i] * (full + 1)));
            }
            if (full == 1) {
                best = cheaper(best, tile(true, false, width, depth, 72, 512));
            }
        }
        return best;
    }

    private static Bram tile(boolean b36, boolean trueDualPort, int width, int depth, int w, int d) {
        int rows = ceil(depth, d);
        // a short last row (≤ 1/8 of the primitive's depth) is left to logic in true-dual-port shapes
        long tail = depth - (long) (rows - 1) * d;
        if (trueDualPort && rows > 1 && tail * 8 <= d) {
            rows--;
        } else {
            tail = 0;
        }
        int units = ceil(width, w) * rows;
        return b36 ? new Bram(units, 0, tail * width) : new Bram(0, units, tail * width);
    }

    private static Bram cheaper(Bram a, Bram b) {
        return a == null || b.cost() < a.cost() ? b : a;
    }

    /** A ROM without a style attribute: block RAM when cheaper than soft logic, else none. */
    static Bram autoRom(int width, int depth) {
        Bram b = blockRam(width, depth);
        return b.cost() < (double) width * depth * ROM_LOGIC_COST_PER_BIT ? b : new Bram(0, 0, (long) width * depth);
    }

    /**
     * LUTs of a simple-dual-port LUT RAM of {@code width × depth}: whole 64-word slices as RAM64M (64×3), the
     * remainder as RAM32M (32×6) when it is at most 32 words deep; 4 LUTs per primitive.
     */
    static int lutRamLuts(int width, int depth) {
        int full = depth / 64;
        int rest = depth % 64;
        int prims = full * ceil(width, 3) + (rest == 0 ? 0 : rest <= 32 ? ceil(width, 6) : ceil(width, 3));
        return 4 * prims;
    }

    /** DSP48E1 slices of a signed {@code a × b} multiplier (mul2dsp as configured by synth_xilinx). */
    static int dsps(int a, int b) {
        if (a < 2 || b < 2 || a + b < 9) {
            return 0;
        }
        // only the original $mul is swapped; the slices mul2dsp instantiates are split as they come
        return a < b ? slices(b, a) : slices(a, b);
    }

    private static int slices(int a, int b) {
        if (a > 25) {
            int n = (a - 25 + 17 - 1) / 17;
            return n * slices(18, b) + slices(a - n * 17, b);
        }
        if (b > 18) {
            int n = (b - 18 + 17 - 1) / 17;
            return n * slices(a, 18) + slices(a, b - n * 17);
        }
        return 1;
    }

    static int ceil(long a, long b) {
        return (int) ((a + b - 1) / b);
    }
}
