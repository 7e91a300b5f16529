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
 * @param target the device (multiplier tiles, adder width)
 */
record Requantizer(String name, int xaw, int maw, int xbw, int mbw, int cw, int rw, Target target) {

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

    /** Widest adder a stage holds on the target: 64 bits on XC7S15 (a CARRY4 chain), 24 on iCE40 (SB_CARRY is slow). */
    static int adderWidth(Target target) {
        return target == Target.XC7S15 ? 64 : 24;
    }

    /** Multiplier port widths (signed) of the target: A, B. */
    static int[] port(Target target) {
        return target == Target.XC7S15 ? new int[] {25, 18} : new int[] {16, 16};
    }

    /** A chunk of an operand: bits [lo, lo + width), signed when it holds the operand's sign bit. */
    record Chunk(int lo, int width, boolean signed) {
    }

    /** A product tile: a chunk of one operand times a chunk of the other, in a multiplier. */
    record Tile(String a, Chunk ca, String b, Chunk cb) {
        int shift() {
            return ca.lo() + cb.lo();
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

    /** Stages of one adder of {@code width} bits (pieces carried over stages). */
    int addStages(int width) {
        return (width + adderWidth(target) - 1) / adderWidth(target);
    }

    /** Stages of the shift. */
    int shiftStages() {
        return (NW + SHIFT_BITS - 1) / SHIFT_BITS;
    }

    /**
     * Cycles from inputs presented to the module (combinational, cycle t) to {@code y} valid (cycle t + latency):
     * input registers, product and output registers of the tiles, the tree, the rounding add, the shift, the
     * saturation / zero-point stage and the clamp.
     */
    int latency() {
        return 1 + 2 + levels() * addStages(pw()) + addStages(pw()) + shiftStages() + 2;
    }

    // ---------------------------------------------------------------- Verilog

    /** The module's Verilog: ports clk, in_v, xa_i, ma_i, [xb_i, mb_i,] [c_i,] n_i, zy, lo, hi, tag_i; out_v, y, tag_o, busy. */
    String verilog() {
        Emit e = new Emit(pw(), adderWidth(target));
        StringBuilder v = new StringBuilder();
        int pw = pw();
        v.append("// requantizer ").append(name).append(": y = clamp(zy + roundShift(xa*ma").append(xbw > 0 ? " + xb*mb" : "")
                .append(cw > 0 ? " + c" : "").append(", n), lo, hi), ").append(latency()).append(" cycles, ").append(dsps())
                .append(" multiplier(s), pre-shift sum ").append(pw).append(" bits\n");
        v.append("module intformer_rq_").append(name).append(" #(parameter TW = 1) (\n");
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
        v.append("    input wire [TW-1:0] tag_i,\n");
        v.append("    output wire out_v,\n    output reg signed [").append(rw - 1).append(":0] y,\n");
        v.append("    output wire [TW-1:0] tag_o,\n    output wire busy\n);\n");
        StringBuilder head = v;
        v = e.v;
        int lat = latency();
        // valid and tag travel beside the data
        v.append("reg [").append(lat - 1).append(":0] vd;\n");
        v.append("reg [TW-1:0] td [0:").append(lat - 1).append("];\n");
        v.append("integer i;\n");
        v.append("always @(posedge clk) begin\n    vd <= {vd[").append(Math.max(0, lat - 2)).append(":0], in_v};\n");
        v.append("    td[0] <= tag_i;\n    for (i = 1; i < ").append(lat).append("; i = i + 1) td[i] <= td[i-1];\nend\n");
        v.append("assign out_v = vd[").append(lat - 1).append("];\nassign tag_o = td[").append(lat - 1).append("];\n");
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
        // stages 2-3: tiles (product and output registers), LUT terms, the constant
        v.append("// stages 2-3: multiplier tiles (product, output registers), shift-and-add terms in LUTs\n");
        List<String> terms = new ArrayList<>();
        List<String> carries = new ArrayList<>();
        int t = 0;
        for (Tile tile : tiles()) {
            if (inLuts(tile)) {
                boolean bSmall = tile.cb().width() <= LUT_CHUNK;
                String big = bSmall ? tile.a() : tile.b();
                Chunk cbig = bSmall ? tile.ca() : tile.cb();
                String small = bSmall ? tile.b() : tile.a();
                Chunk csmall = bSmall ? tile.cb() : tile.ca();
                String bigExt = e.chunkWire(big, cbig);
                int bigW = cbig.width() + (cbig.signed() ? 0 : 1);
                for (int bit = 0; bit < csmall.width(); bit++) {
                    String term = "lt" + t++;
                    boolean neg = csmall.signed() && bit == csmall.width() - 1;
                    int shift = tile.shift() + bit;
                    String shifted = "(" + e.ext(bigExt, bigW, true) + " <<< " + shift + ")";
                    e.reg(term + "_2", pw, true);
                    v.append("always @(posedge clk) ").append(term).append("_2 <= ").append(small).append("[")
                            .append(csmall.lo() + bit).append("] ? ").append(neg ? "~" : "").append(shifted).append(" : ")
                            .append(pw).append("'sd0;\n");
                    if (neg) {
                        carries.add(small + "[" + (csmall.lo() + bit) + "]");
                    }
                    terms.add(e.delay(term + "_2", pw, true, 1));
                }
            } else {
                String tn = "tl" + t++;
                int aw = tile.ca().width() + (tile.ca().signed() ? 0 : 1);
                int bw = tile.cb().width() + (tile.cb().signed() ? 0 : 1);
                e.reg(tn + "_m", aw + bw, true);
                e.reg(tn + "_p", aw + bw, true);
                v.append("always @(posedge clk) begin ").append(tn).append("_m <= ").append(e.chunk(tile.a(), tile.ca()))
                        .append(" * ").append(e.chunk(tile.b(), tile.cb())).append("; ").append(tn).append("_p <= ").append(tn)
                        .append("_m; end\n");
                String w = tn + "_w";
                v.append("wire signed [").append(pw - 1).append(":0] ").append(w).append(" = ")
                        .append(e.ext(tn + "_p", aw + bw, true)).append(" <<< ").append(tile.shift()).append(";\n");
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
            terms.add(e.delay("cy_2", pw, true, 1));
        }
        if (cw > 0) {
            terms.add(e.delay(e.ext("c1", cw, true), pw, true, 2));
        }
        // the rounding constant 2^(n-1) - 1 and the shift amount, delayed to where they are used
        e.reg("hm2", pw, true);
        // bit i is (i < n - 1): a comparison of n with a constant per bit, no carry chain
        v.append("always @(posedge clk) hm2 <= {");
        for (int i = pw - 1; i >= 0; i--) {
            v.append(i + 1 < 64 ? "(n1 > 6'd" + (i + 1) + ")" : "1'b0").append(i > 0 ? ", " : "");
        }
        v.append("};\n");
        // the tree
        v.append("// adder tree: ").append(levels()).append(" level(s) of two-input adders\n");
        int level = 0;
        while (terms.size() > 1) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i + 1 < terms.size(); i += 2) {
                next.add(e.add("s" + level + "_" + i / 2, terms.get(i), terms.get(i + 1), "1'b0"));
            }
            if (terms.size() % 2 == 1) {
                next.add(e.delay(terms.get(terms.size() - 1), pw, true, addStages(pw)));
            }
            terms = next;
            level++;
        }
        String p = terms.get(0);
        int atP = 3 + levels() * addStages(pw);
        String hm = e.delay("hm2", pw, true, atP - 2);
        String n = e.delay("n1", 6, false, atP - 1);
        // a shift of pw bits or more leaves 0 (|p| < 2^(pw-2)), which 2^(n-1) - 1 in pw bits cannot express
        e.reg("nb2", 1, false);
        v.append("always @(posedge clk) nb2 <= ").append(pw <= 63 ? "(n1 >= 6'd" + pw + ")" : "1'b0").append(";\n");
        String nbig = e.delay("nb2", 1, false, atP - 2 + addStages(pw) + shiftStages() - 1);
        v.append("// rounding: p + 2^(n-1) - [p < 0] (n >= 1)\n");
        e.reg("nz2", 1, false);
        v.append("always @(posedge clk) nz2 <= (n1 != 6'd0);\n");
        String nz = e.delay("nz2", 1, false, atP - 2);
        String r = e.add("rnd", p, hm, "(" + nz + " && !" + p + "[" + (pw - 1) + "])");
        String nr = e.delay(n, 6, false, addStages(pw));
        // shifts, SHIFT_BITS of n per stage
        String cur = r;
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
        int nw = 20;
        v.append("// saturation (beyond ").append(nw).append(" bits the zero point cannot bring it back), zero point, clamp\n");
        e.reg("ovp", 1, false);
        e.reg("ovn", 1, false);
        e.reg("zv", nw + 1, true);
        if (pw >= nw) {
            v.append("always @(posedge clk) begin\n    ovp <= !").append(cur).append("[").append(pw - 1).append("] && (|")
                    .append(cur).append("[").append(pw - 2).append(":").append(nw - 1).append("]);\n");
            v.append("    ovn <= ").append(cur).append("[").append(pw - 1).append("] && !(&").append(cur).append("[")
                    .append(pw - 2).append(":").append(nw - 1).append("]);\n");
            v.append("    zv <= $signed(").append(cur).append("[").append(nw - 1).append(":0]) + zy;\nend\n");
        } else {
            v.append("always @(posedge clk) begin ovp <= 1'b0; ovn <= 1'b0; zv <= ").append(cur).append(" + zy; end\n");
        }
        v.append("always @(posedge clk) y <= ovp ? hi[").append(rw - 1).append(":0] : ovn ? lo[").append(rw - 1)
                .append(":0] : (zv < lo) ? lo[").append(rw - 1).append(":0] : (zv > hi) ? hi[").append(rw - 1).append(":0] : zv[")
                .append(rw - 1).append(":0];\n");
        return head.toString() + e.decl + v + "endmodule\n";
    }

    /** Text helpers of one module: declarations, delays, pieces of operands, adders cut into stages. */
    private static final class Emit {
        final StringBuilder v = new StringBuilder();
        final StringBuilder decl = new StringBuilder();
        final int pw;
        final int adder;
        int delays = 0;

        Emit(int pw, int adder) {
            this.pw = pw;
            this.adder = adder;
        }

        void reg(String name, int width, boolean signed) {
            decl.append("reg ").append(signed ? "signed " : "").append("[").append(width - 1).append(":0] ").append(name)
                    .append(";\n");
        }

        /** A wire holding a chunk of operand {@code x} (see {@link #chunk}); returns its name. */
        String chunkWire(String x, Chunk c) {
            String name = "ck_" + x + "_" + c.lo();
            int w = c.width() + (c.signed() ? 0 : 1);
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

        /**
         * {@code x + y + cin} over pw bits (modulo 2^pw), in pieces of at most {@code adder} bits, one per stage with the
         * carry registered in between; the result is ready ceil(pw / adder) cycles after x, y and cin.
         */
        String add(String name, String x, String y, String cin) {
            int pieces = (pw + adder - 1) / adder;
            if (pieces == 1) {
                reg(name, pw, true);
                v.append("always @(posedge clk) ").append(name).append(" <= ").append(x).append(" + ").append(y)
                        .append(" + ").append(cin).append(";\n");
                return name;
            }
            String xs = x;
            String ys = y;
            String carry = cin;
            List<String> done = new ArrayList<>();
            for (int j = 0; j < pieces; j++) {
                int lo = j * adder;
                int hi = Math.min(pw, lo + adder) - 1;
                int w = hi - lo + 1;
                String part = name + "_p" + j;
                String cy = name + "_c" + j;
                reg(part, w, false);
                reg(cy, 1, false);
                v.append("always @(posedge clk) {").append(cy).append(", ").append(part).append("} <= {1'b0, ").append(xs)
                        .append("[").append(hi).append(":").append(lo).append("]} + {1'b0, ").append(ys).append("[").append(hi)
                        .append(":").append(lo).append("]} + ").append(carry).append(";\n");
                for (int k = 0; k < done.size(); k++) {
                    done.set(k, delay(done.get(k), widthOf(k, pieces), false, 1));
                }
                done.add(part);
                carry = cy;
                if (j + 1 < pieces) {
                    xs = delay(xs, pw, true, 1);
                    ys = delay(ys, pw, true, 1);
                }
            }
            StringBuilder cat = new StringBuilder();
            for (int k = done.size() - 1; k >= 0; k--) {
                cat.append(k < done.size() - 1 ? ", " : "").append(done.get(k));
            }
            v.append("wire signed [").append(pw - 1).append(":0] ").append(name).append(" = {").append(cat).append("};\n");
            return name;
        }

        private int widthOf(int piece, int pieces) {
            int lo = piece * adder;
            return Math.min(pw, lo + adder) - lo;
        }
    }
}
