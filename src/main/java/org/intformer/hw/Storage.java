package org.intformer.hw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;
import org.intformer.integer.IntOp;
import org.intformer.integer.TensorSpec;

/**
 * Where every tensor of a model lives: activation buffers shared by tensors whose lifetimes do not overlap
 * ({@code Reshape} and {@code LastToken} are aliases: a buffer and an offset), and each buffer's placement on
 * the target. Intermediates of a fused chain ({@link Fusion}) are never stored and have no location.
 *
 * @param buffers the buffers, ids 1..n in order
 * @param locs    every tensor's buffer and offset of element 0
 */
public record Storage(List<Buffer> buffers, Map<String, Loc> locs) {

    /**
     * One activation buffer: the storage of one or more tensors. Ids start at 1; 0 is "none". On iCE40 several buffers
     * that no op uses together share one single-port SPRAM ({@code memory} ≥ 0, their words from {@code base}).
     */
    public record Buffer(int id, String tensor, int depth, int bits, boolean signed, List<String> tensors, Placement placement,
                         int memory, int base) {
        public long sizeBits() {
            return (long) depth * bits;
        }
    }

    /** Words of one iCE40 SPRAM (16K × 16). */
    static final int SPRAM_WORDS = 16384;

    /** Where a tensor's integers are: a buffer and the offset of element 0. */
    public record Loc(Buffer buf, int offset) {
    }

    public Storage {
        buffers = List.copyOf(buffers);
        locs = Collections.unmodifiableMap(new LinkedHashMap<>(locs));
    }

    public Loc loc(String tensor) {
        return locs.get(tensor);
    }

    /**
     * Allocates the buffers of {@code model}: per (bits, signedness), a tensor reuses a buffer whose last tensor
     * died before it is born (greedy, best-fitting depth); the input and output tensors keep their own buffers.
     * With {@code share} false every stored tensor gets its own buffer (the debug testbench reads them all).
     */
    static Storage allocate(IntModel model, boolean share, Target target, Fusion fusion) {
        return allocate(model, share, target, fusion, 0);
    }

    /** As {@link #allocate(IntModel, boolean, Target, Fusion)}, leaving the last {@code reservedSprams} SPRAMs to the weights. */
    static Storage allocate(IntModel model, boolean share, Target target, Fusion fusion, int reservedSprams) {
        Map<String, IntOp> producer = new LinkedHashMap<>();
        Map<String, Integer> born = new HashMap<>();
        List<IntOp> ops = model.ops();
        // a fused chain runs as its first op: its inputs live and its output is born at that index
        for (int i = 0; i < ops.size(); i++) {
            for (String out : ops.get(i).outputs()) {
                producer.put(out, ops.get(i));
                born.put(out, fusion.runsAt(i));
            }
        }
        Set<String> unstored = fusion.unstored();
        // root (stored) tensor of every tensor: aliases (Reshape, Slice, LastToken of one group) resolve to their source
        Map<String, String> root = new HashMap<>();
        for (TensorSpec t : model.tensors().values()) {
            String src = aliasOf(producer.get(t.name()), model);
            root.put(t.name(), src == null ? t.name() : root.getOrDefault(src, src));
        }
        // the date features (IR version 2) live in the input buffer after the window: the host writes them all
        Set<String> extras = new HashSet<>(model.extraInputs());
        int hostWords = hostInputWords(model);
        // last op index that reads any alias of a root tensor
        Map<String, Integer> dies = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            for (String in : ops.get(i).inputs()) {
                dies.merge(root.getOrDefault(in, in), fusion.runsAt(i), Math::max);
            }
        }
        String inRoot = root.getOrDefault(model.input(), model.input());
        String outRoot = root.getOrDefault(model.output(), model.output());
        List<int[]> free = new ArrayList<>();          // per physical buffer: {bits, signed, busy until op, depth}
        List<List<String>> members = new ArrayList<>();
        Map<String, Integer> phys = new HashMap<>();
        List<TensorSpec> stored = new ArrayList<>();
        for (TensorSpec t : model.tensors().values()) {
            if (aliasOf(producer.get(t.name()), model) == null && !unstored.contains(t.name()) && !extras.contains(t.name())) {
                stored.add(t);
            }
        }
        stored.sort(Comparator.comparingInt(t -> born.getOrDefault(t.name(), -1)));
        for (TensorSpec t : stored) {
            String n = t.name();
            int b0 = born.getOrDefault(n, -1);
            int b1 = Math.max(b0, dies.getOrDefault(n, b0));
            boolean pinned = !share || n.equals(inRoot) || n.equals(outRoot) || b0 < 0;
            int pick = -1;
            if (!pinned) {
                for (int i = 0; i < free.size(); i++) {
                    int[] f = free.get(i);
                    if (f[0] == t.bits() && f[1] == (t.signed() ? 1 : 0) && f[2] >= 0 && f[2] < b0) {
                        if (pick < 0 || better(free.get(pick)[3], f[3], t.size())) {
                            pick = i;
                        }
                    }
                }
            }
            if (pick < 0) {
                free.add(new int[] {t.bits(), t.signed() ? 1 : 0, pinned ? -1 : b1, n.equals(inRoot) ? hostWords : t.size()});
                members.add(new ArrayList<>());
                pick = free.size() - 1;
            } else {
                int[] f = free.get(pick);
                f[2] = b1;
                f[3] = Math.max(f[3], t.size());
            }
            members.get(pick).add(n);
            phys.put(n, pick);
        }
        for (String e : extras) {
            phys.put(e, phys.get(inRoot));
        }
        // which buffers an op (or fused chain) touches together: they cannot share a single-port memory
        Map<Integer, Set<Integer>> together = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Set<Integer> used = together.computeIfAbsent(fusion.runsAt(i), k -> new HashSet<>());
            for (String t : ops.get(i).inputs()) {
                Integer b = phys.get(root.getOrDefault(t, t));
                if (b != null) {
                    used.add(b);
                }
            }
            for (String t : ops.get(i).outputs()) {
                Integer b = phys.get(root.getOrDefault(t, t));
                if (b != null) {
                    used.add(b);
                }
            }
        }
        // the host writes the input and reads the output at any time while idle: never both in one single-port memory
        together.put(-1, new HashSet<>(List.of(phys.get(inRoot), phys.get(outRoot))));
        int[][] spram = spram(free, together.values(), share ? target : Target.XC7S15, Target.UP5K_SPRAM - reservedSprams);
        List<Buffer> made = new ArrayList<>();
        for (int i = 0; i < free.size(); i++) {
            int[] f = free.get(i);
            long bits = (long) f[0] * f[3];
            Placement place = spram[i][0] >= 0 ? Placement.SPRAM
                    : bits >= target.blockRamBits() ? Placement.BLOCK
                    : target.hasLutRam() ? Placement.LUT_RAM : Placement.TOOL;
            made.add(new Buffer(i + 1, members.get(i).get(0), f[3], f[0], f[1] == 1, List.copyOf(members.get(i)), place, spram[i][0],
                    spram[i][1]));
        }
        Map<String, Loc> locs = new LinkedHashMap<>();
        int extraOffset = model.inputSpec().size();
        for (String e : model.extraInputs()) {
            Buffer b = made.get(phys.get(inRoot));
            locs.put(e, new Loc(b, b.base() + extraOffset));
            extraOffset += model.tensor(e).size();
        }
        for (TensorSpec t : model.tensors().values()) {
            IntOp p = producer.get(t.name());
            String src = aliasOf(p, model);
            if (src != null) {
                Loc x = locs.get(src);
                locs.put(t.name(), new Loc(x.buf(), x.offset() + aliasOffset(p, model)));
            } else if (phys.containsKey(t.name()) && !extras.contains(t.name())) {
                // in a shared SPRAM a buffer's words start at its base: addresses are the memory's own
                Buffer b = made.get(phys.get(t.name()));
                locs.put(t.name(), new Loc(b, b.base()));
            }
        }
        return new Storage(made, locs);
    }

    /**
     * The tensor whose integers {@code op}'s output reads in place (an alias: same buffer, an offset), or null when the
     * output is stored: Reshape, Slice (rows of the leading axis) and LastToken of one group (its last row); a grouped
     * LastToken's rows are not contiguous and are copied.
     */
    static String aliasOf(IntOp op, IntModel model) {
        if (op instanceof IntOp.Reshape r) {
            return r.input();
        }
        if (op instanceof IntOp.Slice s) {
            return s.input();
        }
        if (op instanceof IntOp.LastToken lt && model.tensor(lt.input()).rank() == 2) {
            return lt.input();
        }
        return null;
    }

    /** The offset of an alias's element 0 in its source. */
    private static int aliasOffset(IntOp op, IntModel model) {
        if (op instanceof IntOp.Slice s) {
            TensorSpec x = model.tensor(s.input());
            return s.from() * (x.size() / x.dim(0));
        }
        if (op instanceof IntOp.LastToken lt) {
            TensorSpec x = model.tensor(lt.input());
            return (x.dim(0) - 1) * x.dim(1);
        }
        return 0;
    }

    /**
     * Words the host writes before a run: the window, then each extra input (IR version 2: the date features) in the
     * model's order, all in the input buffer. They share its width, so they must have the window's bits and signedness.
     */
    public static int hostInputWords(IntModel model) {
        TensorSpec in = model.inputSpec();
        int words = in.size();
        for (String e : model.extraInputs()) {
            TensorSpec t = model.tensor(e);
            if (t.bits() != in.bits() || t.signed() != in.signed()) {
                throw new org.intformer.UserError("extra input '" + e + "' has " + t.bits() + " bits, the window " + in.bits()
                        + ": the hardware writes both into one input buffer, so they must have the same width");
            }
            words += t.size();
        }
        return words;
    }

    /**
     * iCE40: buffers packed into the four single-port SPRAMs, largest first, each into the first SPRAM that has room and
     * holds no buffer an op uses together with it (so a step never reads and writes one SPRAM in the same cycle; the
     * host touches the input and output buffers only while idle). Per buffer {SPRAM index or −1, first word}. Without
     * sharing (the debug testbench reads every buffer by name) nothing is packed.
     */
    private static int[][] spram(List<int[]> free, java.util.Collection<Set<Integer>> together, Target target, int sprams) {
        int[][] out = new int[free.size()][];
        for (int i = 0; i < free.size(); i++) {
            out[i] = new int[] {-1, 0};
        }
        if (target != Target.ICE40UP5K) {
            return out;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < free.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> (long) free.get(i)[0] * free.get(i)[3]).reversed());
        List<List<Integer>> mems = new ArrayList<>();
        int[] used = new int[Math.max(0, sprams)];
        for (int i = 0; i < used.length; i++) {
            mems.add(new ArrayList<>());
        }
        for (int b : order) {
            for (int m = 0; m < used.length; m++) {
                boolean clash = false;
                for (int other : mems.get(m)) {
                    for (Set<Integer> t : together) {
                        clash |= t.contains(b) && t.contains(other);
                    }
                }
                if (!clash && used[m] + free.get(b)[3] <= SPRAM_WORDS) {
                    out[b] = new int[] {m, used[m]};
                    used[m] += free.get(b)[3];
                    mems.get(m).add(b);
                    break;
                }
            }
        }
        return out;
    }

    private static boolean better(int oldDepth, int newDepth, int size) {
        boolean oldFits = oldDepth >= size;
        boolean newFits = newDepth >= size;
        if (oldFits != newFits) {
            return newFits;
        }
        return oldFits ? newDepth < oldDepth : newDepth > oldDepth;
    }
}
