package org.intformer.hw;

/**
 * How yosys {@code synth_xilinx} (0.23) maps the generator's memories and multipliers to 7-series primitives,
 * reproduced from its own rules so that DSP and block RAM counts are exact rather than fitted:
 * <ul>
 *   <li>block RAM: {@code memory_libmap} with {@code brams_xc4v.txt} picks, per memory, the cheapest
 *       configuration of RAMB18 (cost 129: TDP 16K×1 … 1K×18, SDP 512×36) or RAMB36 (cost 257: twice the
 *       depth, SDP 512×72). A memory deeper than the primitive is cut into {@code rows} address ranges that
 *       are laid side by side as data ({@code rows × width} bits packed into primitive-wide columns, so
 *       1184 × 128 in 512 × 36 is 11 RAMB18, not 3 × 4) and read through a {@code width × (rows − 1)} mux;
 *       the candidate's cost is primitives × unit cost + mux score / 2 + 2 (yosys' {@code debug} output:
 *       emulation score 1 and one more);</li>
 *   <li>{@code opt_mem} first drops bit columns that are constant over a ROM's whole image (e.g. the unused
 *       shift bits of the multiplier ROM), so ROM widths are the live columns of the generator's images;</li>
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
     * Block RAM primitives of one memory, the ROM bits that yosys leaves to soft logic instead, the LUTs of
     * the row multiplexer a deep memory's read data goes through (one per bit: a lone 1104 × 144 ROM in 3
     * rows is 6 RAMB36 and 144 LUT5), and memory_libmap's cost of the choice.
     */
    record Bram(int b36, int b18, long logicBits, long muxLuts, double cost) {
        Bram plus(Bram o) {
            return new Bram(b36 + o.b36, b18 + o.b18, logicBits + o.logicBits, muxLuts + o.muxLuts, cost + o.cost);
        }
    }

    static final Bram NONE = new Bram(0, 0, 0, 0, 0);
    /** memory_libmap's constant part of a block RAM candidate's cost (emulation score 1, plus 1). */
    static final double BRAM_BASE_COST = 2;

    /**
     * The cheapest mapping of a {@code width × depth} memory on RAMB18 (TDP 16K×1 … 1K×18, SDP 512×36) or
     * RAMB36 (twice the depth, SDP 512×72), the address rows packed side by side as memory_libmap does.
     */
    static Bram blockRam(int width, int depth) {
        return blockRam(width, depth, true);
    }

    /**
     * As {@link #blockRam(int, int)}; a memory with a write port ({@code rom} false) cannot share a primitive's
     * word between address rows (the write enables are 9-bit bytes), so its rows are whole columns of
     * primitives: a 8712 × 4 buffer is three 4K × 4 RAMB18, not one 1K × 36 RAMB36.
     */
    static Bram blockRam(int width, int depth, boolean rom) {
        if (width <= 0) {
            return NONE;
        }
        Bram best = null;
        int[] widths = {1, 2, 4, 9, 18, 36};                  // RAMB18 port widths (byte = 9 bits with parity)
        int[] depths18 = {16384, 8192, 4096, 2048, 1024, 512};
        for (int full = 0; full <= 1; full++) {
            for (int i = 0; i < widths.length; i++) {
                best = cheaper(best, tile(full == 1, rom, width, depth, widths[i], depths18[i] * (full + 1)));
            }
            if (full == 1) {
                best = cheaper(best, tile(true, rom, width, depth, 72, 512));
            }
        }
        return best;
    }

    private static Bram tile(boolean b36, boolean rom, int width, int depth, int w, int d) {
        int rows = ceil(Math.max(1, depth), d);
        int units = rom ? ceil((long) rows * width, w) : ceil(width, w) * rows;
        // one LUT per read bit: exact for 2-4 rows (a lone 3-row ROM is W LUT5s); a lone 7-row ROM is 3 W, but
        // in designs 7 and 1007 of the fixtures counting 3 W per bit there overshoots their LUTs by 14 %
        long mux = rows > 1 ? width : 0;
        double cost = units * (b36 ? RAMB36_COST : RAMB18_COST) + (double) width * (rows - 1) / 2 + BRAM_BASE_COST;
        return b36 ? new Bram(units, 0, 0, mux, cost) : new Bram(0, units, 0, mux, cost);
    }

    private static Bram cheaper(Bram a, Bram b) {
        return a == null || b.cost() < a.cost() ? b : a;
    }

    /**
     * Bit columns of a ROM image ({@code words}, each {@code width} bits) that are not the same in every word:
     * the width {@code opt_mem} leaves.
     */
    static int liveColumns(java.util.List<java.math.BigInteger> words, int width) {
        if (words.isEmpty()) {
            return 0;
        }
        java.math.BigInteger mask = java.math.BigInteger.ONE.shiftLeft(width).subtract(java.math.BigInteger.ONE);
        java.math.BigInteger or = java.math.BigInteger.ZERO;
        java.math.BigInteger and = mask;
        for (java.math.BigInteger x : words) {
            java.math.BigInteger v = x.and(mask);
            or = or.or(v);
            and = and.and(v);
        }
        return or.xor(and).bitCount();
    }

    /** A ROM without a style attribute: block RAM when cheaper than soft logic, else none. */
    static Bram autoRom(int width, int depth) {
        Bram b = blockRam(width, depth);
        double logic = (double) width * depth * ROM_LOGIC_COST_PER_BIT;
        return width <= 0 ? NONE : b.cost() < logic ? b : new Bram(0, 0, (long) width * depth, 0, logic);
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
