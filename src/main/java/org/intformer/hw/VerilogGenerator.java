package org.intformer.hw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.intformer.config.Build;
import org.intformer.integer.FixedPoint;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.integer.TensorSpec;

/**
 * Writes a synthesizable Verilog-2005 accelerator for an {@link IntModel}: one module {@code intformer_top}
 * with a shared array of P multiply-accumulate lanes, a shared exact requantizer, a softmax unit and a
 * sequencer that walks a static schedule ({@link Plan}) computed here from the model. Weights, biases,
 * multipliers and the softmax LUT are ROMs initialised with {@code $readmemh} from {@code .mem} files written
 * next to the source. See {@code docs/HARDWARE.md} for the architecture, the port protocol and the cycle formula.
 */
public final class VerilogGenerator {

    public static final String TOP = "intformer_top";
    public static final String SOURCE = "intformer_top.v";

    private VerilogGenerator() {
    }

    /** Generates the design for {@code model} into {@code dir} (created if missing). */
    public static GeneratedDesign generate(IntModel model, HwOptions options, Path dir) {
        return generate(model, options, dir, true);
    }

    /** As {@link #generate(IntModel, HwOptions, Path)}; {@code share} false gives every tensor its own buffer. */
    static GeneratedDesign generate(IntModel model, HwOptions options, Path dir, boolean share) {
        Plan plan = new Plan(model, lanes(model, options), share);
        return new VerilogGenerator.Writer(model, options, plan, dir).write();
    }

    /** The lanes the design for {@code model} gets under {@code options}: the requested ones, or auto. */
    static int lanes(IntModel model, HwOptions options) {
        return options.lanes() > 0 ? options.lanes() : CostModel.autoLanes(model, options);
    }

    static int clog2(long n) {
        int b = 0;
        while ((1L << b) < n) {
            b++;
        }
        return Math.max(1, b);
    }

    static int ubits(long v) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(v));
    }

    static String hex(long v, int bits) {
        int digits = (bits + 3) / 4;
        long masked = bits >= 64 ? v : v & ((1L << bits) - 1);
        String s = Long.toHexString(masked);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    /** The text of one design. */
    static final class Writer {
        final IntModel model;
        final HwOptions options;
        final Plan plan;
        final Path dir;
        final StringBuilder v = new StringBuilder();
        final int p;
        // widths
        final int rw;
        final int aopw;
        final int bopw;
        final int prodw;
        final int accw;
        final int xaw;
        final int maw;
        final int xbw;
        final int mbw;
        final int cbw;
        final int pw;
        final int wb;
        final int bbw;
        final int sw;
        final int cw;
        final int bufw;
        final int stw;
        final int dspLanes;
        final int numw;
        final int sumw;
        final int dvw;
        final int divb;
        final boolean hasMat;
        final boolean hasSmx;
        final boolean hasBank;
        final boolean hasWeights;

        Writer(IntModel model, HwOptions options, Plan plan, Path dir) {
            this.model = model;
            this.options = options;
            this.plan = plan;
            this.dir = dir;
            this.p = plan.lanes;
            int maxBits = 2;
            for (Plan.Buffer b : plan.buffers) {
                maxBits = Math.max(maxBits, b.bits());
            }
            rw = maxBits + 1;
            aopw = plan.laneABits();
            bopw = plan.laneBBits();
            prodw = aopw + bopw;
            accw = plan.accBits();
            xaw = plan.xaBits();
            maw = FixedPoint.signedBits(plan.maxAbsMult());
            xbw = plan.xbBits();
            mbw = plan.mbBits();
            cbw = FixedPoint.signedBits(plan.maxAbsBias());
            pw = Math.min(64, Math.max(Math.max(xaw + maw, xbw + mbw), cbw) + 2);
            wb = plan.weightBits;
            bbw = plan.bankBits();
            long bound = 1;
            long counts = 1;
            for (Plan.Step s : plan.steps) {
                for (String st : Plan.STREAMS) {
                    long b = Math.abs(s.get(st + "BASE"));
                    b += Math.abs(s.get(st + "0")) * s.get("N0") + Math.abs(s.get(st + "1")) * s.get("N1")
                            + Math.abs(s.get(st + "2")) * s.get("N2") + Math.abs(s.get(st + "K")) * s.get("NK");
                    bound = Math.max(bound, b);
                }
                bound = Math.max(bound, s.get("LUTBASE") + s.get("LUTLEN") + (1L << 17));
                for (String n : new String[] {"N0", "N1", "N2", "NK"}) {
                    counts = Math.max(counts, s.get(n) + 3);
                }
            }
            for (Plan.Buffer b : plan.buffers) {
                bound = Math.max(bound, b.depth());
            }
            sw = FixedPoint.signedBits(bound + p + 2);
            cw = ubits(Math.max(counts, p + 1)) + 1;
            bufw = ubits(plan.buffers.size());
            stw = clog2(Math.max(2, plan.steps.size()));
            hasMat = plan.steps.stream().anyMatch(s -> s.kind == Plan.MAT);
            hasSmx = plan.steps.stream().anyMatch(s -> s.kind == Plan.SMX);
            hasBank = plan.bankDepth > 0;
            hasWeights = !plan.weightWords.isEmpty();
            int puDsp = (xaw > 18 ? 2 : 1) * (maw > 25 ? 2 : 1) + (plan.steps.stream().anyMatch(s -> s.get("MB") != 0) ? 2 : 0);
            dspLanes = Math.max(0, Math.min(p, options.dspSlices() - puDsp - (options.target().equals(HwOptions.XC7S15) ? 0 : 0)));
            divb = plan.divBits;
            sumw = Math.max(18, ubits(plan.sumMax) + 1);
            numw = ubits(plan.numMax) + 1;
            dvw = Math.max(Math.max(numw, sumw + 1 + divb) + 1, 19);
        }

        void l(String s) {
            v.append(s).append('\n');
        }

        GeneratedDesign write() {
            try {
                Files.createDirectories(dir);
                List<Path> mems = new ArrayList<>();
                mems.add(mem("weights.mem", weightLines()));
                mems.add(mem("bias.mem", longLines(plan.bias, cbw)));
                List<String> ml = new ArrayList<>();
                for (long[] e : plan.mult) {
                    ml.add(hex((e[1] << maw) | (e[0] & ((1L << maw) - 1)), maw + 6));
                }
                mems.add(mem("mult.mem", ml));
                List<String> lut = new ArrayList<>();
                for (int x : plan.lut) {
                    lut.add(hex(x, 17));
                }
                if (lut.isEmpty()) {
                    lut.add(hex(0, 17));
                }
                mems.add(mem("lut.mem", lut));
                emit();
                Path src = dir.resolve(SOURCE);
                Files.writeString(src, v.toString(), StandardCharsets.UTF_8);
                return new GeneratedDesign(dir, TOP, List.of(src), mems, p, plan.cycles(), summary());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            long macs = model.macs();
            m.put("target", options.target());
            m.put("lanes", p);
            m.put("dsp_lanes", Math.min(p, dspLanes));
            m.put("macs", macs);
            m.put("mac_bound_cycles", (macs + p - 1) / p);
            m.put("cycles", plan.cycles());
            m.put("steps", plan.steps.size());
            m.put("buffers", plan.buffers.size());
            long bits = 0;
            for (Plan.Buffer b : plan.buffers) {
                bits += b.sizeBits();
            }
            m.put("activation_bits", bits);
            m.put("weight_rom_bits", (long) plan.weightWords.size() * p * wb);
            m.put("acc_bits", accw);
            m.put("lane_operand_bits", List.of(aopw, bopw));
            Map<String, Long> perStep = new LinkedHashMap<>();
            for (int i = 0; i < plan.steps.size(); i++) {
                Plan.Step s = plan.steps.get(i);
                perStep.merge(s.op, plan.stepCycles(s), Long::sum);
            }
            m.put("cycles_per_op", perStep);
            return m;
        }

        Path mem(String name, List<String> lines) throws IOException {
            Path f = dir.resolve(name);
            Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
            return f;
        }

        List<String> weightLines() {
            List<String> out = new ArrayList<>();
            for (int[] word : plan.weightWords) {
                StringBuilder bits = new StringBuilder();
                // lane P-1 first (most significant)
                java.math.BigInteger w = java.math.BigInteger.ZERO;
                for (int lane = p - 1; lane >= 0; lane--) {
                    w = w.shiftLeft(wb).or(java.math.BigInteger.valueOf(word[lane] & ((1L << wb) - 1)));
                }
                String h = w.toString(16);
                int digits = (p * wb + 3) / 4;
                bits.append("0".repeat(Math.max(0, digits - h.length()))).append(h);
                out.add(bits.toString());
            }
            if (out.isEmpty()) {
                out.add(hex(0, p * wb));
            }
            return out;
        }

        static List<String> longLines(List<Long> values, int bits) {
            List<String> out = new ArrayList<>();
            for (long x : values) {
                out.add(hex(x, bits));
            }
            return out;
        }

        // ------------------------------------------------------------ emit

        void emit() {
            header();
            ports();
            localparams();
            sequencer();
            descriptor();
            walker();
            buffers();
            roms();
            macArray();
            requantizer();
            softmax();
            writePort();
            l("endmodule");
        }

        void header() {
            Plan.Buffer in = plan.inputBuffer();
            Plan.Loc out = plan.outputLoc();
            l("// " + SOURCE + ": integer Transformer accelerator generated by intformer " + Build.VERSION + " (org.intformer.hw)");
            l("// Do not edit: regenerate with VerilogGenerator. Verilog-2005, synthesizable.");
            l("// model: input '" + model.input() + "' " + model.inputSpec().shape() + ", output '" + model.output() + "' "
                    + model.outputSpec().shape() + ", " + model.ops().size() + " ops, " + model.macs() + " MACs per inference");
            for (Map.Entry<String, Object> e : model.metadata().entrySet()) {
                String val = String.valueOf(e.getValue()).replace('\n', ' ');
                if (val.length() > 160) {
                    val = val.substring(0, 157) + "...";
                }
                l("//   metadata " + e.getKey() + " = " + val);
            }
            l("// options: target " + options.target() + ", lanes " + p + " (" + Math.min(p, dspLanes) + " as DSP multipliers, the rest LUT)"
                    + (options.lanes() <= 0 ? " [auto]" : ""));
            l("// schedule: " + plan.steps.size() + " steps, " + plan.cycles() + " cycles per inference (MACs / lanes = "
                    + (model.macs() + p - 1) / p + ")");
            l("// ports: write the window with in_we/in_addr/in_data (one integer per address, row-major, while idle),");
            l("//   pulse start, wait for the one-cycle done pulse, then read out_data one cycle after presenting out_addr.");
            l("// ROM images ($readmemh, relative paths): weights.mem, bias.mem, mult.mem, lut.mem");
            l("// input buffer " + in.id() + " (" + in.depth() + " x " + in.bits() + " bits), output buffer " + out.buf().id()
                    + " at offset " + out.offset());
            l("`timescale 1ns/1ps");
        }

        void ports() {
            TensorSpec in = model.inputSpec();
            TensorSpec out = model.outputSpec();
            l("module " + TOP + " (");
            l("    input  wire clk,");
            l("    input  wire rst,            // synchronous, active high");
            l("    input  wire start,          // one-cycle pulse while idle");
            l("    output reg  busy,");
            l("    output reg  done,           // one-cycle pulse: the forecast is ready");
            l("    input  wire in_we,");
            l("    input  wire [" + (clog2(in.size()) - 1) + ":0] in_addr,");
            l("    input  wire [" + (in.bits() - 1) + ":0] in_data,   // two's complement, " + in.rangeText());
            l("    input  wire [" + (clog2(out.size()) - 1) + ":0] out_addr,");
            l("    output wire [" + (out.bits() - 1) + ":0] out_data  // registered: valid one cycle after out_addr, " + out.rangeText());
            l(");");
        }

        void localparams() {
            l("");
            l("// ---------------------------------------------------------------- widths");
            lp("P", p, "MAC lanes");
            lp("NSTEPS", plan.steps.size(), "sequencer steps");
            lp("RW", rw, "activation read width (widest buffer + 1, signed)");
            lp("AOPW", aopw, "lane operand A: |A - z_A| of every MAC step");
            lp("BOPW", bopw, "lane operand B: weight or lane-bank value");
            lp("PRODW", prodw, "lane product");
            lp("ACCW", accw, "lane accumulator (bounds every partial sum, bias excluded)");
            lp("XAW", xaw, "requantizer input A");
            lp("MAW", maw, "requantizer multiplier");
            lp("XBW", xbw, "requantizer input B (Add, RelativeInput, AddBack)");
            lp("MBW", mbw, "its multiplier");
            lp("CBW", cbw, "bias / offset ROM");
            lp("PW", pw, "pre-shift sum");
            lp("WB", wb, "weight bits");
            lp("BBW", bbw, "lane-bank value bits");
            lp("SW", sw, "address streams (signed)");
            lp("CW", cw, "loop counters");
            lp("NUMW", numw, "softmax numerator");
            lp("SUMW", sumw, "softmax sum");
            lp("DVW", dvw, "divider remainder");
            lp("DIVB", divb, "quotient bits (widest probability)");
            l("localparam [1:0] K_MAT = 2'd0, K_EW = 2'd1, K_SMX = 2'd2, K_COPY = 2'd3;");
        }

        void lp(String name, long value, String comment) {
            l("localparam " + name + " = " + value + ";" + " ".repeat(Math.max(1, 10 - name.length() - Long.toString(value).length()))
                    + "// " + comment);
        }

        void sequencer() {
            l("");
            l("// ---------------------------------------------------------------- sequencer");
            l("localparam [1:0] S_IDLE = 2'd0, S_LOAD = 2'd1, S_RUN = 2'd2, S_DONE = 2'd3;");
            l("reg [1:0] state;");
            l("reg [" + (stw - 1) + ":0] step;");
            l("wire step_done;");
            l("wire load = (state == S_LOAD);");
            l("wire run  = (state == S_RUN);");
            l("wire host = (state == S_IDLE);");
            l("always @(posedge clk) begin");
            l("    if (rst) begin");
            l("        state <= S_IDLE; busy <= 1'b0; done <= 1'b0; step <= 0;");
            l("    end else begin");
            l("        done <= 1'b0;");
            l("        case (state)");
            l("        S_IDLE: if (start) begin busy <= 1'b1; step <= 0; state <= (NSTEPS == 0) ? S_DONE : S_LOAD; end");
            l("        S_LOAD: state <= S_RUN;");
            l("        S_RUN: if (step_done) begin");
            l("            if (step == NSTEPS - 1) state <= S_DONE;");
            l("            else begin step <= step + 1'b1; state <= S_LOAD; end");
            l("        end");
            l("        default: begin done <= 1'b1; busy <= 1'b0; state <= S_IDLE; end");
            l("        endcase");
            l("    end");
            l("end");
        }

        /** Descriptor fields: name, width, signed. */
        List<Object[]> fields() {
            List<Object[]> f = new ArrayList<>();
            f.add(new Object[] {"KIND", 2, false});
            f.add(new Object[] {"FLAGS", 3, false});
            f.add(new Object[] {"BUFA", bufw, false});
            f.add(new Object[] {"BUFB", bufw, false});
            f.add(new Object[] {"BUFY", bufw, false});
            for (String z : new String[] {"ZA", "ZB", "ZY", "LO", "HI"}) {
                f.add(new Object[] {z, 18, true});
            }
            f.add(new Object[] {"MB", mbw, true});
            for (String n : new String[] {"N0", "N1", "N2", "NK"}) {
                f.add(new Object[] {n, cw, false});
            }
            for (String s : Plan.STREAMS) {
                f.add(new Object[] {s + "BASE", sw, true});
                for (String lv : Plan.LEVELS) {
                    f.add(new Object[] {s + lv, sw, true});
                }
            }
            f.add(new Object[] {"CL", 1, false});
            f.add(new Object[] {"ML", 1, false});
            f.add(new Object[] {"LUTBASE", sw, true});
            f.add(new Object[] {"LUTLEN", sw, true});
            f.add(new Object[] {"BPS", 5, false});
            return f;
        }

        void descriptor() {
            l("");
            l("// ---------------------------------------------------------------- step descriptors (the static schedule)");
            l("// c_* is the descriptor of the current step (a constant table), d_* its copy registered at S_LOAD.");
            for (Object[] f : fields()) {
                String decl = ((boolean) f[2] ? "reg signed [" : "reg [") + ((int) f[1] - 1) + ":0] ";
                l(decl + "c_" + f[0] + ", d_" + f[0] + ";");
            }
            l("always @(*) begin");
            for (Object[] f : fields()) {
                l("    c_" + f[0] + " = 0;");
            }
            l("    case (step)");
            for (int i = 0; i < plan.steps.size(); i++) {
                Plan.Step s = plan.steps.get(i);
                l("    // step " + i + ": " + Plan.KIND_NAMES[s.kind] + " - " + s.comment);
                StringBuilder line = new StringBuilder("    " + i + ": begin c_KIND = K_" + Plan.KIND_NAMES[s.kind] + ";");
                for (Object[] f : fields()) {
                    String name = (String) f[0];
                    if (name.equals("KIND")) {
                        continue;
                    }
                    long val = s.get(name);
                    if (val != 0) {
                        line.append(" c_").append(name).append(" = ").append(lit((int) f[1], (boolean) f[2], val)).append(';');
                    }
                }
                line.append(" end");
                l(line.toString());
            }
            l("    default: ;");
            l("    endcase");
            l("end");
            l("always @(posedge clk) if (load) begin");
            StringBuilder line = new StringBuilder("   ");
            for (Object[] f : fields()) {
                line.append(" d_").append(f[0]).append(" <= c_").append(f[0]).append(';');
                if (line.length() > 100) {
                    l(line.toString());
                    line = new StringBuilder("   ");
                }
            }
            l(line.toString());
            l("end");
        }

        static String lit(int width, boolean signed, long val) {
            if (val < 0) {
                return "-" + width + "'sd" + (-val);
            }
            return width + (signed ? "'sd" : "'d") + val;
        }

        void walker() {
            l("");
            l("// ---------------------------------------------------------------- address walker");
            l("// Four nested loops (i0, i1, i2, k) with per-level strides for six address streams; one issue per cycle.");
            l("// MAC steps pause between lane blocks while the previous block still drains (w_wait).");
            l("reg w_active;");
            l("reg [CW-1:0] w_i0, w_i1, w_i2, w_k, w_wait;");
            for (String s : Plan.STREAMS) {
                l("reg signed [SW-1:0] " + s + "_l0, " + s + "_l1, " + s + "_l2, " + s + "_cur;");
            }
            l("wire w_stall = (d_KIND == K_MAT) && (w_wait != 0);");
            l("wire w_fire  = run && w_active && !w_stall;");
            l("wire w_lastk = (w_k + 1'b1 == d_NK);");
            l("wire w_last2 = (w_i2 + 1'b1 == d_N2);");
            l("wire w_last1 = (w_i1 + 1'b1 == d_N1);");
            l("wire w_last0 = (w_i0 + 1'b1 == d_N0);");
            l("wire signed [SW-1:0] nv_now = (L_cur > P) ? P : L_cur;   // valid lanes of this block");
            l("always @(posedge clk) begin");
            l("    if (rst) begin");
            l("        w_active <= 1'b0;");
            l("    end else if (load) begin");
            l("        w_active <= (c_KIND != K_SMX);");
            l("        w_i0 <= 0; w_i1 <= 0; w_i2 <= 0; w_k <= 0; w_wait <= 0;");
            for (String s : Plan.STREAMS) {
                l("        " + s + "_l0 <= c_" + s + "BASE; " + s + "_l1 <= c_" + s + "BASE; " + s + "_l2 <= c_" + s + "BASE; "
                        + s + "_cur <= c_" + s + "BASE;");
            }
            l("    end else if (run && w_active) begin");
            l("        if (w_stall) begin");
            l("            w_wait <= w_wait - 1'b1;");
            l("        end else if (!w_lastk) begin");
            l("            w_k <= w_k + 1'b1;");
            for (String s : Plan.STREAMS) {
                l("            " + s + "_cur <= " + s + "_cur + d_" + s + "K;");
            }
            l("        end else begin");
            l("            w_k <= 0;");
            l("            w_wait <= (d_KIND == K_MAT && nv_now > d_NK) ? nv_now - d_NK : 0;");
            l("            if (!w_last2) begin");
            l("                w_i2 <= w_i2 + 1'b1;");
            for (String s : Plan.STREAMS) {
                l("                " + s + "_l2 <= " + s + "_l2 + d_" + s + "2; " + s + "_cur <= " + s + "_l2 + d_" + s + "2;");
            }
            l("            end else if (!w_last1) begin");
            l("                w_i2 <= 0; w_i1 <= w_i1 + 1'b1;");
            for (String s : Plan.STREAMS) {
                l("                " + s + "_l1 <= " + s + "_l1 + d_" + s + "1; " + s + "_l2 <= " + s + "_l1 + d_" + s + "1; "
                        + s + "_cur <= " + s + "_l1 + d_" + s + "1;");
            }
            l("            end else if (!w_last0) begin");
            l("                w_i2 <= 0; w_i1 <= 0; w_i0 <= w_i0 + 1'b1;");
            for (String s : Plan.STREAMS) {
                l("                " + s + "_l0 <= " + s + "_l0 + d_" + s + "0; " + s + "_l1 <= " + s + "_l0 + d_" + s + "0; "
                        + s + "_l2 <= " + s + "_l0 + d_" + s + "0; " + s + "_cur <= " + s + "_l0 + d_" + s + "0;");
            }
            l("            end else begin");
            l("                w_active <= 1'b0;");
            l("            end");
            l("        end");
            l("    end");
            l("end");
            l("// issue stage: what was issued last cycle (its memory data is valid now)");
            l("reg signed [SW-1:0] dr_c, dr_m;   // drain's bias and multiplier ROM indices");
            l("reg i_v, i_first, i_last;");
            l("reg signed [SW-1:0] i_y, i_c, i_m, i_l, i_b;");
            l("always @(posedge clk) begin");
            l("    i_v <= w_fire; i_first <= (w_k == 0); i_last <= w_lastk;");
            l("    i_y <= Y_cur; i_c <= C_cur; i_m <= M_cur; i_l <= L_cur; i_b <= B_cur;");
            l("end");
        }

        void buffers() {
            l("");
            l("// ---------------------------------------------------------------- activation buffers");
            l("// Synchronous-read RAMs shared by tensors whose lifetimes do not overlap (Reshape and LastToken are aliases). Port A and B read addresses");
            l("// come from the walker (or the softmax unit); the single write port from the requantizer or the softmax.");
            Plan.Buffer inBuf = plan.inputBuffer();
            Plan.Loc outLoc = plan.outputLoc();
            l("wire signed [SW-1:0] a_addr;");
            l("wire signed [SW-1:0] b_addr = B_cur;");
            l("reg wr_en;");
            l("reg [" + (bufw - 1) + ":0] wr_buf;");
            l("reg signed [SW-1:0] wr_addr;");
            l("reg signed [RW-1:0] wr_data;");
            int outAw = clog2(model.outputSpec().size());
            l("wire [SW-1:0] host_ra = {{(SW-" + outAw + "){1'b0}}, out_addr} + " + outLoc.offset() + ";");
            // iCE40: the largest buffers that the host never touches go to the four single-port SPRAMs (a buffer is
            // never read and written in the same cycle: a step's input and output tensors live in different buffers)
            java.util.Set<Plan.Buffer> huge = new java.util.HashSet<>();
            if (options.target().equals(HwOptions.ICE40UP5K)) {
                plan.buffers.stream().filter(b -> b != inBuf && b != outLoc.buf() && b.sizeBits() >= 256)
                        .sorted(java.util.Comparator.comparingLong(Plan.Buffer::sizeBits).reversed()).limit(4).forEach(huge::add);
            }
            for (Plan.Buffer b : plan.buffers) {
                int aw = clog2(b.depth());
                String n = "buf" + b.id();
                if (huge.contains(b)) {
                    l("// buffer " + b.id() + ": " + b.tensors() + ", " + b.bits() + " bits, " + b.depth() + " words (SPRAM, single port)");
                    l("(* ram_style = \"huge\" *) reg [" + (b.bits() - 1) + ":0] " + n + " [0:" + (b.depth() - 1) + "];");
                    l("reg [" + (b.bits() - 1) + ":0] " + n + "_q;");
                    l("wire " + n + "_we = wr_en && wr_buf == " + b.id() + ";");
                    l("wire [" + (aw - 1) + ":0] " + n + "_ra = " + n + "_we ? wr_addr[" + (aw - 1) + ":0] : (d_BUFA == " + b.id()
                            + ") ? a_addr[" + (aw - 1) + ":0] : b_addr[" + (aw - 1) + ":0];");
                    l("always @(posedge clk) begin");
                    l("    if (" + n + "_we) " + n + "[" + n + "_ra] <= wr_data[" + (b.bits() - 1) + ":0];");
                    l("    else " + n + "_q <= " + n + "[" + n + "_ra];");
                    l("end");
                    String ext = b.signed() ? "{{(RW-" + b.bits() + "){" + n + "_q[" + (b.bits() - 1) + "]}}, " + n + "_q}"
                            : "{{(RW-" + b.bits() + "){1'b0}}, " + n + "_q}";
                    l("wire signed [RW-1:0] " + n + "_x = " + ext + ";");
                    continue;
                }
                String style = b.sizeBits() >= options.blockRamBits() ? "block" : "distributed";
                TensorSpec t = model.tensor(b.tensor());
                l("// buffer " + b.id() + ": " + b.tensors() + " (first " + t.shape() + ") " + (b.signed() ? "s" : "u") + b.bits() + ", "
                        + b.depth() + " words (" + style + ")");
                // iCE40 has no LUT RAM: small buffers carry no attribute and yosys picks EBR or logic
                String attr = style.equals("block") || options.target().equals(HwOptions.XC7S15)
                        ? "(* ram_style = \"" + style + "\" *) " : "";
                l(attr + "reg [" + (b.bits() - 1) + ":0] " + n + " [0:" + (b.depth() - 1) + "];");
                l("reg [" + (b.bits() - 1) + ":0] " + n + "_q;");
                String hostRead = b == outLoc.buf() ? "host ? host_ra[" + (aw - 1) + ":0] : " : "";
                l("wire [" + (aw - 1) + ":0] " + n + "_ra = " + hostRead + "(d_BUFA == " + b.id() + ") ? a_addr[" + (aw - 1)
                        + ":0] : b_addr[" + (aw - 1) + ":0];");
                l("always @(posedge clk) begin");
                if (b == inBuf) {
                    l("    if (host && in_we) " + n + "[in_addr] <= in_data;");
                } else {
                    l("    if (wr_en && wr_buf == " + b.id() + ") " + n + "[wr_addr[" + (aw - 1) + ":0]] <= wr_data[" + (b.bits() - 1) + ":0];");
                }
                l("    " + n + "_q <= " + n + "[" + n + "_ra];");
                l("end");
                String ext = b.signed() ? "{{(RW-" + b.bits() + "){" + n + "_q[" + (b.bits() - 1) + "]}}, " + n + "_q}"
                        : "{{(RW-" + b.bits() + "){1'b0}}, " + n + "_q}";
                l("wire signed [RW-1:0] " + n + "_x = " + ext + ";");
            }
            l("reg signed [RW-1:0] rdA, rdB;");
            l("always @(*) begin");
            l("    case (d_BUFA)");
            for (Plan.Buffer b : plan.buffers) {
                l("    " + b.id() + ": rdA = buf" + b.id() + "_x;");
            }
            l("    default: rdA = 0;");
            l("    endcase");
            l("    case (d_BUFB)");
            for (Plan.Buffer b : plan.buffers) {
                l("    " + b.id() + ": rdB = buf" + b.id() + "_x;");
            }
            l("    default: rdB = 0;");
            l("    endcase");
            l("end");
            l("assign out_data = buf" + outLoc.buf().id() + "_q;");
        }

        void roms() {
            l("");
            l("// ---------------------------------------------------------------- ROMs");
            int wd = Math.max(1, plan.weightWords.size());
            l("// weights: " + wd + " words of P x WB bits, lane l in bits [l*WB +: WB]");
            l("(* rom_style = \"block\" *) reg [P*WB-1:0] wrom [0:" + (wd - 1) + "];");
            l("initial $readmemh(\"weights.mem\", wrom);");
            l("reg [P*WB-1:0] wrom_q;");
            l("always @(posedge clk) wrom_q <= wrom[B_cur[" + (clog2(wd) - 1) + ":0]];");
            int bd = plan.bias.size();
            l("// biases and ChannelAffine offsets (entry 0 is 0)");
            l("reg [CBW-1:0] brom [0:" + (bd - 1) + "];");
            l("initial $readmemh(\"bias.mem\", brom);");
            l("reg signed [CBW-1:0] bias_q;");
            l("wire signed [SW-1:0] bias_ra = (d_KIND == K_MAT) ? dr_c : C_cur;");
            l("always @(posedge clk) bias_q <= brom[bias_ra[" + (clog2(bd) - 1) + ":0]];");
            int md = plan.mult.size();
            l("// requantization multipliers {n[5:0], m[MAW-1:0]} (entry 0 is m = 1, n = 0)");
            l("reg [MAW+5:0] mrom [0:" + (md - 1) + "];");
            l("initial $readmemh(\"mult.mem\", mrom);");
            l("reg [MAW+5:0] mult_q;");
            l("wire signed [SW-1:0] mult_ra = (d_KIND == K_MAT) ? dr_m : M_cur;");
            l("always @(posedge clk) mult_q <= mrom[mult_ra[" + (clog2(md) - 1) + ":0]];");
            l("wire signed [MAW-1:0] mult_m = mult_q[MAW-1:0];");
            l("wire [5:0] mult_n = mult_q[MAW+5:MAW];");
        }

        void macArray() {
            l("");
            l("// ---------------------------------------------------------------- MAC lanes");
            l("// Lane l multiplies the broadcast operand (A - z_A) by its own operand B (weight ROM lane or lane bank)");
            l("// and accumulates; at the end of a block the sums move to hold_* and drain one per cycle into the");
            l("// requantizer while the next block accumulates.");
            l("function signed [PRODW-1:0] lut_mul;   // shift-and-add multiplier kept out of DSP slices");
            l("    input signed [AOPW-1:0] a;");
            l("    input signed [BOPW-1:0] b;");
            l("    integer i;");
            l("    reg signed [PRODW-1:0] ax, s;");
            l("    begin");
            l("        ax = a; s = 0;");
            l("        for (i = 0; i < BOPW - 1; i = i + 1) if (b[i]) s = s + (ax <<< i);");
            l("        if (b[BOPW-1]) s = s - (ax <<< (BOPW - 1));");
            l("        lut_mul = s;");
            l("    end");
            l("endfunction");
            l("wire signed [AOPW-1:0] lane_a = rdA - d_ZA;");
            l("wire bank_sel = d_FLAGS[0];");
            l("// pipeline flags: m_* = product stage");
            l("reg m_v, m_first, m_last;");
            l("reg signed [SW-1:0] m_y, m_c, m_m, m_l;");
            l("always @(posedge clk) begin");
            l("    m_v <= i_v && (d_KIND == K_MAT); m_first <= i_first; m_last <= i_last;");
            l("    m_y <= i_y; m_c <= i_c; m_m <= i_m; m_l <= (i_l > P) ? P : i_l;");
            l("end");
            l("wire m_load = m_v && m_last;");
            l("reg [CW-1:0] dr_cnt;");
            l("reg signed [SW-1:0] dr_y;");
            StringBuilder holds = new StringBuilder("reg signed [ACCW-1:0]");
            for (int lane = 0; lane < p; lane++) {
                holds.append(lane == 0 ? " " : ", ").append("hold_").append(lane);
            }
            l(holds + ";");
            l("wire dr_go = (dr_cnt != 0);");
            l("wire dr_shift = dr_go && !m_load;");
            l("// lane bank: lane-parallel copies of attention keys (transposed) and values, written by COPY steps");
            int bd = Math.max(1, plan.bankDepth);
            int baw = clog2(bd);
            l("wire bank_we = i_v && (d_KIND == K_COPY);");
            l("wire signed [BBW-1:0] bank_wd = rdA - d_ZA;");
            for (int lane = 0; lane < p; lane++) {
                String s = "_" + lane;
                l("// lane " + lane + (lane < dspLanes ? " (DSP multiplier)" : " (LUT multiplier)"));
                if (hasBank) {
                    l("reg signed [BBW-1:0] bank" + s + " [0:" + (bd - 1) + "];");
                    l("reg signed [BBW-1:0] bank_q" + s + ";");
                    l("always @(posedge clk) begin");
                    l("    if (bank_we && i_l == " + lane + ") bank" + s + "[i_b[" + (baw - 1) + ":0]] <= bank_wd;");
                    l("    bank_q" + s + " <= bank" + s + "[B_cur[" + (baw - 1) + ":0]];");
                    l("end");
                } else {
                    l("wire signed [BBW-1:0] bank_q" + s + " = 0;");
                }
                l("wire signed [WB-1:0] w" + s + " = wrom_q[" + lane + "*WB +: WB];");
                l("wire signed [BOPW-1:0] lane_b" + s + " = bank_sel ? bank_q" + s + " : w" + s + ";");
                l("reg signed [PRODW-1:0] prod" + s + ";");
                l("reg signed [ACCW-1:0] acc" + s + ";");
                String mul = lane < dspLanes ? "lane_a * lane_b" + s : "lut_mul(lane_a, lane_b" + s + ")";
                l("always @(posedge clk) begin");
                l("    prod" + s + " <= " + mul + ";");
                l("    if (m_v && !m_last) acc" + s + " <= (m_first ? 0 : acc" + s + ") + prod" + s + ";");
                String next = lane + 1 < p ? "hold_" + (lane + 1) : "0";
                l("    if (m_load) hold" + s + " <= (m_first ? 0 : acc" + s + ") + prod" + s + ";");
                l("    else if (dr_shift) hold" + s + " <= " + next + ";");
                l("end");
            }
            l("// drain: one block's sums, lane 0 first, into the requantizer");
            l("reg dq_v;");
            l("reg signed [ACCW-1:0] dq_val;");
            l("reg signed [SW-1:0] dq_y;");
            l("always @(posedge clk) begin");
            l("    if (rst) begin");
            l("        dr_cnt <= 0; dq_v <= 1'b0;");
            l("    end else begin");
            l("        dq_v <= dr_go; dq_val <= hold_0; dq_y <= dr_y;");
            l("        if (m_load) begin");
            l("            dr_cnt <= m_l[CW-1:0]; dr_y <= m_y; dr_c <= m_c; dr_m <= m_m;");
            l("        end else if (dr_go) begin");
            l("            dr_cnt <= dr_cnt - 1'b1; dr_y <= dr_y + 1; dr_c <= dr_c + d_CL; dr_m <= dr_m + d_ML;");
            l("        end");
            l("    end");
            l("end");
        }

        void requantizer() {
            l("");
            l("// ---------------------------------------------------------------- requantizer (shared, exact)");
            l("// y = clamp(z_y + roundShift(xa*ma + xb*mb + c, n), lo, hi), round half away from zero, 64-bit exact.");
            l("// Linear/attention: xa = acc + bias, ma = M0, n; Add: (A-za)*Ma + (B-zb)*Mb, n = k;");
            l("// ChannelAffine: (X-zx)*A[c] + Bc[c], n = k; MeanTokens: sum_t (X-zx), M0, n.");
            l("wire signed [XAW-1:0] ew_a = rdA - d_ZA;");
            l("wire signed [XBW-1:0] ew_b = (d_FLAGS[2] ? rdA : rdB) - d_ZB;");
            l("reg signed [XAW-1:0] racc;     // MeanTokens running sum");
            l("reg p0_v, p1_v, p2_v, p3_v;");
            l("reg signed [XAW-1:0] p0_xa;");
            l("reg signed [MAW-1:0] p0_ma;");
            l("reg signed [XBW-1:0] p0_xb;");
            l("reg signed [MBW-1:0] p0_mb;");
            l("reg signed [CBW-1:0] p0_c;");
            l("reg [5:0] p0_n, p1_n, p2_n;");
            l("reg signed [SW-1:0] p0_y, p1_y, p2_y, p3_y;");
            l("reg signed [PW-1:0] p1_pa, p1_pb, p2_s;");
            l("reg signed [CBW-1:0] p1_c;");
            l("reg signed [63:0] p3_r;");
            l("always @(posedge clk) begin");
            l("    if (d_KIND == K_MAT) begin");
            l("        p0_v <= dq_v; p0_xa <= dq_val + bias_q; p0_ma <= mult_m; p0_xb <= 0; p0_mb <= 0; p0_c <= 0;");
            l("        p0_n <= mult_n; p0_y <= dq_y;");
            l("    end else if (d_FLAGS[1]) begin");
            l("        if (i_v) racc <= (i_first ? 0 : racc) + ew_a;");
            l("        p0_v <= i_v && i_last && (d_KIND == K_EW); p0_xa <= (i_first ? 0 : racc) + ew_a; p0_ma <= mult_m;");
            l("        p0_xb <= 0; p0_mb <= 0; p0_c <= 0; p0_n <= mult_n; p0_y <= i_y;");
            l("    end else begin");
            l("        p0_v <= i_v && (d_KIND == K_EW); p0_xa <= ew_a; p0_ma <= mult_m; p0_xb <= ew_b; p0_mb <= d_MB;");
            l("        p0_c <= bias_q; p0_n <= mult_n; p0_y <= i_y;");
            l("    end");
            l("    if (rst) p0_v <= 1'b0;");
            l("    p1_v <= p0_v; p1_pa <= p0_xa * p0_ma; p1_pb <= p0_xb * p0_mb; p1_c <= p0_c; p1_n <= p0_n; p1_y <= p0_y;");
            l("    p2_v <= p1_v; p2_s <= p1_pa + p1_pb + p1_c; p2_n <= p1_n; p2_y <= p1_y;");
            l("    p3_v <= p2_v; p3_r <= rs_sum >>> p2_n; p3_y <= p2_y;");
            l("end");
            l("wire signed [63:0] rs_in = p2_s;");
            l("wire signed [63:0] rs_half = (p2_n == 6'd0) ? 64'sd0 : (64'sd1 <<< (p2_n - 6'd1));");
            l("// sign(p)*((|p| + h) >> n) == (p + h - [p < 0]) >>> n for n >= 1");
            l("wire signed [63:0] rs_sum = rs_in + rs_half - ((p2_n != 6'd0 && rs_in[63]) ? 64'sd1 : 64'sd0);");
            l("wire signed [64:0] rq_v = p3_r + d_ZY;");
            l("wire signed [RW-1:0] rq_y = (rq_v < d_LO) ? d_LO[RW-1:0] : (rq_v > d_HI) ? d_HI[RW-1:0] : rq_v[RW-1:0];");
        }

        void softmax() {
            l("");
            l("// ---------------------------------------------------------------- softmax");
            l("// Per row: max pass; exp pass (E = LUT[max - x], sum); division pass P = floor((2*E*pMax + sum)/(2*sum))");
            l("// through a DIVB-stage pipelined restoring divider (one element per cycle).");
            int rowW = clog2(plan.maxRow);
            l("reg sm_active;");
            l("reg [1:0] sm_phase;");
            l("reg [CW-1:0] sm_row, sm_t;");
            l("reg signed [SW-1:0] sm_xrow, sm_yrow;");
            l("wire [CW-1:0] sm_plen = (sm_phase == 2'd1) ? d_NK + 2'd2 : d_NK;");
            l("wire sm_issue = run && sm_active && (sm_t < d_NK);");
            l("assign a_addr = (d_KIND == K_SMX) ? sm_xrow + sm_t : A_cur;");
            l("always @(posedge clk) begin");
            l("    if (rst) begin");
            l("        sm_active <= 1'b0;");
            l("    end else if (load) begin");
            l("        sm_active <= (c_KIND == K_SMX); sm_phase <= 0; sm_row <= 0; sm_t <= 0;");
            l("        sm_xrow <= c_ABASE; sm_yrow <= c_YBASE;");
            l("    end else if (run && sm_active) begin");
            l("        if (sm_t + 1'b1 < sm_plen) sm_t <= sm_t + 1'b1;");
            l("        else begin");
            l("            sm_t <= 0;");
            l("            if (sm_phase != 2'd2) sm_phase <= sm_phase + 1'b1;");
            l("            else begin");
            l("                sm_phase <= 0; sm_xrow <= sm_xrow + d_NK; sm_yrow <= sm_yrow + d_NK;");
            l("                if (sm_row + 1'b1 == d_N1) sm_active <= 1'b0; else sm_row <= sm_row + 1'b1;");
            l("            end");
            l("        end");
            l("    end");
            l("end");
            l("reg sm_i_v, sm_i_first;");
            l("reg [1:0] sm_i_ph;");
            l("reg [" + (rowW - 1) + ":0] sm_i_j, sm_e_j;");
            l("reg signed [RW-1:0] sm_max;");
            l("reg sm_e_v, sm_e_first, sm_e_zero;");
            // iCE40: the row of exponentials is small; registers keep it out of the scarce EBR
            l((options.target().equals(HwOptions.ICE40UP5K) ? "(* ram_style = \"logic\" *) " : "") + "reg [16:0] e_buf [0:" + (plan.maxRow - 1) + "];");
            l("reg [SUMW-1:0] sm_sum;");
            int ld = Math.max(1, plan.lut.size());
            l("reg [16:0] lrom [0:" + (ld - 1) + "];");
            l("initial $readmemh(\"lut.mem\", lrom);");
            l("reg [16:0] lut_q;");
            l("wire signed [RW:0] sm_d = sm_max - rdA;                 // max - x, in [0, 2^b - 1]");
            l("wire sm_zero = (sm_d >= d_LUTLEN);                       // past the LUT's last nonzero entry");
            l("wire signed [SW-1:0] lut_ra = sm_zero ? d_LUTBASE : d_LUTBASE + sm_d;");
            l("wire [16:0] sm_e = sm_e_zero ? 17'd0 : lut_q;");
            l("always @(posedge clk) begin");
            l("    sm_i_v <= sm_issue; sm_i_first <= (sm_t == 0); sm_i_ph <= sm_phase; sm_i_j <= sm_t[" + (rowW - 1) + ":0];");
            l("    if (sm_i_v && sm_i_ph == 2'd0) sm_max <= (sm_i_first || rdA > sm_max) ? rdA : sm_max;");
            l("    sm_e_v <= sm_i_v && sm_i_ph == 2'd1; sm_e_first <= sm_i_first; sm_e_j <= sm_i_j; sm_e_zero <= sm_zero;");
            l("    lut_q <= lrom[lut_ra[" + (clog2(ld) - 1) + ":0]];");
            l("    if (sm_e_v) begin");
            l("        e_buf[sm_e_j] <= sm_e;");
            l("        sm_sum <= sm_e_first ? sm_e : sm_sum + sm_e;");
            l("    end");
            l("end");
            l("// divider: stage 0 forms N and D, stage i decides quotient bit DIVB-i");
            l("wire [16:0] dv_e = e_buf[sm_t[" + (rowW - 1) + ":0]];");
            l("wire dv_issue = sm_issue && sm_phase == 2'd2;");
            for (int i = 0; i <= divb; i++) {
                l("reg dv_v" + i + ";");
                l("reg [DVW-1:0] dv_r" + i + ", dv_d" + i + ";");
                l("reg [DIVB-1:0] dv_q" + i + ";");
                l("reg signed [SW-1:0] dv_a" + i + ";");
            }
            l("always @(posedge clk) begin");
            l("    dv_v0 <= dv_issue && !rst;");
            l("    dv_r0 <= ({{(DVW-17){1'b0}}, dv_e} << d_BPS) - ({{(DVW-17){1'b0}}, dv_e} << 1) + sm_sum;");
            l("    dv_d0 <= {{(DVW-SUMW){1'b0}}, sm_sum} << 1; dv_q0 <= 0; dv_a0 <= sm_yrow + sm_t;");
            for (int i = 1; i <= divb; i++) {
                int bit = divb - i;
                String c = "(dv_d" + (i - 1) + " << " + bit + ")";
                l("    dv_v" + i + " <= dv_v" + (i - 1) + "; dv_d" + i + " <= dv_d" + (i - 1) + "; dv_a" + i + " <= dv_a" + (i - 1) + ";");
                l("    if (dv_r" + (i - 1) + " >= " + c + ") begin dv_r" + i + " <= dv_r" + (i - 1) + " - " + c + "; dv_q" + i + " <= dv_q"
                        + (i - 1) + " | (1 << " + bit + "); end");
                l("    else begin dv_r" + i + " <= dv_r" + (i - 1) + "; dv_q" + i + " <= dv_q" + (i - 1) + "; end");
            }
            l("end");
            StringBuilder any = new StringBuilder("wire dv_busy = 1'b0");
            for (int i = 0; i <= divb; i++) {
                any.append(" | dv_v").append(i);
            }
            l(any + ";");
            l("wire signed [RW-1:0] dv_y = ({1'b0, dv_q" + divb + "} > d_HI) ? d_HI[RW-1:0] : {{(RW-DIVB){1'b0}}, dv_q" + divb + "};");
        }

        void writePort() {
            l("");
            l("// ---------------------------------------------------------------- write port and step completion");
            l("always @(posedge clk) begin");
            l("    if (rst) begin");
            l("        wr_en <= 1'b0;");
            l("    end else if (d_KIND == K_SMX) begin");
            l("        wr_en <= dv_v" + divb + "; wr_addr <= dv_a" + divb + "; wr_data <= dv_y;");
            l("    end else begin");
            l("        wr_en <= p3_v; wr_addr <= p3_y; wr_data <= rq_y;");
            l("    end");
            l("    wr_buf <= d_BUFY;");
            l("end");
            l("assign step_done = run && !w_active && !sm_active && !i_v && !m_v && !dr_go && !dq_v && !p0_v && !p1_v");
            l("                   && !p2_v && !p3_v && !sm_i_v && !sm_e_v && !dv_busy && !wr_en;");
        }
    }
}
