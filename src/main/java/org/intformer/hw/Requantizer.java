package org.intformer.hw;

import java.util.ArrayList;
import java.util.List;
import org.intformer.hw.synth.Target;

/**
 * One pipelined exact requantizer, {@code y = clamp(zy + roundShift(xa·ma + xb·mb + c, n), lo, hi)} with
 * {@code roundShift(p, n) = (p + 2^(n−1) − [p < 0]) >>> n} (n ≥ 1; p for n = 0), printed as its own Verilog
 * module. The products are cut into tiles the device's multipliers hold (DSP48E1 25 × 18, SB_MAC16 16 × 16,
 * low chunks unsigned), each tile with input, product and output registers; a chunk of at most
 * {@link #LUT_CHUNK} bits becomes shift-and-add terms in LUTs instead. The terms are summed by a tree of
 * two-input adders, one per stage, each cut into pieces of at most {@code target}'s adder width (carry
 * registered between them); then the rounding add, the shift in stages of {@link #SHIFT_BITS} bits, the
 * saturation test, the zero point and the clamp, each a stage. Widths come from the design: nothing is 64 bits
 * unless the model needs it.
 *
 * @param name   module suffix ({@code intformer_rq_NAME})
 * @param xaw    bits of xa (signed)
 * @param maw    bits of ma (signed)
 * @param xbw    bits of xb (signed; 0: no second product)
 * @param mbw    bits of mb (signed)
 * @param cw     bits of c (signed; 0: no constant term)
 * @param rw     bits of the result y (signed)
 * @param zw     bits (signed) that hold every zero point and clamp bound it is given
 * @param target the device (multiplier tiles)
 * @param adder  widest adder a stage holds ({@link #adderWidth(Target, double)})
 */
record Requantizer(String name, int xaw, int maw, int xbw, int mbw, int cw, int rw, int zw, Target target, int adder) {

    /** A requantizer with the target's default adder width. */
    Requantizer(String name, int xaw, int maw, int xbw, int mbw, int cw, int rw, int zw, Target target) {
        this(name, xaw, maw, xbw, mbw, cw, rw, zw, target, adderWidth(target));
    }

    /** Chunks of at most this many bits are shift-and-add terms, not multiplier tiles. */
    static final int LUT_CHUNK = 4;
    /** Shift amount bits handled per stage (an 8:1 multiplexer level). */
    static final int SHIFT_BITS = 3;
    /** Bits of the shift amount n (≤ 63). */
    static final int NW = 6;

    /** The pre-shift sum's width: every product and the constant fit with room for their sum. */
    int pw() {
        int w = Math.max(xaw + maw, cw);
        if (xbw > 0) {
            w = Math.max(w, xbw + mbw);
        }
        return w + 2;
    }

    /**
     * Widest adder a stage holds on the target: 64 bits on XC7S15 (a CARRY4 chain: 3 ns at 58 bits in yosys sta), 20 on
     * iCE40 (SB_CARRY ≈ 0.3 ns a bit, and entering and leaving a chain costs about 5 ns of routing in nextpnr: a 32-bit
     * piece of the rounding add limited a paper-sized design to 40 MHz).
     */
    static int adderWidth(Target target) {
        return target == Target.XC7S15 ? 64 : 20;
    }

    /**
     * iCE40 clocks up to which one stage holds a whole pre-shift sum (64 bits: no pieces, no skew registers; and the
     * softmax divider's subtractions unsplit): the lean datapath of the board builds (README, "On a board"). The
     * pieces' skew registers are plain delays that pack into no logic cell's LUT, so they cost a logic cell per bit.
     */
    static final double ICE40_WHOLE_ADDER_MHZ = 30;

    /** The adder width for a design built for {@code clockMhz} (0: the target's default, {@link #adderWidth(Target)}). */
    static int adderWidth(Target target, double clockMhz) {
        return target == Target.ICE40UP5K && clockMhz > 0 && clockMhz <= ICE40_WHOLE_ADDER_MHZ ? 64 : adderWidth(target);
    }

    /** Multiplier port widths (signed) of the target: A, B. */
    static int[] port(Target target) {
        return target == Target.XC7S15 ? new int[] {25, 18} : new int[] {16, 16};
    }

    /** A chunk of an operand: bits [lo, lo + width), signed when it holds the operand's sign bit. */
    record Chunk(int lo, int width, boolean signed) {
        /** Bits of the chunk as a signed value (an unsigned chunk gains a zero sign bit). */
        int signedWidth() {
            return width + (signed ? 0 : 1);
        }
    }

    /** A product tile: a chunk of one operand times a chunk of the other, in a multiplier. */
    record Tile(String a, Chunk ca, String b, Chunk cb) {
        int shift() {
            return ca.lo() + cb.lo();
        }

        /** Bits of the signed product of the two chunks. */
        int productWidth() {
            return ca.signedWidth() + cb.signedWidth();
        }
    }

    /** Splits a signed operand of {@code width} bits into chunks for a port of {@code port} signed bits. */
    static List<Chunk> chunks(int width, int port) {
        List<Chunk> out = new ArrayList<>();
        int lo = 0;
        while (width - lo > port) {
            out.add(new Chunk(lo, port - 1, false));
            lo += port - 1;
        }
        out.add(new Chunk(lo, width - lo, true));
        return out;
    }

    /** The tiles and shift-add terms of the signed product {@code a·b}; orientation with fewer multipliers. */
    static List<Tile> product(String a, int aw, String b, int bw, Target target) {
        int[] port = port(target);
        List<Tile> one = tiles(a, chunks(aw, port[0]), b, chunks(bw, port[1]));
        List<Tile> two = tiles(b, chunks(bw, port[0]), a, chunks(aw, port[1]));
        return multipliers(two) < multipliers(one) ? two : one;
    }

    private static List<Tile> tiles(String a, List<Chunk> ca, String b, List<Chunk> cb) {
        List<Tile> out = new ArrayList<>();
        for (Chunk x : ca) {
            for (Chunk y : cb) {
                out.add(new Tile(a, x, b, y));
            }
        }
        return out;
    }

    static boolean inLuts(Tile t) {
        return t.ca().width() <= LUT_CHUNK || t.cb().width() <= LUT_CHUNK;
    }

    private static int multipliers(List<Tile> tiles) {
        return (int) tiles.stream().filter(t -> !inLuts(t)).count();
    }

    List<Tile> tiles() {
        List<Tile> t = new ArrayList<>(product("xa", xaw, "ma", maw, target));
        if (xbw > 0) {
            t.addAll(product("xb", xbw, "mb", mbw, target));
        }
        return t;
    }

    /** Hard multipliers (DSP48E1 / SB_MAC16) the unit uses. */
    int dsps() {
        return multipliers(tiles());
    }

    /** Terms of the sum tree: multiplier tiles, one per bit of each LUT chunk, the constant, the inversion carries. */
    private int terms() {
        int n = cw > 0 ? 1 : 0;
        boolean carries = false;
        for (Tile t : tiles()) {
            if (inLuts(t)) {
                Chunk small = t.cb().width() <= LUT_CHUNK ? t.cb() : t.ca();
                n += small.width();
                carries |= small.signed();
            } else {
                n++;
            }
        }
        return n + (carries ? 1 : 0);
    }

    /** Adder tree levels. */
    int levels() {
        int levels = 0;
        for (int n = terms(); n > 1; n = (n + 1) / 2) {
            levels++;
        }
        return levels;
    }

    /** Pieces of at most the target's adder width the pre-shift sum is added in. */
    int pieces() {
        return (pw() + adder - 1) / adder;
    }

    /** Stages of the shift. */
    int shiftStages() {
        return (NW + SHIFT_BITS - 1) / SHIFT_BITS;
    }

    /**
     * Register stages of a multiplier tile after its input registers: product and output register on XC7S15 (DSP48E1
     * MREG, PREG); one on iCE40, the SB_MAC16 output register (yosys 0.23's ice40_dsp packs a second register
     * wrongly: driver conflicts on the product bits).
     */
    int tileStages() {
        return target == Target.XC7S15 ? 2 : 1;
    }

    /**
     * Cycles from inputs presented to the module (combinational, cycle t) to {@code y} valid (cycle t + latency):
     * input registers, the tiles' registers, the tree, the rounding add, the pieces' skew, the shift, the saturation /
     * zero-point stage, the comparisons with the bounds and the clamp.
     */
    int latency() {
        return 1 + tileStages() + levels() + pieces() + shiftStages() + 3;
    }

    // ---------------------------------------------------------------- Verilog

    /**
     * What the module is made of, counted while its Verilog is written: register bits (the multiplier tiles'
     * registers apart: they sit in the DSP slices), adder bits and multiplexer bits. The cost model's measure of it.
     */
    record Census(long registerBits, long tileRegisterBits, long adderBits, long muxBits) {
    }

    Census census() {
        Emit e = new Emit(pw(), adder);
        write(e);
        int nw = Math.max(rw, zw) + 2;
        // shift first: a byte shift into a window of nw + 9 bits, a bit shift of nw + 2, the two masked ORs over pw bits
        long mux = shiftFirst(nw) ? (nw + 9L) + (nw + 2L) + 2L * pw() : (long) pw() * shiftStages() + (long) pw();
        return new Census(e.regBits - e.tileRegBits, e.tileRegBits, e.adderBits, mux + 3L * Math.max(rw, zw));
    }

    /** The module's Verilog: ports clk, rst, in_v, xa_i, ma_i, [xb_i, mb_i,] [c_i,] n_i, zy, lo, hi; out_v, y, busy. */
    String verilog() {
        return write(new Emit(pw(), adder));
    }

    private String write(Emit e) {
        StringBuilder v = new StringBuilder();
        int pw = pw();
        v.append("// requantizer ").append(name).append(": y = clamp(zy + roundShift(xa*ma").append(xbw > 0 ? " + xb*mb" : "")
                .append(cw > 0 ? " + c" : "").append(", n), lo, hi), ").append(latency()).append(" cycles, ").append(dsps())
                .append(" multiplier(s), pre-shift sum ").append(pw).append(" bits\n");
        v.append("module intformer_rq_").append(name).append(" (\n");
        v.append("    input wire clk,\n    input wire rst,\n    input wire in_v,\n");
        v.append("    input wire signed [").append(xaw - 1).append(":0] xa_i,\n");
        v.append("    input wire signed [").append(maw - 1).append(":0] ma_i,\n");
        if (xbw > 0) {
            v.append("    input wire signed [").append(xbw - 1).append(":0] xb_i,\n");
            v.append("    input wire signed [").append(mbw - 1).append(":0] mb_i,\n");
        }
        if (cw > 0) {
            v.append("    input wire signed [").append(cw - 1).append(":0] c_i,\n");
        }
        v.append("    input wire [5:0] n_i,\n");
        v.append("    input wire signed [17:0] zy, lo, hi,   // constant while the unit works\n");
        v.append("    output wire out_v,\n    output reg signed [").append(rw - 1).append(":0] y,\n");
        v.append("    output wire busy\n);\n");
        StringBuilder head = v;
        v = e.v;
        int lat = latency();
        // the valid flag travels beside the data (results leave in order: the caller counts their addresses)
        v.append("reg [").append(lat - 1).append(":0] vd;\n");
        v.append("always @(posedge clk) vd <= rst ? 0 : {vd[").append(Math.max(0, lat - 2)).append(":0], in_v};\n");
        v.append("assign out_v = vd[").append(lat - 1).append("];\n");
        v.append("assign busy = |vd;\n");
        // stage 1: inputs
        v.append("// stage 1: inputs\n");
        e.reg("xa", xaw, true);
        e.reg("ma", maw, true);
        e.reg("n1", 6, false);
        StringBuilder in = new StringBuilder("always @(posedge clk) begin xa <= xa_i; ma <= ma_i; n1 <= n_i;");
        if (xbw > 0) {
            e.reg("xb", xbw, true);
            e.reg("mb", mbw, true);
            in.append(" xb <= xb_i; mb <= mb_i;");
        }
        if (cw > 0) {
            e.reg("c1", cw, true);
            in.append(" c1 <= c_i;");
        }
        v.append(in).append(" end\n");
        String[] p = narrowSums() ? narrowTree(e, v) : wideTree(e, v);
        int atP = 1 + tileStages() + levels();   // stage of p's piece 0
        // rounding: s = p + 2^(n-1) - 1 (n >= 1), then (s >> n) + [p >= 0 and a tie], a tie being s's low n bits all
        // ones (p mod 2^n = 2^(n-1)); s < 0 exactly when p < 0 then. The constants are thermometers of n formed a stage
        // before they are used, no carry chain.
        String nEarly = e.delay("n1", 6, false, atP - 2);
        e.reg("hm", pw, true);
        v.append("always @(posedge clk) hm <= {");
        for (int i = pw - 1; i >= 0; i--) {
            v.append(i + 1 < 64 ? "(" + nEarly + " > 6'd" + (i + 1) + ")" : "1'b0").append(i > 0 ? ", " : "");
        }
        v.append("};\n");
        int nw = Math.max(rw, zw) + 2;
        if (shiftFirst(nw)) {
            shiftThenRound(e, v, p[0], nEarly, nw);
            clamp(e, v, nw);
            return head.toString() + e.decl + v + "endmodule\n";
        }
        String[] r = e.addSkewed("rnd", p, e.skew("hm"), "1'b0");
        String rs = e.deskew("rs", r);
        int atS = atP + pieces();   // stage of the whole rounded sum
        String nPre = e.delay(nEarly, 6, false, atS - atP);
        String nS = e.delay(nPre, 6, false, 1);
        e.reg("lm", pw, false);
        v.append("always @(posedge clk) lm <= {");
        for (int i = pw - 1; i >= 0; i--) {
            v.append(i < 64 ? "(" + nPre + " > 6'd" + i + ")" : "1'b0").append(i > 0 ? ", " : "");
        }
        v.append("};\n");
        e.reg("inc", 1, false);
        v.append("always @(posedge clk) inc <= !").append(rs).append("[").append(pw - 1).append("] && (&(").append(rs)
                .append(" | ~lm)) && (").append(nS).append(" != 6'd0);\n");
        // a shift of pw bits or more leaves 0 (|p| < 2^(pw-2)), which 2^(n-1) - 1 in pw bits cannot express
        e.reg("nb2", 1, false);
        v.append("always @(posedge clk) nb2 <= ").append(pw <= 63 ? "(n1 >= 6'd" + pw + ")" : "1'b0").append(";\n");
        String nbig = e.delay("nb2", 1, false, atS - 2 + shiftStages() - 1);
        String incd = e.delay("inc", 1, false, shiftStages() - 1);
        // shifts, SHIFT_BITS of n per stage
        String nr = nS;
        String cur = rs;
        for (int st = 0; st < shiftStages(); st++) {
            int lo = st * SHIFT_BITS;
            int hi = Math.min(NW, lo + SHIFT_BITS) - 1;
            String sh = "sh" + st;
            e.reg(sh, pw, true);
            boolean lastShift = st == shiftStages() - 1;
            v.append("always @(posedge clk) ").append(sh).append(" <= ").append(lastShift ? nbig + " ? " + pw + "'sd0 : " : "")
                    .append(cur).append(" >>> (").append(nr).append("[").append(hi).append(":").append(lo).append("] * ")
                    .append(1 << lo).append(");\n");
            cur = sh;
            nr = e.delay(nr, 6, false, 1);
        }
        // saturation and zero point, then the clamp
        // beyond nw bits no zero point can bring the shifted value back into the bounds: saturate; else add the zero
        // point in nw + 1 bits, compare with the bounds, and clamp (three stages)
        v.append("// saturation beyond ").append(nw).append(" bits, zero point, comparisons, clamp\n");
        e.reg("ovp", 1, false);
        e.reg("ovn", 1, false);
        e.reg("zv", nw + 1, true);
        if (pw >= nw + 1) {
            v.append("always @(posedge clk) begin\n    ovp <= !").append(cur).append("[").append(pw - 1).append("] && (|")
                    .append(cur).append("[").append(pw - 2).append(":").append(nw - 1).append("]);\n");
            v.append("    ovn <= ").append(cur).append("[").append(pw - 1).append("] && !(&").append(cur).append("[")
                    .append(pw - 2).append(":").append(nw - 1).append("]);\n");
            v.append("    zv <= $signed(").append(cur).append("[").append(nw - 1).append(":0]) + ").append(narrow("zy", nw)).append(" + $signed({1'b0, ")
                    .append(incd).append("});\nend\n");
        } else {
            v.append("always @(posedge clk) begin ovp <= 1'b0; ovn <= 1'b0; zv <= ").append(cur).append(" + ").append(narrow("zy", nw))
                    .append(" + $signed({1'b0, ").append(incd).append("}); end\n");
        }
        clamp(e, v, nw);
        return head.toString() + e.decl + v + "endmodule\n";
    }

    /**
     * Whether the lean datapath shifts before it rounds ({@link #shiftThenRound}): a sum at least 10 bits wider than
     * the bits the zero-point stage reads.
     */
    boolean shiftFirst(int nw) {
        return narrowSums() && shiftStages() == 2 && pw() >= nw + 10;
    }

    /**
     * Shift first, round after, on a window of W = nw + 2 bits instead of the whole sum (the lean datapath): with
     * m = max(n − 1, 0), q = p >>> m and r = p mod 2^m, roundShift(p, n) = ((q + 1) >>> 1) − [p < 0 ∧ r = 0 ∧ q odd]
     * for n ≥ 1 (and p for n = 0). Stage 1 shifts p by whole bytes of m into a window of W + 7 bits and ORs, in groups
     * of 8, the bits below m (r ≠ 0) and the bits at or above m + W − 1 that differ from the sign (q does not fit the
     * window: saturate); both masks are the thermometer hm (bit j: m > j). Stage 2 shifts by m's low bits, stage 3
     * rounds, stage 4 adds the zero point; the latency is the full-width path's (its rounding add, two shifts, zero
     * point).
     */
    private void shiftThenRound(Emit e, StringBuilder v, String p, String nEarly, int nw) {
        int pw = pw();
        int ww = nw + 2;
        int cw0 = ww + 7;
        v.append("// shift first, round after: m = max(n - 1, 0), q = p >>> m (a window of ").append(ww)
                .append(" bits), y = ((q + 1) >>> 1) - [p < 0, p mod 2^m = 0, q odd]\n");
        e.reg("mm", 6, false);
        e.reg("n0", 1, false);
        v.append("always @(posedge clk) begin mm <= (").append(nEarly).append(" == 6'd0) ? 6'd0 : ").append(nEarly)
                .append(" - 6'd1; n0 <= (").append(nEarly).append(" == 6'd0); end\n");
        v.append("wire signed [").append(pw - 1).append(":0] cs = ").append(p).append(" >>> (mm[5:3] * 8);\n");
        e.reg("c0", cw0, true);
        e.reg("sg0", 1, false);
        e.reg("m0", 3, false);
        e.reg("z0", 1, false);
        v.append("always @(posedge clk) begin c0 <= cs[").append(cw0 - 1).append(":0]; sg0 <= ").append(p).append("[").append(pw - 1)
                .append("]; m0 <= mm[2:0]; z0 <= n0; end\n");
        String og = groups(e, v, "og", ww - 1, pw - 2, i -> "(" + p + "[" + i + "] ^ " + p + "[" + (pw - 1) + "]) & !hm[" + (i - ww + 1) + "]");
        String rz = groups(e, v, "rz", 0, pw - 2, i -> p + "[" + i + "] & hm[" + i + "]");
        e.reg("q1", ww, true);
        e.reg("sg1", 1, false);
        e.reg("ov1", 1, false);
        e.reg("nz1", 1, false);
        e.reg("z1", 1, false);
        v.append("wire signed [").append(cw0 - 1).append(":0] fs = c0 >>> m0;\n");
        v.append("always @(posedge clk) begin q1 <= fs[").append(ww - 1).append(":0]; sg1 <= sg0; ov1 <= |").append(og)
                .append("; nz1 <= |").append(rz).append("; z1 <= z0; end\n");
        e.reg("v2", ww, true);
        e.reg("sg2", 1, false);
        e.reg("ov2", 1, false);
        v.append("wire signed [").append(ww).append(":0] q1p = $signed({q1[").append(ww - 1).append("], q1}) + ").append(ww + 1)
                .append("'sd1;\n");
        v.append("always @(posedge clk) begin v2 <= z1 ? q1 : $signed(q1p[").append(ww).append(":1]) - $signed({1'b0, sg1 && !nz1 && q1[0]});")
                .append(" sg2 <= sg1; ov2 <= ov1; end\n");
        v.append("// saturation (q beyond the window), zero point\n");
        e.reg("ovp", 1, false);
        e.reg("ovn", 1, false);
        e.reg("zv", ww + 1, true);
        v.append("always @(posedge clk) begin ovp <= !sg2 && ov2; ovn <= sg2 && ov2; zv <= v2 + ").append(narrow("zy", ww))
                .append("; end\n");
    }

    /** ORs of {@code bit(i)} for i in [lo, hi], registered per group of 8; returns the register (one bit a group). */
    private static String groups(Emit e, StringBuilder v, String name, int lo, int hi, java.util.function.IntFunction<String> bit) {
        int n = Math.max(1, (hi - lo + 8) / 8);
        e.reg(name, n, false);
        v.append("always @(posedge clk) ").append(name).append(" <= {");
        for (int g = n - 1; g >= 0; g--) {
            int a = lo + 8 * g;
            int b = Math.min(hi, a + 7);
            v.append("|{");
            if (a > b) {
                v.append("1'b0");
            }
            for (int i = b; i >= a; i--) {
                v.append(bit.apply(i)).append(i > a ? ", " : "");
            }
            v.append("}").append(g > 0 ? ", " : "");
        }
        v.append("};\n");
        return name;
    }

    /**
     * Whether the sum tree adds only each term's significant bits (the lean iCE40 datapath: one piece per sum). A product
     * tile spans about 31 of the 58 pre-shift bits; at full width each adder would carry the rest as sign extension and
     * zeros, a logic cell per bit.
     */
    boolean narrowSums() {
        return target == Target.ICE40UP5K && adder >= 64;
    }

    /**
     * A tile in LUTs: one shift-and-add term per bit of its small chunk ({@code small}, {@code csmall}), each the big
     * chunk's wire {@code bigExt} ({@code bigW} bits, signed) or zero.
     */
    private record LutTile(String small, Chunk csmall, String bigExt, int bigW) {
        static LutTile of(Emit e, Tile tile) {
            boolean bSmall = tile.cb().width() <= LUT_CHUNK;
            Chunk cbig = bSmall ? tile.ca() : tile.cb();
            String bigExt = e.chunkWire(bSmall ? tile.a() : tile.b(), cbig);
            return new LutTile(bSmall ? tile.b() : tile.a(), bSmall ? tile.cb() : tile.ca(), bigExt, cbig.signedWidth());
        }

        /** Whether the term of small-chunk bit {@code bit} is negated (the sign bit of a signed chunk). */
        boolean negated(int bit) {
            return csmall.signed() && bit == csmall.width() - 1;
        }

        /** The small chunk's bit {@code bit}: selects its term, and is the +1 of a negated term. */
        String select(int bit) {
            return small + "[" + (csmall.lo() + bit) + "]";
        }

        /** Registers {@code name} ({@code width} bits): {@code value}, inverted when negated, if bit {@code bit} is set, else 0. */
        void emitTerm(StringBuilder v, int bit, String name, String value, int width) {
            v.append("always @(posedge clk) ").append(name).append(" <= ").append(select(bit)).append(" ? ")
                    .append(negated(bit) ? "~" : "").append(value).append(" : ").append(width).append("'sd0;\n");
        }
    }

    /** Narrowest product yosys 0.23 maps to an SB_MAC16 (synth_ice40 -dsp: DSP_Y_MINWIDTH); narrower ones are LUTs. */
    private static final int DSP_MIN_PRODUCT = 11;

    /** A term of the narrow tree: the value {@code x} (signed, {@code w} bits) times 2^lo, modulo 2^pw. */
    private record Term(String x, int lo, int w) {
        int top() {
            return lo + w;
        }
    }

    /** A term of {@code w} significant bits at bit {@code lo}, cut where it passes pw (the sum is taken modulo 2^pw). */
    private Term term(String x, int lo, int w) {
        return new Term(x, lo, Math.min(w, pw() - lo));
    }

    /**
     * The terms and their adder tree, each adder as wide as its operands' significant bits: the bits of the lower
     * operand below the other's lowest bit pass through, the rest is one signed add. The same sum modulo 2^pw as
     * {@link #wideTree}; a negated shift-and-add term is {@code (~x) << s} plus 2^s in the carry term (not
     * {@code ~(x << s)} plus 1, whose low bits are ones). Returns the sum as one pw-bit piece.
     */
    private String[] narrowTree(Emit e, StringBuilder v) {
        int pw = pw();
        v.append("// stage 2: multiplier tiles (output registers), shift-and-add terms in LUTs\n");
        List<Term> terms = new ArrayList<>();
        List<int[]> carries = new ArrayList<>();   // {shift} of each negated term
        List<String> carryBits = new ArrayList<>();
        java.util.Set<String> dspTiles = new java.util.HashSet<>();
        int t = 0;
        for (Tile tile : tiles()) {
            if (inLuts(tile)) {
                LutTile lut = LutTile.of(e, tile);
                int bigW = lut.bigW();
                for (int bit = 0; bit < lut.csmall().width(); bit++) {
                    String name = "lt" + t++ + "_2";
                    int shift = tile.shift() + bit;
                    e.reg(name, bigW, true);
                    lut.emitTerm(v, bit, name, lut.bigExt(), bigW);
                    if (lut.negated(bit)) {
                        carries.add(new int[] {shift});
                        carryBits.add(lut.select(bit));
                    }
                    terms.add(term(name, shift, bigW));
                }
            } else {
                String tn = "tl" + t++;
                int prodW = tile.productWidth();
                e.reg(tn + "_p", prodW, true);
                if (prodW >= DSP_MIN_PRODUCT) {
                    dspTiles.add(tn + "_p");
                }
                v.append("always @(posedge clk) ").append(tn).append("_p <= ").append(e.chunk(tile.a(), tile.ca())).append(" * ")
                        .append(e.chunk(tile.b(), tile.cb())).append(";\n");
                terms.add(term(tn + "_p", tile.shift(), prodW));
            }
        }
        if (!carries.isEmpty()) {
            int lo = carries.stream().mapToInt(c -> c[0]).min().orElseThrow();
            int hi = carries.stream().mapToInt(c -> c[0]).max().orElseThrow();
            int w = hi - lo + 2 + 32 - Integer.numberOfLeadingZeros(carries.size());
            e.reg("cy_2", w, true);
            v.append("always @(posedge clk) cy_2 <= ");
            for (int i = 0; i < carries.size(); i++) {
                v.append(i > 0 ? " + " : "").append("((").append(w).append("'sd0 | {").append(carryBits.get(i))
                        .append("}) <<< ").append(carries.get(i)[0] - lo).append(")");
            }
            v.append(";\n");
            terms.add(term("cy_2", lo, w));
        }
        if (cw > 0) {
            terms.add(term(e.delay("c1", cw, true, tileStages()), 0, cw));
        }
        // the terms in the wide tree's order (tiles as they come): its pairs of multiplier outputs are known to pass
        // yosys 0.23 (see add)
        v.append("// adder tree: ").append(levels()).append(" level(s) of two-input adders over the terms' significant bits\n");
        int level = 0;
        while (terms.size() > 1) {
            List<Term> next = new ArrayList<>();
            for (int i = 0; i + 1 < terms.size(); i += 2) {
                next.add(add(e, v, "s" + level + "_" + i / 2, terms.get(i), terms.get(i + 1), dspTiles));
            }
            if (terms.size() % 2 == 1) {
                Term last = terms.get(terms.size() - 1);
                next.add(new Term(e.delay(last.x(), last.w(), true, 1), last.lo(), last.w()));
            }
            terms = next;
            level++;
        }
        Term sum = terms.get(0);
        v.append("wire signed [").append(pw - 1).append(":0] psum = ").append(e.ext(sum.x(), sum.w(), true)).append(" <<< ")
                .append(sum.lo()).append(";\n");
        return new String[] {"psum"};
    }

    /** {@code a + b} registered: bits of the lower term below the other's pass through, the rest one signed add. */
    private Term add(Emit e, StringBuilder v, String name, Term x, Term y, java.util.Set<String> dspTiles) {
        Term a = x.lo() <= y.lo() ? x : y;
        Term b = a == x ? y : x;
        int k = b.lo() - a.lo();
        int top = Math.min(pw(), Math.max(a.top(), b.top()) + 1);
        if (dspTiles.contains(x.x()) || dspTiles.contains(y.x())) {
            // yosys 0.23's ice40_dsp packs a narrow add behind an SB_MAC16's output register into the MAC and then
            // leaves the MAC's 32-bit output partly unconnected (a hierarchy error): such an add is the wide tree's,
            // both terms shifted into the whole pre-shift width
            // (zero-extended by a carry bit, as there, so yosys' wreduce cannot narrow it back)
            int pw = pw();
            String[] w = {name + "_x", name + "_y"};
            Term[] xy = {x, y};
            for (int i = 0; i < 2; i++) {
                v.append("wire signed [").append(pw - 1).append(":0] ").append(w[i]).append(" = ").append(e.ext(xy[i].x(), xy[i].w(), true))
                        .append(" <<< ").append(xy[i].lo()).append(";\n");
            }
            e.reg(name, pw, false);
            e.reg(name + "_c", 1, false);
            e.adderBits += pw;
            v.append("always @(posedge clk) {").append(name).append("_c, ").append(name).append("} <= {1'b0, ").append(w[0])
                    .append("} + {1'b0, ").append(w[1]).append("} + 1'b0;\n");
            return new Term(name, 0, pw);
        }
        int hw = top - b.lo();   // bits of the added part
        int w = top - a.lo();
        e.reg(name, w, true);
        e.adderBits += hw;
        String aSign = a.x() + "[" + (a.w() - 1) + "]";
        String aHigh = k == 0 ? a.x() : k < a.w() ? a.x() + "[" + (a.w() - 1) + ":" + k + "]" : aSign;
        int aHighW = k == 0 ? a.w() : Math.max(1, a.w() - k);
        String sum = sext(aHigh, aSign, aHighW, hw) + " + " + sext(b.x(), b.x() + "[" + (b.w() - 1) + "]", b.w(), hw);
        String low = k == 0 ? "" : ", " + lowBits(a, k);
        v.append("always @(posedge clk) ").append(name).append(" <= {(").append(sum)
                .append(")").append(low).append("};\n");
        return new Term(name, a.lo(), w);
    }

    /** The low {@code k} bits of the signed term {@code a} (sign-extended when it has fewer). */
    private static String lowBits(Term a, int k) {
        if (k <= a.w()) {
            return a.x() + "[" + (k - 1) + ":0]";
        }
        return "{{" + (k - a.w()) + "{" + a.x() + "[" + (a.w() - 1) + "]}}, " + a.x() + "}";
    }

    /** The bits {@code x} ({@code w} of them, sign bit {@code sign}) sign-extended to {@code to} bits (to ≥ w). */
    private static String sext(String x, String sign, int w, int to) {
        if (w >= to) {
            return "$signed(" + x + ")";
        }
        return "$signed({{" + (to - w) + "{" + sign + "}}, " + x + "})";
    }

    /** The terms and their adder tree at the full pre-shift width (pieces of the adder width); returns the sum's pieces. */
    private String[] wideTree(Emit e, StringBuilder v) {
        int pw = pw();
        // stages 2-3: tiles (product and output registers), LUT terms, the constant
        v.append("// stages 2-3: multiplier tiles (product, output registers), shift-and-add terms in LUTs\n");
        List<String> terms = new ArrayList<>();
        List<String> carries = new ArrayList<>();
        int t = 0;
        for (Tile tile : tiles()) {
            if (inLuts(tile)) {
                LutTile lut = LutTile.of(e, tile);
                for (int bit = 0; bit < lut.csmall().width(); bit++) {
                    String term = "lt" + t++;
                    int shift = tile.shift() + bit;
                    String shifted = "(" + e.ext(lut.bigExt(), lut.bigW(), true) + " <<< " + shift + ")";
                    e.reg(term + "_2", pw, true);
                    lut.emitTerm(v, bit, term + "_2", shifted, pw);
                    if (lut.negated(bit)) {
                        carries.add(lut.select(bit));
                    }
                    terms.add(e.delay(term + "_2", pw, true, tileStages() - 1));
                }
            } else {
                String tn = "tl" + t++;
                int prodW = tile.productWidth();
                e.reg(tn + "_p", prodW, true);
                String product = e.chunk(tile.a(), tile.ca()) + " * " + e.chunk(tile.b(), tile.cb());
                if (tileStages() == 2) {
                    e.reg(tn + "_m", prodW, true);
                    v.append("always @(posedge clk) begin ").append(tn).append("_m <= ").append(product).append("; ").append(tn)
                            .append("_p <= ").append(tn).append("_m; end\n");
                } else {
                    v.append("always @(posedge clk) ").append(tn).append("_p <= ").append(product).append(";\n");
                }
                String w = tn + "_w";
                v.append("wire signed [").append(pw - 1).append(":0] ").append(w).append(" = ")
                        .append(e.ext(tn + "_p", prodW, true)).append(" <<< ").append(tile.shift()).append(";\n");
                terms.add(w);
            }
        }
        if (!carries.isEmpty()) {
            e.reg("cy_2", pw, true);
            v.append("always @(posedge clk) cy_2 <= ");
            for (int i = 0; i < carries.size(); i++) {
                v.append(i > 0 ? " + " : "").append("{{").append(pw - 1).append("{1'b0}}, ").append(carries.get(i)).append("}");
            }
            v.append(";\n");
            terms.add(e.delay("cy_2", pw, true, tileStages() - 1));
        }
        if (cw > 0) {
            terms.add(e.delay(e.ext("c1", cw, true), pw, true, tileStages()));
        }

        // adder tree in skewed pieces: piece j of every sum is one stage behind piece j - 1 (its carry registered in
        // between), so a level costs one stage whatever the width; terms enter skewed, the rounded sum leaves deskewed
        int pieces = pieces();
        v.append("// adder tree: ").append(levels()).append(" level(s) of two-input adders in ").append(pieces)
                .append(" skewed piece(s) of at most ").append(adder).append(" bits\n");
        int t0 = 1 + tileStages();
        List<String[]> sk = new ArrayList<>();
        for (String term : terms) {
            sk.add(e.skew(term));
        }
        int level = 0;
        while (sk.size() > 1) {
            List<String[]> next = new ArrayList<>();
            for (int i = 0; i + 1 < sk.size(); i += 2) {
                next.add(e.addSkewed("s" + level + "_" + i / 2, sk.get(i), sk.get(i + 1), "1'b0"));
            }
            if (sk.size() % 2 == 1) {
                next.add(e.delaySkewed(sk.get(sk.size() - 1), 1));
            }
            sk = next;
            level++;
        }
        return sk.get(0);
    }

    /** The last two stages: the comparisons of zv with the bounds, then y (saturated, clamped, or zv). */
    private void clamp(Emit e, StringBuilder v, int nw) {
        e.reg("ovp2", 1, false);
        e.reg("ovn2", 1, false);
        e.reg("lt2", 1, false);
        e.reg("gt2", 1, false);
        e.reg("zv2", rw, true);
        v.append("always @(posedge clk) begin ovp2 <= ovp; ovn2 <= ovn; zv2 <= zv[").append(rw - 1).append(":0];\n");
        v.append("    lt2 <= zv < ").append(narrow("lo", nw)).append("; gt2 <= zv > ").append(narrow("hi", nw)).append("; end\n");
        v.append("always @(posedge clk) y <= ovp2 ? hi[").append(rw - 1).append(":0] : ovn2 ? lo[").append(rw - 1).append(":0] : lt2 ? lo[")
                .append(rw - 1).append(":0] : gt2 ? hi[").append(rw - 1).append(":0] : zv2;\n");
    }

    /** An 18-bit constant port narrowed to {@code bits} (it holds the value: see zw), so comparisons stay short. */
    private static String narrow(String port, int bits) {
        return bits < 18 ? "$signed(" + port + "[" + (bits - 1) + ":0])" : port;
    }

    /** Text helpers of one module: declarations, delays, pieces of operands, adders cut into stages. */
    private static final class Emit {
        final StringBuilder v = new StringBuilder();
        final StringBuilder decl = new StringBuilder();
        long regBits;
        long tileRegBits;
        long adderBits;
        final int pw;
        final int adder;
        int delays = 0;

        Emit(int pw, int adder) {
            this.pw = pw;
            this.adder = adder;
        }

        void reg(String name, int width, boolean signed) {
            regBits += width;
            if (name.startsWith("tl")) {
                tileRegBits += width;
            }
            decl.append("reg ").append(signed ? "signed " : "").append("[").append(width - 1).append(":0] ").append(name)
                    .append(";\n");
        }

        /** A wire holding a chunk of operand {@code x} (see {@link #chunk}); returns its name. */
        String chunkWire(String x, Chunk c) {
            String name = "ck_" + x + "_" + c.lo();
            int w = c.signedWidth();
            if (decl.indexOf(" " + name + ";") < 0 && decl.indexOf(" " + name + " ") < 0) {
                decl.append("wire signed [").append(w - 1).append(":0] ").append(name).append(" = ").append(chunk(x, c))
                        .append(";\n");
            }
            return name;
        }

        /** A chunk of operand {@code x} as a signed expression (low chunks zero-extended by one bit). */
        String chunk(String x, Chunk c) {
            String bits = x + "[" + (c.lo() + c.width() - 1) + ":" + c.lo() + "]";
            return c.signed() ? "$signed(" + bits + ")" : "$signed({1'b0, " + bits + "})";
        }

        /** {@code x} ({@code width} bits) sign- or zero-extended to pw bits. */
        String ext(String x, int width, boolean signed) {
            if (width >= pw) {
                return "$signed(" + x + ")";
            }
            return "$signed({{" + (pw - width) + "{" + (signed ? x + "[" + (width - 1) + "]" : "1'b0") + "}}, " + x + "})";
        }

        /**
         * {@code x} delayed by {@code n} cycles (a register chain); returns the delayed name. The last register has a
         * reset, so synthesis cannot pack it into a shift-register LUT (SRL16E), whose clock-to-out is 1.5 ns.
         */
        String delay(String x, int width, boolean signed, int n) {
            String cur = x;
            for (int i = 0; i < n; i++) {
                String d = "dl" + delays++;
                reg(d, width, signed);
                v.append("always @(posedge clk) ").append(i == n - 1 ? "if (rst) " + d + " <= 0; else " : "").append(d)
                        .append(" <= ").append(cur).append(";\n");
                cur = d;
            }
            return cur;
        }

        /** Bits [lo, hi] of piece j of a pw-bit value cut at the adder width. */
        int[] range(int j) {
            int lo = j * adder;
            return new int[] {lo, Math.min(pw, lo + adder) - 1};
        }

        int pieces() {
            return (pw + adder - 1) / adder;
        }

        /** A pw-bit value (ready now) in skewed pieces: piece j delayed j stages. */
        String[] skew(String x) {
            String[] out = new String[pieces()];
            for (int j = 0; j < out.length; j++) {
                int[] r = range(j);
                String slice = x + "[" + r[1] + ":" + r[0] + "]";
                out[j] = j == 0 ? slice : delay(slice, r[1] - r[0] + 1, false, j);
            }
            return out;
        }

        /** Skewed pieces delayed {@code n} more stages (an unpaired term of a tree level). */
        String[] delaySkewed(String[] x, int n) {
            String[] out = new String[x.length];
            for (int j = 0; j < x.length; j++) {
                int[] r = range(j);
                out[j] = delay(x[j], r[1] - r[0] + 1, false, n);
            }
            return out;
        }

        /**
         * {@code x + y + cin} of two skewed values (modulo 2^pw): piece j adds its bits and the carry of piece j - 1,
         * registered a stage earlier; the sum is skewed one stage later than its operands.
         */
        String[] addSkewed(String name, String[] x, String[] y, String cin) {
            String[] out = new String[x.length];
            String carry = cin;
            for (int j = 0; j < x.length; j++) {
                int[] r = range(j);
                String part = name + "_p" + j;
                String cy = name + "_c" + j;
                reg(part, r[1] - r[0] + 1, false);
                reg(cy, 1, false);
                adderBits += r[1] - r[0] + 1;
                v.append("always @(posedge clk) {").append(cy).append(", ").append(part).append("} <= {1'b0, ").append(x[j])
                        .append("} + {1'b0, ").append(y[j]).append("} + ").append(carry).append(";\n");
                carry = cy;
                out[j] = part;
            }
            return out;
        }

        /** The whole value of skewed pieces, at the stage of its last piece (earlier pieces delayed to meet it). */
        String deskew(String name, String[] x) {
            StringBuilder cat = new StringBuilder();
            for (int j = x.length - 1; j >= 0; j--) {
                int[] r = range(j);
                cat.append(j < x.length - 1 ? ", " : "").append(delay(x[j], r[1] - r[0] + 1, false, x.length - 1 - j));
            }
            v.append("wire signed [").append(pw - 1).append(":0] ").append(name).append(" = {").append(cat).append("};\n");
            return name;
        }
    }
}
